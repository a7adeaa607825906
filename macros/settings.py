"""What the engine needs from mkdocs.yml, read in one place: from MkDocs' own config during a build, or
from the file itself for the checker (`make lint`), which runs without MkDocs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CONFIG_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class NavEntry:
    """One page in the nav: its docs path, its label, its section's titles and its line in mkdocs.yml."""

    src: str
    label: str
    sections: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Settings:
    """The project's settings: folders, the site's name and address, the nav and the theme features."""

    root: Path
    site_name: str
    site_url: str  # ends in "/"
    docs_dir: Path
    nav: tuple[NavEntry, ...]
    features: frozenset[str]
    not_in_nav: tuple[str, ...]
    language: str = "en"  # theme.language: the language of this build's pages
    translation_of: Path | None = None  # extra.translation_of: the docs folder a translated build's pages translate
    alternates: tuple[tuple[str, str], ...] = ()  # extra.alternate: (language, site address) of each edition
    config_file: str = CONFIG_FILE  # the config file's name (mkdocs.yml, mkdocs.es.yml)

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def letters_dir(self) -> Path:
        return self.root / "letters"

    @property
    def facts_dir(self) -> Path:
        return self.root / "facts"

    @classmethod
    def from_file(cls, root: Path) -> "Settings":
        """The project at root, read without MkDocs."""
        return cls._read(root, root / CONFIG_FILE)

    @classmethod
    def from_config_file(cls, root: Path, path: Path) -> "Settings":
        """The project at root, read from another config file (mkdocs.es.yml)."""
        return cls._read(root, path)

    @classmethod
    def _read(cls, root: Path, path: Path) -> "Settings":
        """Read the config file as data (its !!python tags, if any, are read as plain values), with the
        file it inherits from (INHERIT, as MkDocs merges it: the child's values win, mappings merge)."""
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_Plain) or {}
        if parent := data.pop("INHERIT", None):
            base = path.parent / str(parent)
            data = _merge(yaml.load(base.read_text(encoding="utf-8"), Loader=_Plain) or {}, data)
        return cls._make(root.resolve(), data, text, path.name)

    @classmethod
    def from_mkdocs(cls, config) -> "Settings":
        """For a build: the same file MkDocs read (`mkdocs -f` may name another)."""
        path = Path(config["config_file_path"]).resolve()
        return cls._read(path.parent, path)

    @classmethod
    def _make(cls, root: Path, data: dict, text: str, config_file: str = CONFIG_FILE) -> "Settings":
        url = str(data.get("site_url") or "")
        return cls(
            root=root, site_name=str(data.get("site_name", "")), site_url=url if url.endswith("/") or not url else url + "/",
            docs_dir=(root / str(data.get("docs_dir", "docs"))).resolve(), nav=tuple(_nav(data.get("nav") or [], text)),
            features=frozenset((data.get("theme") or {}).get("features") or []),
            not_in_nav=tuple(line.strip() for line in str(data.get("not_in_nav") or "").splitlines() if line.strip()),
            language=str((data.get("theme") or {}).get("language") or "en"),
            translation_of=(root / str(extra["translation_of"])).resolve() if (extra := data.get("extra") or {}).get("translation_of") else None,
            alternates=tuple((str(a.get("lang")), str(a.get("link"))) for a in extra.get("alternate") or [] if isinstance(a, dict)),
            config_file=config_file,
        )


def _merge(base: dict, child: dict) -> dict:
    """child over base, mappings merged key by key (as MkDocs merges an inherited config)."""
    out = dict(base)
    for key, value in child.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


class _Plain(yaml.SafeLoader):
    """mkdocs.yml as data: unknown tags (!!python/name:..., !ENV) become their plain values."""


_Plain.add_multi_constructor("", lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None)


def _nav(items: list, text: str, sections: tuple[str, ...] = ()) -> list[NavEntry]:
    """The pages of a nav, in order, with the line of each in mkdocs.yml (0 if it cannot be found)."""
    lines = text.splitlines()
    out: list[NavEntry] = []
    for item in items:
        label, value = next(iter(item.items())) if isinstance(item, dict) else ("", item)
        if isinstance(value, list):
            out += _nav(value, text, (*sections, str(label)))
        elif isinstance(value, str):
            line = next((n for n, l in enumerate(lines, 1) if l.strip().endswith(f": {value}") or l.strip() == f"- {value}"), 0)
            out.append(NavEntry(value, str(label), sections, line))
    return out
