"""The real site builds strictly and its built HTML passes the link check."""
from __future__ import annotations

from pathlib import Path

import yaml

from checks.linkcheck import check
from tests.sitebuild import ROOT, project_data


def _config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_link_check_passes(site: Path) -> None:
    """The link check of the built site, with what `python -m checks.linkcheck` gives it (make linkcheck)."""
    data = project_data()
    ids = set(data.glossary.terms)
    assert data.settings.site_url == _config()["site_url"]
    report = check(site, ROOT, data.settings.site_url, ids, {t.id for t in data.glossary.terms.values() if t.retired})
    assert report.pages > len(ids), "every glossary term should have its own built page"
    assert not report.problems, "\n".join(report.problems)


def test_every_term_has_a_stable_page(site: Path) -> None:
    for tid in project_data().glossary.terms:
        assert (site / "glossary" / tid / "index.html").is_file(), f"no page for glossary/{tid}.yml"


def test_glossary_index_lists_every_term_a_to_z(site: Path) -> None:
    from checks.sitepages import read_html

    doc = read_html(site / "glossary" / "index.html")
    hrefs = {a.get("href") for a in doc.iter("a")}
    for tid in project_data().glossary.terms:
        assert f"{tid}/" in hrefs, f"the glossary index does not link {tid}"
    letters = [h.text_content().strip(" ¶") for h in doc.iter("h2") if (h.get("id") or "").startswith("letter-")]
    assert letters == sorted(letters, key=lambda L: (not L[0].isdigit(), L)), letters


def test_every_page_shows_its_review_date_and_the_not_legal_advice_note(site: Path) -> None:
    """Trust signals: each content page and each glossary entry says when it was last reviewed (a real
    date, from its front matter or its glossary file) and that it is general information, not legal advice."""
    import datetime as dt

    from checks.sitepages import all_pages, built_file, read_html, split_edition
    from macros.words import words

    checked, problems = 0, []
    for rel in all_pages(site):  # both languages, in their own words
        said = words(split_edition(site, rel)[0].strip("/") or "en")
        if rel.endswith(".html"):
            continue  # the 404 page belongs to no page
        doc = read_html(built_file(site, rel))
        aside = doc.xpath('//aside[contains(@class, "page-trust")]')
        if not aside:
            problems.append(f"/{rel}: no 'About this page' note")
            continue
        text = " ".join(aside[0].text_content().split())
        when = aside[0].xpath(".//time/@datetime")
        if not when or said["last_reviewed"] not in text:
            problems.append(f"/{rel}: no last-reviewed date")
        else:
            dt.date.fromisoformat(when[0])
        if said["not_legal_advice"] not in text:
            problems.append(f"/{rel}: no 'not legal advice' note")
        checked += 1
    assert not problems, "\n".join(problems)
    terms = len(project_data().glossary.terms)
    assert checked > 2 * (terms + 40), f"only {checked} pages checked"
