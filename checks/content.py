"""Content rules for the site's pages, shared by the tests and `make check`.

Each function takes a page's Markdown and returns a list of (line, message) problems.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LANDING_PAGES = {"index.md", "glossary/index.md", "benchmarks.md"}
_TERM = re.compile(r"""\{\{\s*term\(\s*["']([^"']+)["']""")
_DEADLINE = re.compile(r"\b\d+\s+(?:calendar\s+|school\s+|business\s+)?days?\b|\b\d+\s+(?:months?|years?)\b", re.I)
_SECTION_NUM = re.compile(r"\b300\.(\d+)\b")


def _body(markdown: str) -> tuple[str, int]:
    """The page without its front matter, and how many lines the front matter took."""
    m = re.match(r"\A---\n.*?\n---\n", markdown, re.S)
    return (markdown[m.end():], m.group(0).count("\n")) if m else (markdown, 0)


def in_short(markdown: str) -> list[tuple[int, str]]:
    """An 'In short' box with 3 to 5 points near the top of the page."""
    body, offset = _body(markdown)
    m = re.search(r'^!!! \w+ "In short"\s*\n((?:[ \t]*\n|    .*\n)+)', body, re.M)
    if not m:
        return [(offset + 1, 'no "In short" box; add `!!! abstract "In short"` with 3 to 5 points under the title')]
    points = len(re.findall(r"^    [-*] ", m[1], re.M))
    if not 3 <= points <= 5:
        line = offset + body[: m.start()].count("\n") + 1
        return [(line, f'the "In short" box has {points} points; give it 3 to 5')]
    return []


def term_links(markdown: str, minimum: int = 3) -> list[tuple[int, str]]:
    """At least `minimum` different glossary terms linked with term()."""
    found = set(_TERM.findall(markdown))
    if len(found) < minimum:
        return [(1, f"links {len(found)} glossary terms with term(); link at least {minimum} on their first use")]
    return []


def page_links(markdown: str, minimum: int = 2) -> list[tuple[int, str]]:
    """At least `minimum` links to other pages of the site."""
    links = {u for u in re.findall(r"\]\(([^)\s]+\.md)(?:#[^)]*)?\)", markdown)}
    if len(links) < minimum:
        return [(1, f"links {len(links)} other pages; add at least {minimum} links to related pages")]
    return []


def deadline_notes(markdown: str) -> list[tuple[int, str]]:
    """Every section that states a timeline carries a state_note() callout."""
    body, offset = _body(markdown)
    # The "In short" summary repeats deadlines that the sections below explain with their callouts.
    body = re.sub(r'^(!!! \w+ "In short"\s*\n)((?:[ \t]*\n|    .*\n)+)',
                  lambda m: m[1] + re.sub(r"[^\n]", "", m[2]), body, flags=re.M)
    problems = []
    lines = body.splitlines()
    start = 0
    for i in range(len(lines) + 1):
        if i == len(lines) or re.match(r"^#{1,6} ", lines[i]):
            section = lines[start:i]
            text = re.sub(r"\{\{.*?\}\}", "", "\n".join(section))
            if _DEADLINE.search(text) and "state_note(" not in "\n".join(section):
                n = next(j for j, l in enumerate(section) if _DEADLINE.search(re.sub(r"\{\{.*?\}\}", "", l)))
                problems.append((offset + start + n + 1, "states a timeline but its section has no state_note(...) callout; add one right after it"))
            start = i
    return problems


def old_numbers() -> list[dict]:
    """The list of pre-2006 section numbers the site must not cite."""
    return yaml.safe_load((ROOT / "tests" / "data" / "old-section-numbers.yml").read_text(encoding="utf-8"))


def _in(entry: str, number: int) -> bool:
    lo, _, hi = entry.partition("-")
    lo_n = int(lo.split(".")[1])
    hi_n = int(hi.split(".")[1]) if hi else lo_n
    return lo_n <= number <= hi_n


def pre_2006_numbers(text: str) -> list[tuple[int, str]]:
    """Citations of 34 CFR Part 300 sections by their 1999 numbers."""
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        for m in _SECTION_NUM.finditer(line):
            for entry in old_numbers():
                if _in(entry["old"], int(m[1])):
                    problems.append((n, f"cites 300.{m[1]}, a pre-2006 number ({entry['meaning']}); cite {entry['current']} instead"))
    return problems
