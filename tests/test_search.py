"""Findability: typing into the site's real search box puts the right page or term in the top 3 results;
the body-text index is fetched only once a reader searches; and the index files hold every page, section
and glossary name (macros/outputs/search_index.py, docs/assets/javascripts/search-worker.js)."""
from __future__ import annotations

import json
import re
from collections import Counter
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from checks.browser import wait_until
from checks.sitepages import PAGE_TYPES, built_file, pages, read_html
from macros.outputs.search_index import STOP_WORDS, WORD, word_key
from tests.sitebuild import project_data

# What a parent might type, and the page or term that must be among the first three results.
EXPECTED = [
    # abbreviations and names
    ("FAPE", "glossary/fape/"),
    ("IEE", "glossary/independent-educational-evaluation/"),
    ("PWN", "glossary/prior-written-notice/"),
    ("LRE", "glossary/least-restrictive-environment/"),
    ("ESY", "glossary/extended-school-year/"),
    ("Individualized Education Plan", "glossary/iep/"),
    ("504", "504/what-is-a-504-plan/"),
    ("evaluation letter", "next-steps/letters/request-evaluation/"),
    ("suspension", "rights/discipline/"),
    # a family's own words, found in the pages' text or through a glossary alias
    ("ADHD", "iep/who-qualifies/"),
    ("dyslexia", "glossary/specific-learning-disability/"),
    ("bus", "glossary/transportation/"),
    ("kicked out", "rights/discipline/"),
    ("suspended", "rights/discipline/"),
    ("test", "glossary/evaluation/"),
    ("testing", "glossary/evaluation/"),
    ("says no", "rights/when-the-school-says-no/"),
    # word forms: each pair finds the same page
    ("refused", "rights/prior-written-notice/"),
    ("refusal", "rights/prior-written-notice/"),
    ("evaluated", "evaluations/evaluation-process/"),
    ("evaluation", "evaluations/evaluation-process/"),
    ("expelled", "rights/discipline/"),
    ("expulsion", "rights/discipline/"),
    # whole sentences, typed as a parent would type them
    ("my son got kicked out of school", "rights/discipline/"),
    ("the school said no to testing", "rights/when-the-school-says-no/"),
    ("what do I bring to the IEP meeting", "next-steps/meeting-checklist/"),
    ("can my daughter get help for ADHD", "iep/who-qualifies/"),
    ("they refused to evaluate my child", "rights/prior-written-notice/"),
]

# The same for the Spanish edition (/es/): a parent's words in Spanish, with and without accents.
EXPECTED_ES = [
    ("qué es un IEP", "iep/what-is-an-iep/"),
    ("diferencia entre IEP y plan 504", "504/iep-vs-504/"),
    ("la escuela dijo que no", "rights/when-the-school-says-no/"),
    ("carta para pedir una evaluación", "next-steps/letters/request-evaluation/"),
    ("expedientes de mi hijo", "rights/records/"),
    ("suspendieron a mi hijo", "rights/discipline/"),
    ("dislexia", "glossary/specific-learning-disability/"),
    ("evaluacion independiente", "evaluations/iee/"),
    ("tecnologia de asistencia", "iep/assistive-technology/"),
    ("qué llevo a la reunión del IEP", "next-steps/meeting-checklist/"),
]

BODY = "search/body/"


# Added to a page before it loads (watch_search): notes the last query Material sends to the search worker
# and the query the worker's last answer is for, so a test waits for the answer to what it typed, not for
# the answer to a few letters of it, however slow the machine.
WATCH_SEARCH = """(() => {
  const Native = window.Worker;
  const seen = window.__search = {sent: null, answered: null};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => { if (event.data && event.data.type === 3) seen.answered = event.data.query; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) seen.sent = message.data;
      return super.postMessage(message, ...rest);
    }
  };
})()"""
ANSWERED = ("(box => window.__search.sent === box.value && window.__search.answered === box.value)"
            "(document.querySelector('[data-md-component=search-query]'))")


def watch_search(page: Page) -> Page:
    page.add_init_script(WATCH_SEARCH)
    return page


def top_results(page: Page, base_url: str, query: str, n: int = 3) -> list[str]:
    """Type query into Material's search box (in a page given watch_search before it loaded); the first n
    results (pages) as paths below the site root, once the worker has answered the whole query."""
    assert page.evaluate("'__search' in window"), "call watch_search(page) before page.goto"
    box = page.locator("[data-md-component=search-query]")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    wait_until(page, ANSWERED)
    # Each result is a page: its first link is the page, the others its matching sections.
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all("els => els.map(a => a.href)")
    return [h.removeprefix(base_url).split("?")[0].split("#")[0] for h in hrefs[:n]]


@pytest.mark.browser
@pytest.mark.parametrize("query,target", EXPECTED)
def test_query_finds_the_right_page_in_the_top_three(page: Page, base_url: str, query: str, target: str) -> None:
    watch_search(page).goto(base_url)
    got = top_results(page, base_url, query)
    print(f"search {query!r}: top 3 {['/' + g for g in got]}")
    assert target in got, f"{query!r}: expected /{target} in the top 3, got {['/' + g for g in got]}"


@pytest.mark.browser
@pytest.mark.parametrize("query,target", EXPECTED_ES)
def test_spanish_query_finds_the_right_page_in_the_top_three(page: Page, base_url: str, query: str, target: str) -> None:
    """The Spanish edition's own search box (its own index, Spanish stop words and word forms) finds the
    Spanish page a parent means; results stay in /es/."""
    watch_search(page).goto(base_url + "es/")
    got = top_results(page, base_url + "es/", query)
    print(f"búsqueda {query!r}: top 3 {['/es/' + g for g in got]}")
    assert target in got, f"{query!r}: expected /es/{target} in the top 3, got {['/es/' + g for g in got]}"


@pytest.mark.browser
def test_search_finds_nothing_silly(page: Page, base_url: str) -> None:
    """Filler words and half-words do not rank pages: 'test' does not find 'toddlers' (the old search
    matched 'to' as the start of 'toddlers'), a sentence is not ranked by its 'to' and 'the', and a word
    the site does not use finds nothing rather than something."""
    watch_search(page).goto(base_url)
    test = top_results(page, base_url, "test", n=10)
    assert test and "situations/babies-and-toddlers/" not in test[:3], test
    sentence = top_results(page, base_url, "the school said no to testing", n=3)
    assert not [p for p in sentence if "toddler" in p], sentence
    assert top_results(page, base_url, "xylophone") == []
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")


def _record(context, base_url: str) -> list[str]:
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url.removeprefix(base_url)))
    return requests


@pytest.mark.browser
def test_first_visit_does_not_download_the_body_index(browser, base_url: str) -> None:
    """A first visit fetches the small search configuration and the worker, never the body-text index;
    opening the search box does not either; the first word typed fetches it (its page list and the
    one file of words for that word's first letter)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = _record(context, base_url)
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["content page"], wait_until="networkidle")
    wait_until(page, "document.querySelector('.md-search-result__meta')?.textContent.trim() === 'Type to start searching'")
    page.wait_for_timeout(300)
    assert "search/search_index.json" in requests and any("search-worker.js" in r for r in requests), requests
    assert not [r for r in requests if r.startswith(BODY)], requests
    page.locator("[data-md-component=search-query]").click()
    page.wait_for_timeout(300)
    assert not [r for r in requests if r.startswith(BODY)], "opening the search box fetched the body index"
    page.locator("[data-md-component=search-query]").press_sequentially("dyslexia", delay=15)
    page.locator(".md-search-result__item").first.wait_for()
    fetched = sorted({urlsplit(r).path for r in requests if r.startswith(BODY)})
    context.close()
    assert fetched == [BODY + "pages.json", BODY + "words-d.json"], fetched


@pytest.mark.browser
def test_results_highlight_the_words_found(browser, base_url: str) -> None:
    """Material's highlighting still works: a result marks the words that matched (by their stem), its
    link carries them in ?h=, and the page it opens marks them; no result breaks the page's policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script("window.__violations = []; document.addEventListener('securitypolicyviolation', "
                         "e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI))")
    watch_search(page).goto(base_url)
    assert top_results(page, base_url, "refusal")
    # the first result whose title or teaser shows a word found (another may be found by its text alone)
    first = page.locator(".md-search-result__item").filter(has=page.locator("mark")).first
    marked = first.locator("mark").all_inner_texts()
    assert marked and all(m.lower().startswith("refus") for m in marked), marked
    href = first.locator("a").first.get_attribute("href")
    words = parse_qs(urlsplit(href).query)["h"][0].split()
    assert words and all(w.startswith("refus") for w in words), href
    first.locator("a").first.click()
    page.wait_for_url(re.compile(r".*\?h="))
    expect(page.locator("article mark[data-md-highlight]").first).to_be_visible()
    violations = page.evaluate("window.__violations")
    context.close()
    assert not violations, violations


@pytest.mark.browser
def test_a_result_shows_its_best_section(page: Page, base_url: str) -> None:
    """A page found through one of its sections shows that section's heading, linking to its anchor."""
    watch_search(page).goto(base_url)
    assert "next-steps/meeting-checklist/" in top_results(page, base_url, "what do I bring to the IEP meeting")
    item = page.locator(".md-search-result__item", has=page.locator("a[href*='meeting-checklist/']")).first
    links = item.locator(":scope > a").evaluate_all("els => els.map(a => a.href)")
    assert any(urlsplit(link).path.endswith("meeting-checklist/") and urlsplit(link).fragment == "before-the-meeting"
               for link in links), links


# The files ---------------------------------------------------------------------------------------------

def _index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _body(site: Path) -> dict:
    return json.loads((site / BODY / "pages.json").read_text(encoding="utf-8"))


def _words(site: Path) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for path in (site / BODY).glob("words-*.json"):
        out.update(json.loads(path.read_text(encoding="utf-8")))
    return out


def test_the_first_visit_index_is_only_configuration(site: Path) -> None:
    """search_index.json (which Material's page script loads on every visit) holds no pages: only the
    configuration, with the address and version of the body index."""
    path = site / "search" / "search_index.json"
    index = _index(site)
    assert index["docs"] == []
    assert index["config"]["body"]["pages"] == "body/pages.json"
    assert re.fullmatch(r"[0-9a-f]{12}", index["config"]["body"]["version"])
    assert path.stat().st_size < 1024, path.stat().st_size


def test_every_page_is_in_the_body_index_with_its_title_and_sections(site: Path) -> None:
    """Every built page has an entry: its first heading as title, every section heading with its anchor
    (checked against the built HTML), text HTML-escaped."""
    body = _body(site)
    locations = [p for p in pages(site) if not p.endswith(".html")]  # not the 404 page
    assert sorted(loc for loc, _, _ in body["pages"]) == sorted(locations)
    wrong = []
    for number, (location, title, teaser) in enumerate(body["pages"]):
        doc = read_html(built_file(site, location))
        article = doc.xpath('//article[contains(@class, "md-content__inner")]')[0]
        heads = {h.get("id"): " ".join(h.text_content().replace("¶", "").split()) for h in article.xpath(
            ".//*[self::h1 or self::h2 or self::h3 or self::h4][not(ancestor::*[contains(@class, 'iep-embed-share')])]")}
        first = next(iter(heads.values()))
        if escape(first, quote=False) != title:
            wrong.append(f"/{location}: title {title!r}, first heading {first!r}")
        if "<" in title + teaser:
            wrong.append(f"/{location}: markup in {title!r} or {teaser!r}")
        sections = {anchor: heading for page, anchor, heading, _ in body["sections"] if page == number}
        for anchor, heading in sections.items():
            if anchor and (anchor not in heads or escape(heads[anchor], quote=False) != heading):
                wrong.append(f"/{location}#{anchor}: {heading!r} is not a heading of the built page")
        if not location.startswith("glossary/"):
            missing = [h for a, h in heads.items() if h != first and h != "Sources" and a not in sections]
            if missing:
                wrong.append(f"/{location}: headings {missing} not in the index")
    assert not wrong, "\n".join(wrong)


def test_every_abbreviation_and_alias_leads_to_its_term(site: Path) -> None:
    body = _body(site)
    locations = [loc for loc, _, _ in body["pages"]]
    names = {locations[page]: set(listed) for page, listed in body["terms"]}
    missing = []
    for t in project_data().glossary.terms.values():
        listed = names.get(f"glossary/{t.id}/")
        if listed is None:
            missing.append(f"{t.id}: no entry")
            continue
        missing += [f"{t.id}: {n!r} not listed" for n in (t.term, t.abbr, *t.aliases) if n and n not in listed]
    assert not missing, "\n".join(missing)


def test_every_word_of_a_page_is_in_the_words_files(site: Path) -> None:
    """The words files hold each page's words (not stop words, not its sources), each pointing to a
    section of that page; each file holds the words of its letter."""
    body, words = _body(site), _words(site)
    for path in (site / BODY).glob("words-*.json"):
        key = path.stem.removeprefix("words-")
        assert all(word_key(w) == key for w in json.loads(path.read_text(encoding="utf-8"))), path
    assert not STOP_WORDS["en"] & set(words)
    sections_of: dict[str, set[int]] = {}
    for n, (page, _, _, _) in enumerate(body["sections"]):
        sections_of.setdefault(body["pages"][page][0], set()).add(n)
    for location in ("iep/who-qualifies/", "rights/discipline/", "glossary/transportation/", "next-steps/meeting-checklist/"):
        article = read_html(built_file(site, location)).xpath('//article[contains(@class, "md-content__inner")]')[0]
        paragraphs = []
        for el in article:  # the page's own text: up to its sources or a term page's lists
            if el.tag == "h2" and el.get("id", "").startswith(("sources", "what-the-law-says")):
                break
            if el.tag == "p":
                paragraphs.append(el.text_content())
        text = " ".join(paragraphs[:8])
        for word in {w for w in WORD.findall(text.lower()) if w not in STOP_WORDS["en"]}:
            assert word in words, f"/{location}: {word!r} is not in the words files"
            flat, at, found = words[word], 0, set()
            for step in flat[::2]:
                at += step
                found.add(at)
            assert found & sections_of[location], f"/{location}: {word!r} does not point to the page"


def test_search_words_are_counted_once_per_section(site: Path) -> None:
    """Postings are (step, count) pairs with positive counts, in section order."""
    words = _words(site)
    total = len(_body(site)["sections"])
    for word, flat in words.items():
        assert len(flat) % 2 == 0 and all(c > 0 for c in flat[1::2]), word
        at, seen = 0, []
        for step in flat[::2]:
            at += step
            seen.append(at)
        assert seen == sorted(set(seen)) and seen[-1] < total, word
    counts = Counter(word_key(w) for w in words)
    assert counts["s"] > 100 and counts["d"] > 50, counts


def test_a_page_can_leave_the_search_index(project: Path, tmp_path: Path) -> None:
    """`search: exclude: true` in a page's front matter keeps it out of the index, as in Material."""
    from tests.sitebuild import build

    page = project / "docs" / "for-schools.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nsearch:\n  exclude: true\n", 1), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.ok, result.output
    locations = [loc for loc, _, _ in _body(tmp_path / "site")["pages"]]
    assert "for-schools/" not in locations and "about/" in locations
