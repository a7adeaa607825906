"""Legal numbers as data: each deadline, age and count families rely on is defined once, in
facts/<id>.yml, and every page and glossary entry prints it from there (pages with {{ fact("id") }},
data text with [[fact:id]]), so one number cannot read two ways on two pages. facts/_deadlines.yml
arranges them into the deadlines page's table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from macros.grammar import FACT_REF
from macros.model import yamlfile
from macros.model.citations import Source, source_of
from macros.model.problems import Problem, did_you_mean
from macros.model.rules import Rulebook, line_of
from macros.model.translations import differ, text_numbers

SCHEMA = "fact.schema.json"
DEADLINES_FILE = "_deadlines.yml"
DEADLINES_SCHEMA = "deadlines.schema.json"
# How a number is written in words: a fact's text says its number in digits or in these words. The
# English ones also find a legal number written by hand in English prose (with the units below); the
# legal-number rules run on the English edition only (a translation keeps its numbers exactly).
NUMBER_WORDS = {
    "en": {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
           10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty", 30: "thirty", 45: "forty-five",
           60: "sixty", 90: "ninety"},
    "es": {1: "un|uno|una", 2: "dos", 3: "tres", 4: "cuatro", 5: "cinco", 6: "seis", 7: "siete", 8: "ocho",
           9: "nueve", 10: "diez", 11: "once", 12: "doce", 15: "quince", 20: "veinte", 30: "treinta",
           45: "cuarenta y cinco", 60: "sesenta", 90: "noventa"},
}
_UNIT = {  # how each unit may follow its number when someone writes it by hand
    "days": r"(?:calendar[ -])?days?\b",
    "school days": r"school[ -]days?\b",
    "business days": r"business[ -]days?\b",
    "months": r"months?\b",
    "years": r"years?\b",
}


def says_number(text: str, value: int, language: str) -> bool:
    """Whether text says the number, in digits or in words."""
    words = NUMBER_WORDS.get(language, NUMBER_WORDS["en"]).get(value)
    return str(value) in text or bool(words and re.search(rf"\b(?:{words})\b", text, re.I))


@dataclass(frozen=True)
class Fact:
    """One legal number."""

    id: str
    text: str  # how a sentence says it: "60 days"
    what: str
    citations: tuple[Source, ...]
    state: str  # "own", "floor" or "federal"
    reviewed: str
    file: str
    value: int | None = None
    unit: str | None = None
    language: str = "en"  # the language of text and what

    def written(self) -> str | None:
        """A pattern for the number written by hand in English prose (its digits or its word, with its unit)."""
        if self.value is None or self.unit is None:
            return None
        words = NUMBER_WORDS["en"].get(self.value)
        number = rf"(?:{self.value}|{words})" if words else str(self.value)
        if self.unit == "age":
            return rf"\b(?:ages? (?:of )?{number}\b|turns? {number}\b|{number}(?:st|nd|rd|th) birthday)"
        return rf"\b{number}[ -]{_UNIT[self.unit]}"


@dataclass(frozen=True)
class DeadlineRow:
    """One row of the deadlines page: the step, its deadline in words (with [[fact:id]]), its rules."""

    step: str
    deadline: str
    citations: tuple[Source, ...]
    term: str | None = None


@dataclass(frozen=True)
class DeadlineSection:
    title: str
    rows: tuple[DeadlineRow, ...]


@dataclass
class Facts:
    """Every fact by id, and the deadlines page's sections."""

    facts: dict[str, Fact]
    deadlines: tuple[DeadlineSection, ...] = ()

    @cached_property
    def _written(self) -> re.Pattern:
        """One pattern for every fact's hand-written forms."""
        parts = sorted({p for f in self.facts.values() if (p := f.written())}, key=len, reverse=True)
        return re.compile("|".join(f"(?:{p})" for p in parts), re.I) if parts else re.compile("(?!)")

    def handwritten(self, text: str) -> list[tuple[int, str, list[str]]]:
        """(offset, the words, ids of the facts they may mean) for each legal number written by hand."""
        out = []
        for m in self._written.finditer(text):
            ids = [f.id for f in self.facts.values() if (p := f.written()) and re.fullmatch(p, m[0], re.I)]
            out.append((m.start(), m[0], ids))
        return out

    def expand(self, text: str) -> str:
        """Data text with each [[fact:id]] replaced by the fact's words."""
        return FACT_REF.sub(lambda m: self.facts[m[1]].text if m[1] in self.facts else m[0], text)

    def unknown(self, fid: str) -> str:
        return (f"unknown fact '{fid}';{did_you_mean(fid, self.facts)} use the file name of an entry in facts/ "
                "(without .yml), or add the fact there")


def _fact(path: Path, rel: str, rules: Rulebook, language: str) -> tuple[Fact | None, list[Problem]]:
    text, problems = yamlfile.read_text(path, rel, "facts")
    if text is None:
        return None, problems
    data, problems = yamlfile.load(text, rel)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(rel, 1, "must be a set of fields (text, value, unit, what, citations, state, reviewed)")]
    problems = rules.check(SCHEMA, data, rel, text)
    if problems:
        return None, problems
    untranslated = language != "en" and language not in data
    if untranslated:  # reported, and the English words stand in so the pages that print it still check
        problems.append(Problem(rel, 0, f"has no '{language}:' block; add {language}: with text and what, in the {language} "
                                        "edition's words (see CONTRIBUTING.md#the-spanish-edition)"))
    words = data if language == "en" or untranslated else data[language]
    fact = Fact(id=path.stem, text=words["text"], what=" ".join(words["what"].split()),
                citations=tuple(source_of(c) for c in data["citations"]), state=data["state"],
                reviewed=data["reviewed"], file=rel, value=data.get("value"), unit=data.get("unit"),
                language="en" if untranslated else language)
    if fact.value is not None and not says_number(fact.text, fact.value, fact.language):
        field = "text" if fact.language == "en" else f"{fact.language}: text"
        problems.append(Problem(rel, 1, f"field '{field}' '{fact.text}' does not say the number {fact.value} {fact.unit}; "
                                        "write the number in the text, like '60 days' ('60 días')"))
    return fact, problems


def _deadlines(path: Path, rel: str, rules: Rulebook, language: str) -> tuple[tuple[DeadlineSection, ...], list[Problem]]:
    text, problems = yamlfile.read_text(path, rel, "facts")
    if text is None:
        return (), problems
    data, problems = yamlfile.load(text, rel)
    if problems:
        return (), problems
    problems = rules.check(DEADLINES_SCHEMA, data, rel, text, what="entry")
    if problems:
        return (), problems
    if language != "en":  # reported, and the English words stand in meanwhile
        problems += [Problem(rel, 0, f"section '{s['section']}' has no '{language}:' with its title; add it") for s in data if language not in s]
        problems += [Problem(rel, 0, f"row '{r['step']}' has no '{language}:' with its step and deadline; add it")
                     for s in data for r in s["rows"] if language not in r]
        for i, s in enumerate(data):
            for j, r in enumerate(s["rows"]):
                if language in r and (differs := differ(text_numbers(r[language]["deadline"]), text_numbers(r["deadline"]))):
                    problems.append(Problem(rel, line_of(text, (i, "rows", j, language)), f"row '{r['step']}': the {language} deadline's "
                                            f"numbers differ from the English ({differs}); a translation keeps every number and [[fact:id]]"))

    def said(item: dict) -> dict:
        return item if language == "en" or language not in item else {**item, **item[language]}
    return tuple(DeadlineSection(said(s)["section"], tuple(
        DeadlineRow(said(r)["step"], said(r)["deadline"], tuple(source_of(c) for c in r["citations"]), r.get("term"))
        for r in s["rows"])) for s in data), problems


def load(folder: Path, rel: str, rules: Rulebook, language: str = "en") -> tuple[Facts, list[Problem]]:
    """Every fact in facts/, and the deadlines table (in the build's language); with every problem found."""
    if not folder.is_dir():
        return Facts({}), []
    facts: dict[str, Fact] = {}
    problems: list[Problem] = []
    for path, where in yamlfile.data_files(folder, rel, "fact", problems):
        fact, more = _fact(path, where, rules, language)
        problems += more
        if fact:
            facts[fact.id] = fact
    deadlines: tuple[DeadlineSection, ...] = ()
    if (folder / DEADLINES_FILE).exists():
        deadlines, more = _deadlines(folder / DEADLINES_FILE, f"{rel}/{DEADLINES_FILE}", rules, language)
        problems += more
    result = Facts(facts, deadlines)
    listed = {fid for s in deadlines for r in s.rows for fid in FACT_REF.findall(r.deadline)}
    for fid in sorted(listed - set(facts)):
        problems.append(Problem(f"{rel}/{DEADLINES_FILE}", 0, result.unknown(fid)))
    if deadlines:
        for fid in sorted(set(facts) - listed):
            problems.append(Problem(facts[fid].file, 0, f"the fact is not on the deadlines page; add a row that says "
                                                        f"[[fact:{fid}]] to {rel}/{DEADLINES_FILE}"))
    return result, problems
