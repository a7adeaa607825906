"""Every content page follows the site's rules: reading level, shape, citations, deadlines."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from macros.citations import mismatch
from checks import content, readability
from tests.sitebuild import ROOT

PAGES = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
CONTENT = [p for p in PAGES if p not in content.LANDING_PAGES]
NAMES = readability.term_names(ROOT / "glossary")


def _text(page: str) -> str:
    return (ROOT / "docs" / page).read_text(encoding="utf-8")


def _fmt(page: str, problems: list[tuple[int, str]]) -> str:
    return "\n".join(f"docs/{page}:{line}: {msg}" for line, msg in problems)


@pytest.mark.parametrize("page", PAGES)
def test_reading_level(page: str) -> None:
    grade = readability.grade(_text(page), NAMES)
    print(f"{grade:4.1f} docs/{page}")
    assert grade <= readability.MAX_GRADE, (
        f"docs/{page}: Flesch-Kincaid grade {grade:.1f} is above {readability.MAX_GRADE:g}; "
        "use shorter sentences and everyday words"
    )


@pytest.mark.parametrize("page", CONTENT)
def test_page_shape(page: str) -> None:
    text = _text(page)
    problems = content.in_short(text) + content.term_links(text) + content.page_links(text) + content.deadline_notes(text)
    assert not problems, _fmt(page, problems)


@pytest.mark.parametrize("page", PAGES)
def test_no_pre_2006_section_numbers(page: str) -> None:
    problems = content.pre_2006_numbers(_text(page))
    assert not problems, _fmt(page, problems)


def test_no_pre_2006_numbers_in_glossary() -> None:
    problems = [f"glossary/{p.name}:{n}: {msg}" for p in sorted((ROOT / "glossary").glob("*.yml"))
                for n, msg in content.pre_2006_numbers(p.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


def test_old_number_check_catches_a_planted_one() -> None:
    problems = content.pre_2006_numbers("The IEP team is described at 34 CFR 300.344.")
    assert problems and "300.320-300.328" in problems[0][1]


def test_deadline_check_catches_a_missing_note() -> None:
    page = "---\ntitle: t\n---\n\n# T\n\n## How long?\n\nThe school has 60 days.\n\n## Next\n\nText.\n"
    assert content.deadline_notes(page) == [(9, "states a timeline but its section has no state_note(...) callout; add one right after it")]


def test_citation_links_match_their_labels(site: Path) -> None:
    """Each citation's label and its link name the same section and paragraph, on every built page."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        for a in html.parse(str(path)).getroot().iter("a"):
            href, label = a.get("href") or "", a.text_content().strip()
            if ("ecfr.gov" in href or "law.cornell.edu" in href) and (why := mismatch(label, href)):
                problems.append(f"{path.relative_to(site)}: {why}")
    assert not problems, "\n".join(problems)


def test_label_check_catches_a_planted_mismatch() -> None:
    assert mismatch("34 CFR 300.301(c)", "https://www.ecfr.gov/current/title-34/section-300.303#p-300.303(c)")
