"""Glossary data: every glossary/<id>.yml, checked against the rulebook, and indexed by id and name."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from macros.grammar import ID_RULE, is_id
from macros.model import yamlfile
from macros.model.citations import Source, source_of
from macros.model.problems import Problem, did_you_mean
from macros.model.rules import Rulebook, line_of
from macros.model.placeholders import placeholders
from macros.model.translations import differ, text_numbers

TAGS_FILE = "_tags.yml"
SCHEMA = "glossary-term.schema.json"


@dataclass(frozen=True)
class Term:
    """One glossary entry, as checked."""

    id: str
    term: str
    short: str  # data Markdown, one paragraph
    definition: str  # data Markdown
    tags: tuple[str, ...]
    file: str  # "glossary/<id>.yml"
    reviewed: str
    abbr: str | None = None
    aliases: tuple[str, ...] = ()
    search_words: tuple[str, ...] = ()  # words that lead to the term in search, shown nowhere
    citations: tuple[Source, ...] = ()
    practice: bool = False
    related: tuple[str, ...] = ()
    replaced_by: str | None = None  # a retired term: the id of the term that replaces it

    @property
    def retired(self) -> bool:
        return self.replaced_by is not None

    @property
    def link_text(self) -> str:
        """What term(id) shows by default: the abbreviation if there is one, else the term."""
        return self.abbr or self.term

    @property
    def name(self) -> str:
        """The term with its first letter capitalised."""
        return self.term[:1].upper() + self.term[1:]

    @property
    def title(self) -> str:
        """Heading form: first letter capitalised, abbreviation in brackets."""
        return f"{self.name} ({self.abbr})" if self.abbr else self.name

    @property
    def src(self) -> str:
        """The docs-relative path of the term's generated page."""
        return f"glossary/{self.id}.md"


@dataclass
class Glossary:
    """All terms by id, and the controlled list of tags."""

    terms: dict[str, Term]
    tags: dict[str, str]

    @cached_property
    def _abbr_finder(self) -> tuple[re.Pattern, dict[str, set[str]]]:
        abbrs = sorted({t.abbr for t in self.terms.values() if t.abbr}, key=len, reverse=True)
        pattern = re.compile("(?=(" + "|".join(map(re.escape, abbrs)) + "))") if abbrs else re.compile("(?!)")
        return pattern, {a: {b for b in abbrs if b in a} for a in abbrs}

    def abbrs_in(self, text: str) -> set[str]:
        """The glossary abbreviations that occur in text (as substrings), in one pass over it."""
        pattern, inside = self._abbr_finder
        return set().union(*(inside[a] for a in set(pattern.findall(text))))

    @cached_property
    def abbr_words(self) -> tuple[re.Pattern, dict[str, str]]:
        """A pattern for any abbreviation as a whole word, and each abbreviation's expansion."""
        full = {t.abbr: t.name for t in self.terms.values() if t.abbr}
        words = sorted(full, key=len, reverse=True)
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b") if words else re.compile("(?!)")
        return pattern, full

    @cached_property
    def names(self) -> dict[str, str]:
        """Every term, abbreviation and alias (lowercase) mapped to its term id."""
        out: dict[str, str] = {}
        for t in self.terms.values():
            for name in [t.term, t.abbr, *t.aliases]:
                if name:
                    out.setdefault(name.lower(), t.id)
        return out

    def unknown(self, tid: str) -> str:
        """The message for an id that names no term, with the nearest ids (case and abbreviations too)."""
        return (f"unknown glossary term '{tid}';{did_you_mean(tid, self.terms, self.names)} use the file name of "
                "an entry in glossary/ (without .yml), or add the term there")


def _tags(folder: Path, rel: str) -> tuple[dict[str, str], list[Problem]]:
    path = folder / TAGS_FILE
    if not path.exists():
        return {}, [Problem(f"{rel}/{TAGS_FILE}", 0, "missing; it lists the allowed tags as 'tag-id: description'")]
    text, problems = yamlfile.read_text(path, f"{rel}/{TAGS_FILE}", "glossary")
    if text is None:
        return {}, problems
    data, problems = yamlfile.load(text, f"{rel}/{TAGS_FILE}")
    if problems:
        return {}, problems
    if not isinstance(data, dict) or not all(is_id(k) and isinstance(v, str) for k, v in data.items()):
        return {}, [Problem(f"{rel}/{TAGS_FILE}", 0, f"must map each tag id ({ID_RULE}) to a description")]
    return dict(data), []


def _term(path: Path, rel: str, rules: Rulebook, language: str) -> tuple[Term | None, list[Problem]]:
    text, problems = yamlfile.read_text(path, rel, "glossary")
    if text is None:
        return None, problems
    problems = [Problem(rel, *p) for p in placeholders(text)]
    data, more = yamlfile.load(text, rel)
    if more:
        return None, problems + more
    if not isinstance(data, dict):
        return None, problems + [Problem(rel, 1, "must be a set of fields (term, short, definition, tags, reviewed, ...)")]
    problems += rules.check(SCHEMA, data, rel, text)
    if not data.get("practice", False) and not data.get("citations"):
        problems.append(Problem(rel, 0, "a legal term needs 'citations' (the CFR or U.S.C. paragraph it rests on); "
                                        "if it has no legal definition, set 'practice: true'"))
    if problems:
        return None, problems
    untranslated = language != "en" and language not in data
    if untranslated:  # reported, and the English words stand in so the pages that link the term still check
        problems.append(Problem(rel, 0, f"has no '{language}:' block; the {language} edition needs the entry in its language: "
                                        f"add {language}: with term, short and definition (see CONTRIBUTING.md#the-spanish-edition)"))
    words = data if language == "en" or untranslated else data[language]  # the fields a reader sees, in the build's language
    if words is not data:
        if said := differ(text_numbers(words["short"] + " " + words["definition"]), text_numbers(data["short"] + " " + data["definition"])):
            problems.append(Problem(rel, line_of(text, (language,)), f"field '{language}': the numbers differ from the English entry "
                                                                     f"({said}); a translation keeps every number and [[fact:id]] of the entry"))

    def clean(key: str) -> str:
        return " ".join(words[key].split()) if isinstance(words.get(key), str) else ""

    return Term(
        id=path.stem, term=clean("term"), short=words["short"].strip(), definition=words["definition"].strip(),
        tags=tuple(data["tags"]), file=rel, reviewed=data["reviewed"], abbr=clean("abbr") or None,
        aliases=tuple(" ".join(a.split()) for a in words.get("aliases", [])),
        search_words=tuple(" ".join(w.split()) for w in words.get("search_words", [])),
        citations=tuple(source_of(c) for c in data.get("citations", [])),
        practice=data.get("practice", False), related=tuple(data.get("related", [])),
        replaced_by=data.get("replaced_by"),
    ), problems


def _cross_check(terms: dict[str, Term], tags: dict[str, str]) -> list[Problem]:
    """Names claimed by two terms, related ids and tags that do not exist."""
    problems: list[Problem] = []
    claimed: dict[str, tuple[str, str]] = {}
    for t in terms.values():
        own: set[str] = set()
        for kind, name in [("term", t.term), ("abbr", t.abbr), *[("aliases", a) for a in t.aliases]]:
            if not name:
                continue
            key = name.lower()
            if key in own:
                problems.append(Problem(t.file, 0, f"field '{kind}': '{name}' is listed twice in this file; remove the repeat"))
                continue
            own.add(key)
            if key in claimed:
                other, other_kind = claimed[key]
                problems.append(Problem(t.file, 0, f"field '{kind}': '{name}' is already claimed by glossary/{other}.yml "
                                                   f"(field '{other_kind}'); a name may belong to one term only: remove it here or there"))
            else:
                claimed[key] = (t.id, kind)
        for rid in t.related:
            if rid == t.id:
                problems.append(Problem(t.file, 0, f"field 'related' lists the term itself; remove '{rid}'"))
            elif rid not in terms:
                problems.append(Problem(t.file, 0, f"field 'related': unknown term id '{rid}';{did_you_mean(rid, terms)} "
                                                   "use the file name of an existing glossary entry"))
        if t.replaced_by is not None:
            new = terms.get(t.replaced_by)
            if t.replaced_by == t.id:
                problems.append(Problem(t.file, 0, "field 'replaced_by' names the term itself; name the term that replaces it"))
            elif new is None:
                problems.append(Problem(t.file, 0, f"field 'replaced_by': unknown term id '{t.replaced_by}';"
                                                   f"{did_you_mean(t.replaced_by, terms)} name an existing glossary entry"))
            elif new.replaced_by is not None:
                problems.append(Problem(t.file, 0, f"field 'replaced_by': '{new.id}' is retired too (replaced by "
                                                   f"'{new.replaced_by}'); name '{new.replaced_by}' here"))
        for tag in t.tags:
            if tag not in tags:
                problems.append(Problem(t.file, 0, f"field 'tags': unknown tag '{tag}'; use one of {sorted(tags)} "
                                                   f"(or add it to glossary/{TAGS_FILE})"))
    return problems


def load(folder: Path, rel: str, rules: Rulebook, language: str = "en") -> tuple[Glossary, list[Problem]]:
    """Load and check every term file in a folder: the terms that are fine (in the build's language), and
    every problem found."""
    tags, problems = _tags(folder, rel)
    terms: dict[str, Term] = {}
    for path, where in yamlfile.data_files(folder, rel, "term", problems):
        term, more = _term(path, where, rules, language)
        problems += more
        if term:
            terms[term.id] = term
    problems += _cross_check(terms, tags)
    return Glossary(terms, tags), problems
