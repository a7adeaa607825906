"""Keyboard, touch and small screens: the skip link, visible focus, glossary definitions on focus and on
tap, and the 404 page at any depth. Every page is covered where a check is per page. (Reflow without
sideways scrolling, at 320, 375, 768, 1280 and 1440 px, is in tests/test_phone.py.)"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from checks.browser import wait_until
from checks.static_server import serve as serve_like_a_host
from tests.sitebuild import ROOT, project_data
from tests.test_accessibility import SCHEMES
from checks.sitepages import PAGE_TYPES, pages

pytestmark = pytest.mark.browser

SHARDS = 2  # the keyboard walk is split so pytest-xdist can run the halves side by side

# One Tab stop, seen from the page: what has focus, whether its focus ring shows, and for a glossary
# link whether its definition (the glossary popover, linked by aria-describedby) is on screen.
FOCUS_STATE = """() => {
  const el = document.activeElement
  if (!el || el === document.body) return null
  const style = getComputedStyle(el)
  const box = el.getBoundingClientRect()
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && box.width > 0 && box.height > 0
  const href = el.getAttribute("href") || ""
  const term = el.getAttribute("data-term-link")
  const tipId = el.getAttribute("aria-describedby")
  const tip = tipId && document.getElementById(tipId)
  const pop = tip && tip.closest(".iep-pop")
  return {
    what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""} ${href}`.trim(),
    href, term, ring, inArticle: !!el.closest("article"),
    tip: pop && !pop.hidden && pop.checkVisibility({opacityProperty: true}) ? tip.textContent.trim() : null,
  }
}"""


def mark_term_links(page: Page) -> list[str]:
    """Mark the article's glossary links made by term() (a link to a term page carrying the short
    definition, which the glossary popover shows) and return their addresses."""
    return page.evaluate("""() => [...document.querySelectorAll("article a[href][data-term]")]
        .map(a => [a, new URL(a.href).pathname.match(/\\/glossary\\/([a-z0-9-]+)\\/$/)])
        .filter(([a, m]) => m)
        .map(([a, m]) => { a.setAttribute("data-term-link", m[1]); return a.getAttribute("href") })""")


def _plain(text: str) -> str:
    return " ".join(text.replace("“", '"').replace("”", '"').split())


def keyboard_walk(page: Page, shorts: dict[str, str], limit: int = 400) -> tuple[list[str], int]:
    """From the top of the loaded page: Tab to the skip link, follow it, then Tab through the whole
    article. Returns the problems found and the number of glossary links checked."""
    problems = []
    expected = mark_term_links(page)
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    if skip.count():
        if not skip.evaluate("el => el === document.activeElement"):
            problems.append("the first Tab does not reach the skip link")
        expect(skip).to_have_css("opacity", "1")
        page.keyboard.press("Enter")
    reached, entered = [], False
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        if skip.count() and not entered and not state["inArticle"]:
            problems.append(f"after the skip link, Tab went to {state['what']}, not into the article")
        entered = entered or state["inArticle"]
        if entered and not state["inArticle"] and not state["what"].startswith("button"):
            break  # left the article: the rest is the footer
        if not state["ring"] and not state["what"].startswith("iframe"):  # a frame's page shows its own
            problems.append(f"no visible focus ring on {state['what']}")
        if state["term"]:
            reached.append(state["href"])
            term_id = state["term"]
            tip = state["tip"]
            if tip is None:  # on a busy machine, give the popover up to 3 s
                try:
                    wait_until(page, f"({FOCUS_STATE})().tip !== null", timeout=3)
                except TimeoutError:
                    pass
                tip = page.evaluate(FOCUS_STATE)["tip"]
            if not tip or _plain(shorts[term_id])[:40] not in _plain(tip):
                problems.append(f"glossary link {state['href']} shows no definition on focus (popover: {tip!r})")
    missing = [h for h in expected if h not in reached]
    if missing:
        problems.append(f"glossary links never reached with Tab: {missing}")
    return problems, len(reached)


@pytest.mark.parametrize("shard", range(SHARDS))
def test_keyboard_skip_link_focus_ring_and_definitions_on_every_content_page(
    browser, base_url: str, site: Path, shard: int
) -> None:
    """Every page except the generated term pages (one template, checked in the next test)."""
    shorts = project_data().tooltips
    content = [p for p in pages(site) if not p.startswith("glossary/") or p == "glossary/"][shard::SHARDS]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems, links = [], 0
    for path in content:
        page.goto(base_url + path)
        found, n = keyboard_walk(page, shorts)
        problems += [f"/{path}: {p}" for p in found]
        links += n
    context.close()
    print(f"keyboard walk: {len(content)} pages, {links} glossary links focused")
    assert links, "no glossary link was reached on these pages"
    assert not problems, "\n".join(problems)


def test_keyboard_on_a_term_page_and_the_header_at_phone_width(browser, base_url: str) -> None:
    shorts = project_data().tooltips
    for width, path in [(1280, PAGE_TYPES["term page"]), (375, PAGE_TYPES["content page"])]:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(base_url + path)
        problems, links = keyboard_walk(page, shorts)
        context.close()
        assert not problems, f"/{path} at {width}px:\n" + "\n".join(problems)
        assert links, f"/{path} at {width}px: no glossary link reached"


ON_SCREEN = """() => {
  const el = document.activeElement
  const r = el.getBoundingClientRect()
  return {what: el.outerHTML.slice(0, 80), nav: el.matches(".md-sidebar--primary a"),
          on: r.width > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight}
}"""


def test_phone_width_header_and_menu_work_from_the_keyboard(browser, base_url: str) -> None:
    """At 375px the header's Tab stops are all on screen (the closed menu's links are not Tab stops),
    the menu opens with Enter, its links are then reached on screen, and Escape closes it."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["content page"])
    for _ in range(6):
        page.keyboard.press("Tab")
        stop = page.evaluate(ON_SCREEN)
        assert stop["on"], f"Tab stop out of sight: {stop['what']}"
    menu = page.get_by_role("button", name="Menu")
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#__drawer")).to_be_checked()
    expect(menu).to_have_attribute("aria-expanded", "true")
    # The menu slides in (a 0.25 s transition); on a busy machine the first Tab can land before it is in.
    wait_until(page, "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    for _ in range(10):
        page.keyboard.press("Tab")
        stop = page.evaluate(ON_SCREEN)
        assert stop["on"], f"Tab stop out of sight in the open menu: {stop['what']}"
        if stop["nav"]:
            break
    else:
        pytest.fail("no menu link was reached with Tab after opening the menu")
    page.keyboard.press("Escape")
    expect(page.locator("#__drawer")).not_to_be_checked()
    expect(menu).to_be_focused()
    context.close()


def test_focus_check_catches_a_missing_focus_ring(browser, base_url: str) -> None:
    """Planted defect: a style that removes the focus outline is reported (planting it needs the page's
    Content Security Policy set aside)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["content page"])
    page.add_style_tag(content="article a:focus-visible { outline: none !important }")
    problems, _ = keyboard_walk(page, project_data().tooltips)
    context.close()
    assert any("no visible focus ring" in p for p in problems), problems


def test_tap_a_term_for_its_definition_then_its_page_and_one_tap_back(browser, base_url: str) -> None:
    """On a phone, tapping a glossary link opens its definition in the page (the address stays);
    "More about this word" opens the term's page with the short definition on the first screen; the
    browser's back button (one tap) returns to the same place in the page."""
    t = project_data().glossary.terms["idea"]
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    start = base_url + PAGE_TYPES["content page"]
    page.goto(start)
    link = page.locator("article a[href$='glossary/idea/']").first
    link.scroll_into_view_if_needed()
    scrolled = page.evaluate("scrollY")
    link.tap()
    pop = page.locator(".iep-pop")
    expect(pop).to_be_visible()
    expect(pop.locator(".iep-pop__short")).to_have_text(" ".join(t.short.split()))
    assert page.url == start, "the first tap left the page"
    with page.expect_navigation():
        pop.get_by_role("link", name="More about this word").tap()
    assert page.url == base_url + "glossary/idea/"
    short = page.locator(".term-short")
    expect(short).to_have_text(project_data().tooltips[t.id])
    box = short.bounding_box()
    assert box and box["y"] + box["height"] <= 667, "the short definition is not on the first screen"
    page.go_back()
    assert page.url == start
    assert abs(page.evaluate("scrollY") - scrolled) < 5, "back does not return to the same place"
    expect(link).to_be_in_viewport()
    context.close()


def test_missing_page_at_any_depth_offers_search_and_sections(browser, site: Path) -> None:
    """A host serves 404.html for any missing address: its links and assets must work from /a/b/c/."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.request.resource_type != "document" else None)
    with serve_like_a_host(site) as base:
        response = page.goto(base + "a/b/c/missing/")
        assert response and response.status == 404
        expect(page.locator("h1")).to_have_text("We could not find that page")
        page.wait_for_load_state("networkidle")
        sections = page.locator("article .site-sections a")
        assert sections.count() >= 5
        for href in sections.evaluate_all("els => els.map(a => a.href)"):
            assert page.request.get(href).status == 200, f"the 404 page links {href}, which is missing"
        page.get_by_role("button", name="Search the site").click()
        query = page.locator("[data-md-component=search-query]")
        expect(query).to_be_focused()
        query.type("IEP", delay=20)
        first = page.locator(".md-search-result__item a").first
        expect(first).to_be_visible()
        assert page.request.get(first.evaluate("a => a.href")).status == 200
    context.close()
    assert not failed, f"the 404 page at depth could not load: {failed}"


# Every change of a colour attribute on <body> while the page loads and after: Material's palette code,
# had it started, would mark <body> and set the scheme again after the first paint.
WATCH_PALETTE = """new MutationObserver(records => {
  for (const r of records) if (r.target === document.body && r.attributeName.startsWith("data-md-color"))
    (window.__paletteChanges = window.__paletteChanges || []).push([r.attributeName, document.body.getAttribute(r.attributeName), document.readyState])
}).observe(document, {attributes: true, subtree: true})"""


def palette_set_again(page: Page) -> str:
    """What set a colour attribute of <body> once the page was read, or more than once (WATCH_PALETTE)."""
    changes = page.evaluate("window.__paletteChanges || []")
    if len(changes) > 1 or any(state != "loading" for _, _, state in changes):
        return f"the palette was set again after the page was read (a restyle of every element): {changes}"
    return ""


def test_palette_check_catches_a_palette_set_after_the_page_is_read(browser, base_url: str) -> None:
    """Planted defect: the body marked as Material's palette code marks it as it starts."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(WATCH_PALETTE)
    context.add_init_script("""addEventListener("DOMContentLoaded", () => document.body.setAttribute("data-md-color-switching", ""))""")
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["term page"], wait_until="load")
    assert "set again" in palette_set_again(page)
    context.close()


BAR_MATCHES = """() => (document.querySelector("meta[name=theme-color]") || {}).content
  === getComputedStyle(document.querySelector("header")).backgroundColor"""


@pytest.mark.parametrize("device", ["dark", "light"])
def test_light_dark_switch_follows_the_device_until_the_reader_chooses(browser, base_url: str, device: str) -> None:
    """The page opens in the device's scheme, set once while the header is read; a tap on the switch changes
    it at once and is remembered on the next page; until a reader chooses, the page follows the device.
    The browser's bar (theme-color) takes the header's colour each time."""
    other = "light" if device == "dark" else "dark"
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme=device)
    context.add_init_script(WATCH_PALETTE)
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES["term page"], wait_until="networkidle")
    body = page.locator("body")
    switch = page.locator("[data-iep-palette]")
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[device])
    expect(switch).to_have_attribute("aria-label", f"Switch to {other} mode")
    wait_until(page, BAR_MATCHES)
    assert not palette_set_again(page)

    page.emulate_media(color_scheme=other)
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[other])
    page.emulate_media(color_scheme=device)
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[device])

    switch.tap()
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[other])
    expect(switch).to_have_attribute("aria-label", f"Switch to {device} mode")
    wait_until(page, BAR_MATCHES)
    wait_until(page, "() => !document.body.hasAttribute('data-md-color-switching')")
    page.goto(base_url + PAGE_TYPES["content page"])
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[other])
    page.emulate_media(color_scheme=other)
    page.emulate_media(color_scheme=device)
    page.wait_for_timeout(100)
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[other])  # the reader's choice holds
    context.close()
