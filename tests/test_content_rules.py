"""The content rules (checks/content.py), each tried on a page that breaks it and one that keeps it."""
from __future__ import annotations

from pathlib import Path

from checks import content
from macros.model.citations import mismatch
from tests.helpers import page

IN_SHORT = '!!! abstract "In short"\n\n    - One.\n    - Two.\n    - Three.\n\n'


def test_in_short_box_is_required_with_three_to_five_points(tmp_path: Path) -> None:
    p, _ = page(tmp_path, "# A page\n\nText.\n")
    assert [x.message[:19] for x in content.in_short(p)] == ['no "In short" box; ']
    p, _ = page(tmp_path, '# A page\n\n!!! abstract "In short"\n\n    - One.\n\nText.\n')
    problems = content.in_short(p)
    assert problems and problems[0].line == 10 and "has 1 points; give it 3 to 5" in problems[0].message
    p, _ = page(tmp_path, "# A page\n\n" + IN_SHORT)
    assert content.in_short(p) == []


def test_term_and_page_link_minimums(tmp_path: Path) -> None:
    p, _ = page(tmp_path, '# T\n\nAn {{ term("iep") }} and {{ term("fape") }}. See [a](a.md).\n')
    assert "links 2 glossary terms" in content.term_links(p)[0].message
    assert "CONTRIBUTING.md#the-page-rules" in content.term_links(p)[0].message
    assert "links 1 other pages" in content.page_links(p)[0].message
    p, _ = page(tmp_path, '# T\n\n{{ term("iep") }} {{ term("fape") }} {{ term("lre") }} [a](a.md) [b](b.md#x).\n')
    assert content.term_links(p) == [] and content.page_links(p) == []


def test_a_timeline_needs_a_state_note_in_its_section(tmp_path: Path) -> None:
    body = "# T\n\n" + IN_SHORT + "## How long?\n\nThe school has 60 days.\n\n## Next\n\nText.\n"
    p, _ = page(tmp_path, body)
    problems = content.deadline_notes(p)
    assert [(x.line, x.message[:30]) for x in problems] == [(18, "states a timeline but its sect")]
    p, _ = page(tmp_path, body.replace("60 days.\n", '60 days.\n\n{{ state_note("34 CFR 300.301(c)(1)") }}\n'))
    assert content.deadline_notes(p) == []


def test_the_in_short_box_may_repeat_a_timeline(tmp_path: Path) -> None:
    p, _ = page(tmp_path, '# T\n\n!!! abstract "In short"\n\n    - It takes 60 days.\n    - Two.\n    - Three.\n\nText.\n')
    assert content.deadline_notes(p) == []


def test_no_macro_in_a_heading(tmp_path: Path) -> None:
    p, _ = page(tmp_path, '# T\n\n## What is an {{ term("iep") }}?\n\nText.\n')
    assert [x.line for x in content.no_macros_in_headings(p)] == [10]


def test_old_section_numbers_are_caught() -> None:
    problems = content.pre_2006_numbers("docs/x.md", "The IEP team is described at 34 CFR 300.344.")
    assert problems and "300.320-300.328" in problems[0].message and problems[0].file == "docs/x.md"


def test_label_check_catches_a_planted_mismatch() -> None:
    assert mismatch("34 CFR 300.301(c)", "https://www.ecfr.gov/current/title-34/section-300.303#p-300.303(c)")


def test_citation_links_match_their_labels(site: Path) -> None:
    """Each citation's label (a quiet citation's title, or a Sources item's text) and its link name the
    same section and paragraph, on every built page."""
    from checks.sitepages import html_files, read_html

    problems, quiet = [], 0
    for path in html_files(site):
        for a in read_html(path).iter("a"):
            quiet += "cite" in (a.get("class") or "").split()
            href = a.get("href") or ""
            label = a.get("title") if "cite" in (a.get("class") or "").split() else a.text_content().strip()
            if ("ecfr.gov" in href or "law.cornell.edu" in href) and (why := mismatch(label, href)):
                problems.append(f"{path.relative_to(site)}: {why}")
    assert not problems, "\n".join(problems)
    assert quiet > 1000, f"only {quiet} quiet citations found"
