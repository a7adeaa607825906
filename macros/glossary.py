"""Glossary data: load every glossary/<id>.yml once, validate it, and index it.

Run `python -m macros.glossary` to validate the glossary alone and print every problem.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from macros.citations import CitationError, is_legal, mismatch, parse
from macros.dates import reviewed_problem
from macros.placeholders import placeholders

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REQUIRED = {"term", "short", "definition", "tags", "reviewed"}
OPTIONAL = {"abbr", "aliases", "citations", "practice", "related"}
SHORT_MAX_WORDS = 30
TAGS_FILE = "_tags.yml"


class GlossaryError(Exception):
    """One or more problems in the glossary data; each line names the file and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Glossary problems:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Source:
    """A citation as shown on the site: its label and the https address it links to."""

    label: str
    url: str


@dataclass
class Term:
    """One glossary entry."""

    id: str
    term: str
    short: str
    definition: str
    tags: list[str]
    path: Path
    reviewed: str = ""  # YYYY-MM-DD: when the entry was last checked against its sources
    abbr: str | None = None
    aliases: list[str] = field(default_factory=list)
    citations: list[Source] = field(default_factory=list)
    practice: bool = False
    related: list[str] = field(default_factory=list)

    @property
    def link_text(self) -> str:
        """What term(id) shows by default: the abbreviation if there is one, else the term."""
        return self.abbr or self.term

    @property
    def title(self) -> str:
        """Heading form: first letter capitalised, abbreviation in brackets."""
        name = self.term[:1].upper() + self.term[1:]
        return f"{name} ({self.abbr})" if self.abbr else name

    @property
    def url(self) -> str:
        """Docs-relative address of the term's own page."""
        return f"/glossary/{self.id}.md"


@dataclass
class Glossary:
    """All terms by id, and the controlled list of tags."""

    terms: dict[str, Term]
    tags: dict[str, str]

    @cached_property
    def _abbr_finder(self) -> tuple[re.Pattern, dict[str, set[str]]]:
        """A pattern that captures the longest abbreviation starting at each position, and for each
        abbreviation the abbreviations it contains (found wherever it is found)."""
        abbrs = sorted({t.abbr for t in self.terms.values() if t.abbr}, key=len, reverse=True)
        pattern = re.compile("(?=(" + "|".join(map(re.escape, abbrs)) + "))") if abbrs else re.compile("(?!)")
        return pattern, {a: {b for b in abbrs if b in a} for a in abbrs}

    def abbrs_in(self, text: str) -> set[str]:
        """The glossary abbreviations that occur in text (as substrings), in one pass over it."""
        pattern, inside = self._abbr_finder
        return set().union(*(inside[a] for a in set(pattern.findall(text))))

    def names(self) -> dict[str, str]:
        """Every term, abbreviation and alias (lowercase) mapped to its term id."""
        out: dict[str, str] = {}
        for t in self.terms.values():
            for name in [t.term, t.abbr, *t.aliases]:
                if name:
                    out[name.lower()] = t.id
        return out


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when installed
    """A safe YAML loader that refuses a key written twice (PyYAML silently keeps the last one)."""


def _no_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the field '{key}' is written twice; keep one", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)
# Dates stay text, so a date that does not exist gets a clear message instead of a crash.
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_yaml(text: str) -> object:
    """Parse YAML safely, rejecting duplicate keys."""
    return yaml.load(text, Loader=_UniqueKeyLoader)


def line_of(text: str, key: str) -> int:
    """Line number of a top-level key in a YAML file's or front matter's text (1 if not found)."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return 1


def check_sources(items: object, where: str) -> tuple[list[Source], list[str]]:
    """Validate a list of citations ({label, url?}); return the sources and the problems found."""
    sources: list[Source] = []
    problems: list[str] = []
    if not isinstance(items, list):
        return [], [f"{where} must be a list of citations, each with a 'label' (and 'url' unless it is a CFR or U.S.C. citation)"]
    for i, item in enumerate(items, 1):
        at = f"{where} #{i}"
        if isinstance(item, str):
            item = {"label": item}
        if not isinstance(item, dict) or not isinstance(item.get("label"), str) or not item["label"].strip():
            problems.append(f"{at} needs a 'label', like '- label: 34 CFR 300.320(a)'")
            continue
        extra = set(item) - {"label", "url"}
        if extra:
            problems.append(f"{at} has unknown key(s) {sorted(extra)}; a citation has only 'label' and 'url'")
        label, url = item["label"].strip(), item.get("url")
        if is_legal(label):
            try:
                cite = parse(label)
            except CitationError as err:
                problems.append(f"{at}: {err}")
                continue
            if url is None:
                url = cite.url
            elif why := mismatch(label, str(url)):
                problems.append(f"{at}: {why} (or leave 'url' out: it is generated)")
        if not url:
            problems.append(f"{at} '{label}' needs a 'url' (an https address of the source)")
            continue
        if not re.match(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$", str(url)):
            problems.append(f"{at} '{label}': url '{url}' must be a well-formed https:// address")
            continue
        sources.append(Source(label, str(url)))
    return sources, problems


def _load_tags(folder: Path) -> tuple[dict[str, str], list[str]]:
    path = Path(folder.name) / TAGS_FILE
    if not (folder / TAGS_FILE).exists():
        return {}, [f"{path}: missing; it lists the allowed tags as 'tag-id: description'"]
    try:
        data = yaml.safe_load((folder / TAGS_FILE).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        return {}, [f"{path}: not valid YAML ({err}); fix the line it names"]
    if not isinstance(data, dict):
        return {}, [f"{path}: must map each tag id to a description"]
    return {str(k): str(v) for k, v in data.items()}, []


def _check_term(file: Path, tags: dict[str, str], today: dt.date) -> tuple[Term | None, list[str]]:
    text = file.read_text(encoding="utf-8")
    path = Path(file.parent.name) / file.name
    tid = path.stem
    problems = placeholders(str(path), text)
    if not ID_RE.match(tid):
        problems.append(f"{path}: the file name '{tid}' is not a valid term id; rename it in lowercase kebab-case, like 'prior-written-notice.yml'")
    try:
        data = load_yaml(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        return None, [f"{path}{line}: not valid YAML ({problem}); check indentation and quote values that contain ': '"]
    if not isinstance(data, dict):
        return None, [f"{path}: must be a YAML mapping of fields (term, short, definition, ...)"]

    def at(key: str) -> str:
        return f"{path}:{line_of(text, key)}: field '{key}'"

    for key in sorted(set(data) - REQUIRED - OPTIONAL):
        problems.append(f"{at(key)} is not a known field; allowed fields are {sorted(REQUIRED | OPTIONAL)}")
    for key in sorted(REQUIRED - set(data)):
        problems.append(f"{path}: missing required field '{key}'; add it (see CONTRIBUTING.md, 'Add or change a term')")
    for key in ("term", "short", "definition", "abbr"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problems.append(f"{at(key)} must be non-empty text")
    for key in ("aliases", "related", "tags"):
        if key in data and not (isinstance(data[key], list) and all(isinstance(x, str) for x in data[key])):
            problems.append(f"{at(key)} must be a list of text items, like [a, b]")
    if "reviewed" in data and (why := reviewed_problem(data["reviewed"], today)):
        problems.append(f"{at('reviewed')} {why}")
    if "practice" in data and not isinstance(data["practice"], bool):
        problems.append(f"{at('practice')} must be true or false")
    short = data.get("short")
    if isinstance(short, str) and len(short.split()) > SHORT_MAX_WORDS:
        problems.append(f"{at('short')} has {len(short.split())} words; shorten it to at most {SHORT_MAX_WORDS} (one plain sentence)")
    sources: list[Source] = []
    if "citations" in data:
        sources, more = check_sources(data["citations"], at("citations"))
        problems += more
    if not data.get("practice", False) and not data.get("citations") and "citations" not in data:
        problems.append(f"{path}: a legal term needs 'citations' (the CFR or U.S.C. paragraph it rests on); if it has no legal definition, set 'practice: true'")
    elif not data.get("practice", False) and data.get("citations") == []:
        problems.append(f"{at('citations')} is empty; a legal term needs at least one citation, or set 'practice: true'")
    for tag in data.get("tags") or []:
        if isinstance(tag, str) and tag not in tags:
            problems.append(f"{at('tags')}: unknown tag '{tag}'; use one of {sorted(tags)} (or add it to glossary/{TAGS_FILE})")
    def text(key: str) -> str:
        return " ".join(data[key].split()) if isinstance(data.get(key), str) else ""

    def items(key: str) -> list[str]:
        value = data.get(key)
        return [str(x).strip() for x in value] if isinstance(value, list) else []

    return Term(
        id=tid, term=text("term"), short=text("short"), definition=str(data.get("definition") or "").strip(),
        tags=items("tags"), path=path, reviewed=str(data.get("reviewed") or ""), abbr=text("abbr") or None, aliases=items("aliases"),
        citations=sources, practice=data.get("practice") is True, related=items("related"),
    ), problems


def _check_index(terms: dict[str, Term]) -> list[str]:
    problems: list[str] = []
    claimed: dict[str, tuple[str, str]] = {}
    for t in terms.values():
        own: set[str] = set()
        for kind, name in [("term", t.term), ("abbr", t.abbr), *[("aliases", a) for a in t.aliases]]:
            if not name:
                continue
            key = name.lower()
            if key in own:
                problems.append(f"{t.path}: field '{kind}': '{name}' is listed twice in this file; remove the repeat")
                continue
            own.add(key)
            if key in claimed:
                other, other_kind = claimed[key]
                problems.append(
                    f"{t.path}: field '{kind}': '{name}' is already claimed by glossary/{other}.yml "
                    f"(field '{other_kind}'); a name may belong to one term only: remove it here or there"
                )
            else:
                claimed[key] = (t.id, kind)
        for rid in t.related:
            if rid not in terms:
                import difflib

                near = difflib.get_close_matches(rid, list(terms), n=3)
                hint = f" (did you mean {', '.join(near)}?)" if near else ""
                problems.append(f"{t.path}: field 'related': unknown term id '{rid}'{hint}; use the file name of an existing glossary entry")
            elif rid == t.id:
                problems.append(f"{t.path}: field 'related' lists the term itself; remove '{rid}'")
    return problems


def load(folder: Path, today: dt.date | None = None) -> Glossary:
    """Load and validate every term file in a folder; raise GlossaryError listing all problems."""
    today = today or dt.date.today()
    tags, problems = _load_tags(folder)
    terms: dict[str, Term] = {}
    for path in sorted(folder.glob("*.y*ml")):
        if path.name.startswith("_"):
            continue
        if path.suffix != ".yml":
            problems.append(f"{folder.name}/{path.name}: glossary files end in '.yml'; rename it")
            continue
        term, more = _check_term(path, tags, today)
        problems += more
        if term:
            terms[term.id] = term
    problems += _check_index(terms)
    if problems:
        raise GlossaryError(problems)
    return Glossary(terms, tags)


def main() -> int:
    """Validate glossary/ and report."""
    folder = Path(__file__).resolve().parents[1] / "glossary"
    try:
        g = load(folder)
    except GlossaryError as err:
        print("\n".join(err.problems))
        print(f"{len(err.problems)} problem(s) in {folder}")
        return 1
    print(f"{len(g.terms)} terms OK in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
