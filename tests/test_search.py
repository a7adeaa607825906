"""Findability: typing into the site's real search box puts the right page or term in the top 3 results,
and every glossary abbreviation and alias is in the search index."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.sitebuild import ROOT, project_data
from checks.sitepages import built_file, pages

# What a parent might type, and the page or term that must be among the first three results.
EXPECTED = [
    ("FAPE", "glossary/fape/"),
    ("IEE", "glossary/independent-educational-evaluation/"),
    ("PWN", "glossary/prior-written-notice/"),
    ("LRE", "glossary/least-restrictive-environment/"),
    ("ESY", "glossary/extended-school-year/"),
    ("Individualized Education Plan", "glossary/iep/"),
    ("504", "504/what-is-a-504-plan/"),
    ("evaluation letter", "next-steps/letters/request-evaluation/"),
    ("suspension", "rights/discipline/"),
]


def top_results(page: Page, base_url: str, query: str, n: int = 3) -> list[str]:
    """Type query into Material's search box; the first n results as paths below the site root."""
    box = page.locator("[data-md-component=search-query]")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_have_text("Initializing search")
    expect(meta).not_to_have_text("Type to start searching")
    page.wait_for_timeout(300)  # results are re-rendered as the query settles
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(a => a.href)")
    return [h.removeprefix(base_url).split("?")[0].split("#")[0] for h in hrefs[:n]]


@pytest.mark.browser
@pytest.mark.parametrize("query,target", EXPECTED)
def test_query_finds_the_right_page_in_the_top_three(page: Page, base_url: str, query: str, target: str) -> None:
    page.goto(base_url)
    got = top_results(page, base_url, query)
    print(f"search {query!r}: top 3 {['/' + g for g in got]}")
    assert target in got, f"{query!r}: expected /{target} in the top 3, got {['/' + g for g in got]}"


def test_every_abbreviation_and_alias_is_in_the_search_index(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    missing = []
    for t in project_data().glossary.terms.values():
        doc = docs.get(f"glossary/{t.id}/")
        if doc is None:
            missing.append(f"{t.id}: no entry")
            continue
        if t.abbr and f"({escape(t.abbr, quote=False)})" not in doc["title"]:
            missing.append(f"{t.id}: abbreviation {t.abbr} not in {doc['title']!r}")
        missing += [f"{t.id}: alias {a!r} not in the index" for a in t.aliases if escape(a, quote=False) not in doc["text"]]
    assert not missing, "\n".join(missing)


def test_search_index_is_compact(site: Path) -> None:
    """One entry per page, no section texts: the index is downloaded on every first visit."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert len(locations) == len(set(locations)), "a page has more than one entry"
    assert not [loc for loc in locations if "#" in loc], "sections have entries of their own"


def test_every_page_has_an_entry_with_its_heading_and_section_titles(site: Path) -> None:
    """The index is made from each page's table of contents (macros/search_index.py); check it against the
    built HTML: the title is the page's first heading and the text holds its other section headings (the
    "Embed this" dialog's heading is the template's, not the page's)."""
    from lxml import html as lxml_html

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    locations = [p for p in pages(site) if not p.endswith(".html")]  # not the 404 page
    assert sorted(docs) == sorted(locations)
    wrong = []
    for location in locations:
        article = lxml_html.fromstring(built_file(site, location).read_bytes()).xpath('//article[contains(@class, "md-content__inner")]')[0]
        heads = [" ".join(h.text_content().replace("¶", "").split()) for h in article.xpath(
            ".//*[self::h1 or self::h2 or self::h3 or self::h4][not(ancestor::*[contains(@class, 'iep-embed-share')])]")]
        doc = docs[location]
        if escape(heads[0], quote=False) != doc["title"]:
            wrong.append(f"/{location}: title {doc['title']!r}, first heading {heads[0]!r}")
        if location.startswith("glossary/"):
            continue  # a term's text is its other names; the glossary index leaves out its letter headings
        missing = [h for h in heads[1:] if h != "Sources" and escape(h, quote=False) not in doc["text"]]
        if missing:
            wrong.append(f"/{location}: headings {missing} not in the entry's text")
    assert not wrong, "\n".join(wrong)


def test_a_page_can_leave_the_search_index(project: Path, tmp_path: Path) -> None:
    """`search: exclude: true` in a page's front matter keeps it out of the index, as in Material."""
    from tests.sitebuild import build

    page = project / "docs" / "for-schools.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nsearch:\n  exclude: true\n", 1), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.ok, result.output
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert "for-schools/" not in locations and "about/" in locations
