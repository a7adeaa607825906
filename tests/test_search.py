"""Findability: typing into the site's real search box puts the right page or term in the top 3 results,
and every glossary abbreviation and alias is in the search index."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from macros.glossary import load
from tests.sitebuild import ROOT

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
    for t in load(ROOT / "glossary").terms.values():
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
