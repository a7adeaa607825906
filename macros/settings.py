"""What the engine needs from mkdocs.yml, read in one place: from MkDocs' own config during a build, or
from the file itself for the checker (`make lint`), which runs without MkDocs."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

CONFIG_FILE = "mkdocs.yml"
PREVIEW = "IEP_PREVIEW"  # set by `make serve`, and passed on to the other editions' builds


@dataclass(frozen=True)
class NavEntry:
    """One page in the nav: its docs path, its label, its section's titles and its line in mkdocs.yml."""

    src: str
    label: str
    sections: tuple[str, ...]
    line: int


class SettingsError(ValueError):
    """A setting the engine cannot use; the message names the setting and how to fix it."""


@dataclass(frozen=True)
class Edition:
    """One language of the site (mkdocs.yml: extra.editions): built from its own config file into the folder
    its site_url names below the first edition's."""

    language: str
    name: str  # the language's own name, as its switch link shows it ("Español")
    config_file: str
    site_url: str  # ends in "/"

    def folder(self, main: "Edition") -> str:
        """Where this edition's pages sit below the main edition's ("es/"; "" for the main edition)."""
        return self.site_url[len(main.site_url):] if self.site_url.startswith(main.site_url) else ""


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
    editions: tuple[Edition, ...] = ()  # extra.editions: every language of the site, the main edition first
    config_file: str = CONFIG_FILE  # the config file's name (mkdocs.yml, mkdocs.es.yml)
    preview: bool = False  # under `make serve` (IEP_PREVIEW=1): a stale translation is built as it is

    @property
    def docs_folder(self) -> str:
        """The docs folder as messages name it ("docs", "docs-es")."""
        return self.docs_dir.relative_to(self.root).as_posix() if self.docs_dir.is_relative_to(self.root) else str(self.docs_dir)

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def letters_dir(self) -> Path:
        return self.root / "letters"

    @property
    def facts_dir(self) -> Path:
        return self.root / "facts"

    @property
    def edition(self) -> Edition | None:
        """This build's own edition (None for a site with one language)."""
        return next((e for e in self.editions if e.config_file == self.config_file), None)

    @property
    def other_editions(self) -> tuple[Edition, ...]:
        """The site's other languages."""
        return tuple(e for e in self.editions if e.config_file != self.config_file)

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
        data, text = _data(path)
        return cls._make(root.resolve(), data, text, path.name)

    @classmethod
    def from_mkdocs(cls, config) -> "Settings":
        """For a build: the same file MkDocs read (`mkdocs -f` may name another)."""
        path = Path(config["config_file_path"]).resolve()
        return dataclasses.replace(cls._read(path.parent, path), preview=os.environ.get(PREVIEW) == "1")

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
            editions=_editions(root, extra.get("editions") or []),
            config_file=config_file,
        )


def _data(path: Path) -> tuple[dict, str]:
    """A config file as data, with the file it inherits from (INHERIT, as MkDocs merges it: the child's
    values win, mappings merge); and the file's own text."""
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_Plain) or {}
    if parent := data.pop("INHERIT", None):
        data = _merge(_data(path.parent / str(parent))[0], data)
    return data, text


def _editions(root: Path, items: list) -> tuple[Edition, ...]:
    """extra.editions: each language's config file, read for its language and address."""
    out = []
    for item in items:
        if not isinstance(item, dict) or not (path := root / str(item.get("config", ""))).is_file():
            raise SettingsError(f"extra.editions: each edition needs 'config', the name of an existing config file, "
                                f"and 'name', the language's own name (got {item!r})")
        data = _data(path)[0]
        url = str(data.get("site_url") or "")
        out.append(Edition(str((data.get("theme") or {}).get("language") or "en"), str(item.get("name", "")),
                           path.name, url if url.endswith("/") else url + "/"))
    return tuple(out)


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
