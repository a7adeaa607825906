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
from macros.grammar import Call
from macros.model.pages import Page
from macros.model.problems import Problem
from macros.model.site import Site

DATA = Path(__file__).with_name("data")
LANDING_PAGES = {"index.md", "glossary/index.md", "benchmarks.md"}  # not articles: no "In short" or link minimums
MIN_TERM_LINKS = 3
MIN_PAGE_LINKS = 2
GUIDE = "CONTRIBUTING.md#the-page-rules"
_DEADLINE = re.compile(r"\b\d+\s+(?:calendar\s+|school\s+|business\s+)?days?\b|\b\d+\s+(?:months?|years?)\b", re.I)
_SECTION_NUM = re.compile(r"\b300\.(\d+)\b")
_IN_SHORT = re.compile(r'^!!! \w+ "In short"\s*\n((?:[ \t]*\n|    .*\n)+)', re.M)
_HEADING = re.compile(r"^#{1,6} ")
_PAGE_LINK = re.compile(r"\]\(([^)\s]+\.md)(?:#[^)]*)?\)")


def _line(page: Page, body_offset: int) -> int:
    """The file line of a character offset in the page body."""
    return page.body_line + page.body.count("\n", 0, body_offset)


def in_short(page: Page) -> list[Problem]:
    """An 'In short' box with 3 to 5 points near the top of the page."""
    body = page.body
    m = _IN_SHORT.search(body)
    if not m:
        return [Problem(page.file, page.body_line, 'no "In short" box; add `!!! abstract "In short"` with 3 to 5 '
                                                   f"points under the title (see {GUIDE})")]
    points = len(re.findall(r"^    [-*] ", m[1], re.M))
    if not 3 <= points <= 5:
        return [Problem(page.file, _line(page, m.start()), f'the "In short" box has {points} points; give it 3 to 5')]
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


def _sections(page: Page) -> list[list[tuple[int, str | Call]]]:
    """The page's lines and calls (with their file lines) split at headings; the "In short" box is left
    out (it repeats deadlines that the sections below explain)."""
    sections: list[list[tuple[int, str | Call]]] = [[]]
    line, skipping, at_start = page.body_line, False, True
    for seg in page.segments:
        if isinstance(seg, Call):
            if not skipping:
                sections[-1].append((line, seg))
            line += seg.source.count("\n")
            at_start = False
            continue
        for piece in seg.splitlines(keepends=True):
            if at_start and _HEADING.match(piece):
                sections.append([])
            if piece.startswith("!!! ") and '"In short"' in piece:
                skipping = True
            elif skipping and piece.strip() and not piece.startswith((" ", "\t")):
                skipping = False
            if not skipping:
                sections[-1].append((line, piece))
            line += piece.count("\n")
            at_start = piece.endswith("\n")
    return sections


def deadline_notes(page: Page) -> list[Problem]:
    """Every section that states a timeline carries a state_note() callout."""
    problems = []
    for section in _sections(page):
        has_note = any(isinstance(s, Call) and s.name == "state_note" for _, s in section)
        if has_note:
            continue
        for line, s in section:
            if isinstance(s, str) and _DEADLINE.search(s):
                problems.append(Problem(page.file, line, "states a timeline but its section has no state_note(...) "
                                                         f"callout; add one right after it (see {GUIDE})"))
                break
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


def reading_level(page: Page, site: Site) -> list[Problem]:
    """Flesch-Kincaid grade at most readability.MAX_GRADE."""
    grade = readability.page_grade(page, site.glossary)
    if grade > readability.MAX_GRADE:
        return [Problem(page.file, page.body_line, f"reading level is grade {grade:.1f}, above {readability.MAX_GRADE:g}; "
                                                   "use shorter sentences and everyday words "
                                                   f"(python -m checks.readability {page.file} shows it)")]
    return []


PAGE_RULES = (in_short, term_links, page_links, deadline_notes)


def rules(site: Site) -> list[Problem]:
    """Every content rule over every page and glossary entry."""
    problems: list[Problem] = []
    for page in site.pages.values():
        if page.src not in LANDING_PAGES:
            for rule in PAGE_RULES:
                problems += rule(page)
        problems += no_macros_in_headings(page) + reading_level(page, site) + pre_2006_numbers(page.file, page.text)
    for t in site.glossary.terms.values():
        problems += pre_2006_numbers(t.file, (site.settings.root / t.file).read_text(encoding="utf-8"))
    return problems
