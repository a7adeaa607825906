"""The same paragraph of the law never comes with two numbers on two pages (checks/consistency.py)."""
from __future__ import annotations

from pathlib import Path

from checks.consistency import contradictions, numbers_by_citation

CITE = '<a class="cite" title="34 CFR 300.301(c)(1)" href="https://www.ecfr.gov/x">law</a>'


def test_no_citation_comes_with_two_numbers(site: Path) -> None:
    found = contradictions(site)
    assert not found, "the same rule with different numbers:\n" + "\n".join(found)
    assert len(numbers_by_citation(site)) > 20, "too few cited numbers found to compare"


def test_a_planted_contradiction_is_found(tmp_path: Path) -> None:
    for name, days in (("a", 60), ("b", 45)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            f"<html><body><article><p>Within {days} days ({CITE}).</p></article></body></html>", encoding="utf-8")
    assert contradictions(tmp_path) == ["34 CFR 300.301(c)(1): 45 days on b/index.html; 60 days on a/index.html"]
