"""A parent on a phone (390 x 844, touch) can do the jobs they come for, and every page reads at any width.

Journeys start on the home page and count taps until the answer is on screen (issue 14):

| job | taps at most |
|---|---|
| "The school said no": what to do | 2 |
| IEP or 504: the difference, the comparison table on screen and readable | 2 |
| what a word means, without leaving the page | 1 |

Then, on every page at 320, 375, 768, 1280 and 1440 px: no word breaks inside a table cell and the page
never scrolls sideways. And the tools around the journeys: Share, Print, checklists that tick, tap
targets of at least 24 x 24 px, no stray permalink on touch, a phone menu that opens on the main sections.
Each check is also run on a planted defect, to show it can fail. Journey tests keep the page's Content
Security Policy on; only the planted defects set it aside.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from checks.browser import wait_started, wait_until
from checks.sitepages import all_pages, site_url
from tests.test_accessibility import SETTLED
from tests.sitebuild import project_data

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WIDTHS = (320, 375, 768, 1280, 1440)
SHARDS = 2
TABLES_READY = ("() => document.readyState !== 'loading' && [...document.querySelectorAll('article table')]"
                ".every(t => t.closest('.md-typeset__scrollwrap'))")

# What a reader would call a broken word: a run of letters, digits and punctuation with no place where a
# line may break (a space, a hyphen or dash, a slash, or between ")(" as in "300.301(c)(1)") that is split
# over two lines. Each run is measured as a Range: one line box per line it covers.
LAYOUT_PROBLEMS = r"""() => {
  const problems = []
  const wide = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
  if (wide > innerWidth) problems.push(`the page scrolls sideways: ${wide}px wide in a ${innerWidth}px window`)
  for (const cell of document.querySelectorAll("article td, article th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const runs = /[^\s\-\u2010-\u2015\/]+/g
      for (let m = runs.exec(node.data); m; m = runs.exec(node.data)) {
        let start = m.index
        for (const part of m[0].split(/(?<=\))(?=\()/)) {
          const range = document.createRange()
          range.setStart(node, start)
          range.setEnd(node, start + part.length)
          start += part.length
          const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)))
          if (lines.size > 1) problems.push(`"${part}" is broken over ${lines.size} lines in a cell`)
        }
      }
    }
  }
  return problems
}"""


class Journey:
    """A reader's way through the site on a phone: every tap is counted."""

    def __init__(self, page: Page) -> None:
        self.page, self.taps = page, 0

    def tap(self, target: Locator) -> None:
        """Tap, and when the tap opened a page, wait until its scripts have started (as after goto)."""
        target.scroll_into_view_if_needed()
        target.tap()
        wait_started(self.page)
        self.taps += 1


def phone(browser: Browser, **extra) -> Page:
    return browser.new_context(**PHONE, **extra).new_page()


def on_screen(locator: Locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= 844 and box["x"] >= 0 and box["x"] + box["width"] <= 390


# Journeys ---------------------------------------------------------------------------------------


def test_the_first_phone_screen_says_what_the_site_is_and_offers_every_situation(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url)
    expect(page.locator(".home-lead")).to_contain_text("Plain answers about special education")
    assert on_screen(page.locator(".home-lead"))
    situations = page.locator(".situations a")
    assert situations.count() == 10
    for i in range(10):
        link = situations.nth(i)
        assert on_screen(link), f"'{link.inner_text()}' is not on the first phone screen"
    for audience in ("Start here: what is an IEP?", "What happens at an IEP meeting?", "What must schools do at each step?"):
        expect(page.get_by_role("link", name=audience)).to_have_count(1)
    page.context.close()


def test_school_said_no_in_at_most_two_taps(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url)
    journey = Journey(page)
    journey.tap(page.get_by_role("link", name="The school said no"))
    expect(page).to_have_url(base_url + "rights/when-the-school-says-no/")
    answer = page.locator("article .admonition.abstract")  # "In short": what the school must do, and your options
    expect(answer).to_contain_text("it must tell you why, in writing")
    assert on_screen(page.locator("article h1")) and on_screen(answer)
    assert journey.taps <= 2, f"{journey.taps} taps"
    page.context.close()


def test_iep_or_504_table_on_screen_and_readable_in_at_most_two_taps(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url)
    journey = Journey(page)
    journey.tap(page.get_by_role("link", name="IEP or 504: what is the difference?"))
    expect(page).to_have_url(base_url + "504/iep-vs-504/#the-four-plans-at-a-glance")
    wait_until(page, TABLES_READY)
    first = page.locator("article table tbody tr").first  # the "Law" row, as a card
    expect(first).to_be_visible()
    assert on_screen(first), "the comparison is not on screen after the tap"
    card = first.evaluate("""tr => ({
      labels: [...tr.cells].map(td => getComputedStyle(td, '::before').content),
      size: Math.min(...[...tr.cells].map(td => parseFloat(getComputedStyle(td).fontSize))),
      width: tr.getBoundingClientRect().width})""")
    assert card["labels"][1:] == ['"IEP"', '"504 plan"', '"IFSP"', '"Services plan"'], card
    assert card["size"] >= 16, f"table text is {card['size']}px"
    assert card["width"] <= 390
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    assert journey.taps <= 2, f"{journey.taps} taps"
    page.context.close()


def popover_state(page: Page, mark: Locator) -> dict:
    return mark.evaluate("""m => {
      const pop = document.querySelector('.iep-pop'), short = pop && pop.querySelector('.iep-pop__short')
      const line = [...m.getClientRects()], box = pop && pop.getBoundingClientRect()
      return {
        shown: !!pop && !pop.hidden && pop.checkVisibility(),
        short: short ? short.textContent : null,
        size: short ? parseFloat(getComputedStyle(short).fontSize) : 0,
        box: box && {top: box.top, bottom: box.bottom, left: box.left, right: box.right},
        line: line.map(r => ({top: r.top, bottom: r.bottom})),
        describedby: m.getAttribute('aria-describedby'), title: m.getAttribute('title'),
      }
    }""")


def covers_the_line(state: dict) -> bool:
    box = state["box"]
    return any(box["top"] < line["bottom"] and box["bottom"] > line["top"] for line in state["line"])


def test_a_word_explained_by_one_tap_without_leaving_the_page(browser: Browser, base_url: str) -> None:
    shorts = {t.id: " ".join(t.short.split()) for t in project_data().glossary.terms.values()}
    page = phone(browser)
    page.goto(base_url)
    journey = Journey(page)
    mark = page.locator("article a[data-term='iep']").first  # the first mention: a link to the glossary
    journey.tap(mark)
    state = popover_state(page, mark)
    assert page.url == base_url, "the tap left the page"
    assert state["shown"] and shorts["iep"].startswith(state["short"][:60]), state
    assert state["size"] >= 16, f"the definition is {state['size']}px"
    assert not covers_the_line(state), f"the popover covers the tapped line: {state}"
    assert 0 <= state["box"]["left"] and state["box"]["right"] <= 390
    assert journey.taps == 1
    mark.tap()  # a second tap closes it, still on the page
    assert not popover_state(page, mark)["shown"] and page.url == base_url

    # A repeat (an abbreviation) opens the same popover; Escape closes it.
    page.goto(base_url + "iep/what-is-an-iep/")
    repeat = page.locator("article p abbr[data-iep-pop][data-term='iep']").nth(2)
    repeat.scroll_into_view_if_needed()
    repeat.tap()
    state = popover_state(page, repeat)
    assert state["shown"] and shorts["iep"].startswith(state["short"][:60]) and not covers_the_line(state), state
    assert state["describedby"] and state["title"] is None, "the definition must be heard once: no title beside it"
    page.keyboard.press("Escape")
    assert not popover_state(page, repeat)["shown"]
    assert page.url == base_url + "iep/what-is-an-iep/"
    page.context.close()


def test_the_popover_goes_above_a_word_near_the_bottom_of_the_screen(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url + "iep/what-is-an-iep/")
    mark = page.locator("article p abbr[data-iep-pop][data-term='iep']").nth(2)
    mark.evaluate("m => scrollBy(0, m.getBoundingClientRect().top - innerHeight + 60)")
    mark.tap()
    state = popover_state(page, mark)
    assert state["shown"] and state["box"]["bottom"] <= state["line"][0]["top"], state
    assert state["box"]["top"] >= 0
    page.context.close()


def test_journey_checks_catch_a_popover_that_covers_the_line_or_is_small(browser: Browser, base_url: str) -> None:
    page = phone(browser, bypass_csp=True)
    page.goto(base_url)
    page.add_style_tag(content=".iep-pop { margin-top: -2.5rem !important } .iep-pop__short { font-size: 10px !important }")
    mark = page.locator("article a[data-term='iep']").first
    mark.scroll_into_view_if_needed()
    mark.tap()
    state = popover_state(page, mark)
    assert covers_the_line(state) and state["size"] < 16
    page.context.close()


# Every page at every width ----------------------------------------------------------------------


def layout_problems_at_widths(page: Page, url: str) -> list[str]:
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    page.goto(url, wait_until="domcontentloaded")
    wait_until(page, TABLES_READY)
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        now = page.evaluate(LAYOUT_PROBLEMS)
        if now:  # after a resize, Material's search box eases to its new width: measure again once it has
            wait_until(page, SETTLED)
            now = page.evaluate(LAYOUT_PROBLEMS)
        found += [f"at {width}px: {p}" for p in now]
    return found


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_broken_word_in_a_cell_and_no_sideways_scroll_on_any_page_at_five_widths(
        browser: Browser, base_url: str, site: Path, shard: int) -> None:
    """One page per shard, reused: each page loads once and is measured at each width in turn."""
    paths = all_pages(site)[shard::SHARDS]  # both languages
    page = browser.new_context(viewport={"width": WIDTHS[0], "height": 800}).new_page()
    problems = []
    for path in paths:
        problems += [f"/{path} {p}" for p in layout_problems_at_widths(page, base_url + path)]
    page.context.close()
    print(f"layout at {WIDTHS}: {len(paths)} pages, {len(problems)} problems")
    assert len(paths) > 50
    assert not problems, "\n".join(problems[:40])


def test_layout_check_catches_broken_words_and_a_wide_page(browser: Browser, base_url: str) -> None:
    """Planted defects: the old 'overflow-wrap: anywhere' with shrinkable cells, and a wide element."""
    page = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True).new_page()
    page.goto(base_url + "504/iep-vs-504/")
    wait_until(page, TABLES_READY)
    page.add_style_tag(content=".md-typeset table.iep-table :is(td, th) { overflow-wrap: anywhere !important; min-width: 0 !important }"
                               " .md-typeset table.iep-table { width: 30rem !important; display: table !important }")
    found = page.evaluate(LAYOUT_PROBLEMS)
    assert any("broken over" in p for p in found), found
    page.set_viewport_size({"width": 320, "height": 800})
    page.evaluate("document.querySelector('article > p').style.minWidth = '600px'")
    assert any("scrolls sideways" in p for p in page.evaluate(LAYOUT_PROBLEMS))
    page.context.close()


def test_a_table_too_wide_for_its_column_scrolls_in_a_labelled_keyboard_region(browser: Browser, base_url: str) -> None:
    page = browser.new_context(viewport={"width": 768, "height": 800}).new_page()
    page.goto(base_url + "benchmarks/")
    wait_until(page, "document.querySelector('[data-iep-scroll]')")
    frames = page.locator("article .md-typeset__scrollwrap")
    for i in range(frames.count()):
        frame = frames.nth(i)
        wide = frame.evaluate("f => f.scrollWidth > f.clientWidth + 1")
        if wide:
            assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("role") == "region"
            assert (frame.get_attribute("aria-label") or "").startswith("Table")
        else:
            assert frame.get_attribute("tabindex") is None
    page.context.close()


# The tools around the journeys -------------------------------------------------------------------


TARGETS = [
    ("", ".situations a, .iep-tools__button, .md-footer-meta .iep-embed-share__open"),
    ("glossary/", ".az-jump a"),
    ("next-steps/family-checklist/", ".task-list-item > input[type=checkbox]"),
]
SMALL_TARGETS = """sel => [...document.querySelectorAll(sel)].filter(el => el.checkVisibility())
  .map(el => [el.textContent.trim().slice(0, 30) || el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
  .filter(([, r]) => r.width < 24 || r.height < 24).map(([what, r]) => `${what}: ${Math.round(r.width)} x ${Math.round(r.height)}`)"""


def test_tap_targets_are_at_least_24_px_square(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    problems, counted = [], 0
    for path, selector in TARGETS:
        page.goto(base_url + path)
        counted += page.locator(selector).count()
        problems += [f"/{path} {p}" for p in page.evaluate(SMALL_TARGETS, selector)]
    page.goto(base_url + "iep/what-is-an-iep/")
    page.locator("article a[data-term]").first.tap()
    problems += page.evaluate(SMALL_TARGETS, ".iep-pop__more")
    page.context.close()
    assert counted > 30
    assert not problems, "\n".join(problems)


def test_target_check_catches_small_letters(browser: Browser, base_url: str) -> None:
    page = phone(browser, bypass_csp=True)
    page.goto(base_url + "glossary/")
    page.add_style_tag(content=".md-typeset .az-jump a { display: inline !important; min-width: 0 !important; min-height: 0 !important; border: 0 !important }")
    assert page.evaluate(SMALL_TARGETS, ".az-jump a")
    page.context.close()


def test_share_uses_the_device_share_sheet_where_there_is_one(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    context.add_init_script("navigator.share = data => { window.__shared = data; return Promise.resolve() }")
    page = context.new_page()
    page.goto(base_url + "rights/when-the-school-says-no/")
    page.get_by_role("button", name="Share").tap()
    wait_until(page, "window.__shared")
    shared = page.evaluate("window.__shared")
    assert shared["url"] == site_url() + "rights/when-the-school-says-no/"
    assert shared["title"] == "What if the school says no?"
    expect(page.locator(".iep-share-menu")).to_be_hidden()
    context.close()


def test_share_without_a_share_sheet_offers_copy_email_and_text(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.add_init_script("delete Navigator.prototype.share")
    page = context.new_page()
    page.goto(base_url + "rights/when-the-school-says-no/")
    url = site_url() + "rights/when-the-school-says-no/"
    share = page.get_by_role("button", name="Share")
    share.tap()
    menu = page.locator(".iep-share-menu")
    expect(menu).to_be_visible()
    expect(share).to_have_attribute("aria-expanded", "true")
    assert on_screen(menu)
    email = menu.get_by_role("link", name="Email")
    text = menu.get_by_role("link", name="Text message")
    assert email.get_attribute("href").startswith("mailto:?subject=") and url.replace(":", "%3A").replace("/", "%2F") in email.get_attribute("href")
    assert text.get_attribute("href").startswith("sms:") and "%2Frights%2Fwhen-the-school-says-no%2F" in text.get_attribute("href")
    menu.get_by_role("button", name="Copy link").tap()
    expect(menu.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(share).to_be_focused()
    context.close()


def test_print_button_prints_the_page(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1 }")
    page = context.new_page()
    page.goto(base_url + "next-steps/letters/request-evaluation/")
    page.get_by_role("button", name="Print", exact=True).tap()
    assert page.evaluate("window.__printed") == 1
    context.close()


def test_embed_stays_for_schools_in_the_footer(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url + "iep/what-is-an-iep/")
    button = page.get_by_role("button", name="Embed this page")
    expect(button).to_be_visible()
    assert button.evaluate("b => !!b.closest('footer') && !b.closest('article')")
    page.context.close()


def test_checklists_tick_on_screen_and_keep_nothing(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url + "next-steps/family-checklist/")
    box = page.locator(".task-list-item > input[type=checkbox]").first
    expect(box).to_be_enabled()
    assert len(box.get_attribute("aria-label") or "") > 10
    storage = "JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])"
    before = page.evaluate(storage)
    box.tap()
    expect(box).to_be_checked()
    assert page.evaluate(storage) == before, "ticks must stay in the page only"
    box.tap()
    expect(box).not_to_be_checked()
    box.tap()
    page.reload()
    expect(page.locator(".task-list-item > input[type=checkbox]").first).not_to_be_checked()
    page.context.close()


def test_no_stray_permalink_after_tapping_a_heading(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url + "iep/what-is-an-iep/")
    heading = page.locator("article h2").first
    heading.tap()
    assert heading.locator(".headerlink").evaluate("a => !a.checkVisibility({opacityProperty: true})")
    page.context.close()


def test_phone_menu_opens_on_the_main_sections(browser: Browser, base_url: str) -> None:
    page = phone(browser)
    page.goto(base_url + "iep/what-is-an-iep/")
    page.get_by_role("button", name="Menu").tap()
    wait_until(page, SETTLED)
    for name in ("IEP basics", "Rights", "Where can you get free help?", "About this site"):
        entry = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item").filter(has_text=name).first
        assert on_screen(entry), f"'{name}' is not on the menu's first screen"
    assert page.locator("#__nav_2").evaluate("t => !t.checked"), "the menu opened inside the current section"
    page.locator("label[for='__nav_2'].md-nav__link").tap()
    wait_until(page, SETTLED)  # the section slides in
    back = page.locator("nav[aria-labelledby='__nav_2_label'] > label.md-nav__title")
    assert "Main menu" in back.evaluate("l => getComputedStyle(l, '::before').content")
    assert on_screen(page.locator("nav[aria-labelledby='__nav_2_label'] a", has_text="Who can get an IEP?"))
    back.tap()
    assert page.locator("#__nav_2").evaluate("t => !t.checked")
    page.context.close()


def test_phone_menu_sections_open_from_the_keyboard(browser: Browser, base_url: str) -> None:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(base_url + "iep/what-is-an-iep/")
    page.get_by_role("button", name="Menu").focus()
    page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('label[for=\"__nav_2\"]')"):
            break
    else:
        pytest.fail("the 'IEP basics' section could not be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#__nav_2")).to_be_checked()
    page.context.close()
