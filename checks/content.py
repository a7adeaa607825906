"""Content rules: the shape every content page keeps, and the facts no page or entry may get wrong.

Each rule takes the checked site data (macros/model/site.py) and returns Problems with file and line.
See CONTRIBUTING.md#the-page-rules for the rules in plain words.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from checks import readability
from macros.grammar import FACT_REF, Call
from macros.model.facts import Facts
from macros.model.glossary import Term
from macros.model.pages import Page
from macros.model.problems import Problem
from macros.model.site import Site
from macros.render.pages import Renderings

DATA = Path(__file__).with_name("data")
LANDING_PAGES = {"index.md", "glossary/index.md", "benchmarks.md"}  # not articles: no "In short" or link minimums
MIN_TERM_LINKS = 3
MIN_PAGE_LINKS = 2
GUIDE = "CONTRIBUTING.md#the-page-rules"
_DEADLINE = re.compile(r"\b\d+\s+(?:calendar\s+|school\s+|business\s+)?days?\b|\b\d+\s+(?:months?|years?)\b", re.I)
_SECTION_NUM = re.compile(r"\b300\.(\d+)\b")
def _in_short_box(title: str) -> re.Pattern:
    return re.compile(rf'^!!! \w+ "{re.escape(title)}"\s*\n((?:[ \t]*\n|    .*\n)+)', re.M)
_HEADING = re.compile(r"^#{1,6} ")
_PAGE_LINK = re.compile(r"\]\(([^)\s]+\.md)(?:#[^)]*)?\)")


def _line(page: Page, body_offset: int) -> int:
    """The file line of a character offset in the page body."""
    return page.body_line + page.body.count("\n", 0, body_offset)


def in_short(page: Page) -> list[Problem]:
    """An 'In short' box with 3 to 5 points near the top of the page."""
    body, title = page.body, page.in_short_title
    m = _in_short_box(title).search(body)
    if not m:
        return [Problem(page.file, page.body_line, f'no "{title}" box; add `!!! abstract "{title}"` with 3 to 5 '
                                                   f"points under the title (see {GUIDE})")]
    points = len(re.findall(r"^    [-*] ", m[1], re.M))
    if not 3 <= points <= 5:
        return [Problem(page.file, _line(page, m.start()), f'the "{title}" box has {points} points; give it 3 to 5')]
    return []


def term_links(page: Page) -> list[Problem]:
    """At least MIN_TERM_LINKS different glossary terms linked with term()."""
    found = page.uses("term")
    if len(found) < MIN_TERM_LINKS:
        return [Problem(page.file, page.body_line, f"links {len(found)} glossary terms with term(); link at least "
                                                   f"{MIN_TERM_LINKS} on their first use (see {GUIDE})")]
    return []


def page_links(page: Page) -> list[Problem]:
    """At least MIN_PAGE_LINKS links to other pages of the site."""
    links = set(_PAGE_LINK.findall(page.body))
    if len(links) < MIN_PAGE_LINKS:
        return [Problem(page.file, page.body_line, f"links {len(links)} other pages; add at least {MIN_PAGE_LINKS} "
                                                   f"links to related pages (see {GUIDE})")]
    return []


def deadline_notes(page: Page) -> list[Problem]:
    """Every section that states a timeline in words carries a state_note() callout (the "In short" box
    is left out: it sums up what the sections below explain)."""
    problems = []
    for section in page.sections:
        if any(c.name == "state_note" for c in section.calls):
            continue
        for piece in section.pieces:
            if isinstance(piece.part, str) and not piece.in_short and _DEADLINE.search(piece.part):
                problems.append(Problem(page.file, piece.line, "states a timeline but its section has no state_note(...) "
                                                               f"callout; add one right after it (see {GUIDE})"))
                break
    return problems


def fact_notes(page: Page, site: Site) -> list[Problem]:
    """A legal number that a state may change needs a state note in its section (a number in the "In
    short" box, in a section below), which its link points to."""
    problems = []
    notes_after = 0
    for section in reversed(page.sections):
        notes_here = sum(c.name == "state_note" for c in section.calls)
        for piece in section.pieces:
            call = piece.part
            if not isinstance(call, Call) or call.name != "fact" or call.args[0] not in site.facts.facts:
                continue
            fact = site.facts.facts[call.args[0]]
            if fact.state != "federal" and not (notes_here or (piece.in_short and notes_after)):
                problems.append(Problem(page.file, piece.line, (
                    f"{call.source} is a federal number a state may change ({fact.state}), but its section has no "
                    f"state_note(...) callout; add one in the section (see {GUIDE})")))
        notes_after += notes_here
    return problems


def handwritten_numbers(file: str, text: str, first_line: int, facts: Facts, how: str) -> list[Problem]:
    """A legal number written by hand where a fact holds it: name the facts it may be."""
    problems = []
    for offset, words, ids in facts.handwritten(text):
        line = first_line + text.count("\n", 0, offset)
        names = " or ".join(how.format(i) for i in ids)
        problems.append(Problem(file, line, f"'{words}' is a legal number written by hand; write {names} instead, "
                                            f"so it reads the same on every page (see CONTRIBUTING.md#deadlines-and-numbers)"))
    return problems


def page_numbers(page: Page, site: Site) -> list[Problem]:
    """Hand-written legal numbers in a page's text (headings, code and front matter aside)."""
    problems = []
    fenced = False
    for section in page.sections:
        for piece in section.pieces:
            if not isinstance(piece.part, str):
                continue
            if piece.part.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            if fenced or _HEADING.match(piece.part):
                continue
            problems += handwritten_numbers(page.file, piece.part, piece.line, site.facts, '{{{{ fact("{}") }}}}')
    return problems


def no_macros_in_headings(page: Page) -> list[Problem]:
    """Headings are plain words (they become the page's table of contents and its search entries)."""
    lines = page.text.splitlines()
    return [Problem(page.file, c.line, f"{c.source} is in a heading; write the heading in plain words and link the term in the text below it")
            for c in page.calls if _HEADING.match(lines[c.line - 1])]


@cache
def old_numbers() -> tuple[dict, ...]:
    """The pre-2006 section numbers the site must not cite."""
    return tuple(yaml.safe_load((DATA / "old-section-numbers.yml").read_text(encoding="utf-8")))


def _in(entry: str, number: int) -> bool:
    lo, _, hi = entry.partition("-")
    lo_n = int(lo.split(".")[1])
    hi_n = int(hi.split(".")[1]) if hi else lo_n
    return lo_n <= number <= hi_n


def pre_2006_numbers(file: str, text: str) -> list[Problem]:
    """Citations of 34 CFR Part 300 sections by their 1999 numbers."""
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        for m in _SECTION_NUM.finditer(line):
            for entry in old_numbers():
                if _in(entry["old"], int(m[1])):
                    problems.append(Problem(file, n, f"cites 300.{m[1]}, a pre-2006 number ({entry['meaning']}); "
                                                     f"cite {entry['current']} instead"))
    return problems


def reading_level(page: Page, site: Site, renderings: Renderings) -> list[Problem]:
    """Flesch-Kincaid grade at most readability.MAX_GRADE (Spanish: Fernández Huerta at least
    readability.MIN_SPANISH); the glossary index's text is the terms' short definitions, each held to the
    rule in its own entry."""
    if page.src == "glossary/index.md" or not site.resolves(page):
        return []
    why = readability.level_problem(readability.visible_text(page, renderings), page.language)
    if why:
        return [Problem(page.file, page.body_line, f"the page {why} (python -m checks.readability {page.file} shows it)")]
    return []


def definition_level(t: Term, site: Site) -> list[Problem]:
    """A glossary definition reads at grade readability.MAX_GRADE or below, measured as pages are."""
    why = readability.level_problem(site.facts.expand(t.definition), site.settings.language)
    field = "definition" if site.settings.language == "en" else f"{site.settings.language}: definition"
    return [Problem(t.file, 0, f"field '{field}' {why}")] if why else []


PAGE_RULES = (in_short, term_links, page_links, deadline_notes)


def rules(site: Site, renderings: Renderings) -> list[Problem]:
    """Every content rule over every page, glossary entry and deadline. The legal-number rules (numbers
    written with their facts, timelines beside a state note) run on the English edition: a translation
    keeps the English numbers, facts and state notes exactly (macros/model/translations.py checks that)."""
    original = site.settings.translation_of is None
    page_rules = PAGE_RULES if original else tuple(r for r in PAGE_RULES if r is not deadline_notes)
    problems: list[Problem] = []
    for page in site.pages.values():
        if page.src not in LANDING_PAGES:
            for rule in page_rules:
                problems += rule(page)
        problems += no_macros_in_headings(page) + reading_level(page, site, renderings) + pre_2006_numbers(page.file, page.text)
        problems += fact_notes(page, site) + (page_numbers(page, site) if original else [])
    for t in site.glossary.terms.values():
        raw = (site.settings.root / t.file).read_text(encoding="utf-8")
        problems += pre_2006_numbers(t.file, raw)
        problems += definition_level(t, site)
        if original:
            for key in ("short", "definition"):
                problems += data_numbers(t.file, raw, f"field '{key}'", getattr(t, key), site.facts)
    deadlines = "facts/_deadlines.yml"
    raw = (site.settings.root / deadlines).read_text(encoding="utf-8") if site.facts.deadlines and original else ""
    for section in site.facts.deadlines if original else ():
        for row in section.rows:
            problems += data_numbers(deadlines, raw, f"row '{row.step}'", row.deadline, site.facts)
    return problems


def data_numbers(file: str, raw: str, where: str, text: str, facts: Facts) -> list[Problem]:
    """Hand-written legal numbers in a data field, at the line of the file where the words stand."""
    out = []
    for p in handwritten_numbers(file, FACT_REF.sub("", text), 0, facts, "[[fact:{}]]"):
        words = p.message.split("'")[1]
        at = raw.find(words)
        out.append(Problem(file, raw.count("\n", 0, at) + 1 if at >= 0 else 0, f"{where}: {p.message}"))
    return out
