"""The real site builds strictly and its built HTML passes the link check."""
from __future__ import annotations

from pathlib import Path

import yaml

from macros.glossary import load
from tests.checks.linkcheck import check
from tests.sitebuild import ROOT


def _config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_link_check_passes(site: Path) -> None:
    ids = set(load(ROOT / "glossary").terms)
    report = check(site, ROOT, _config()["site_url"], ids)
    assert report.pages > len(ids), "every glossary term should have its own built page"
    assert not report.problems, "\n".join(report.problems)


def test_every_term_has_a_stable_page(site: Path) -> None:
    for tid in load(ROOT / "glossary").terms:
        assert (site / "glossary" / tid / "index.html").is_file(), f"no page for glossary/{tid}.yml"


def test_glossary_index_lists_every_term_a_to_z(site: Path) -> None:
    from lxml import html

    doc = html.parse(str(site / "glossary" / "index.html")).getroot()
    hrefs = {a.get("href") for a in doc.iter("a")}
    for tid in load(ROOT / "glossary").terms:
        assert f"{tid}/" in hrefs, f"the glossary index does not link {tid}"
    letters = [h.text_content().strip(" ¶") for h in doc.iter("h2") if (h.get("id") or "").startswith("letter-")]
    assert letters == sorted(letters, key=lambda L: (not L[0].isdigit(), L)), letters
