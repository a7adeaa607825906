"""The site's scripts start after the first paint: the theme's script tags become preload links that the
starter runs (macros/render/scripts.py)."""
from __future__ import annotations

import pytest

from macros.render.scripts import after_paint, preload

THEME_BLOCK = """
      <script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>
      <script src="../assets/javascripts/site.js"></script>
      <script src="../assets/javascripts/page-tools.js"></script>
"""


def test_each_script_becomes_a_low_priority_preload_in_the_same_order_for_browsers_with_javascript() -> None:
    links = str(after_paint(THEME_BLOCK)).splitlines()
    assert links == [
        '<link rel="preload" as="script" href="../assets/javascripts/bundle.a5f9d56c.min.js" fetchpriority="low" media="(scripting: enabled)" data-iep-script>',
        '<link rel="preload" as="script" href="../assets/javascripts/site.js" fetchpriority="low" media="(scripting: enabled)" data-iep-script>',
        '<link rel="preload" as="script" href="../assets/javascripts/page-tools.js" fetchpriority="low" media="(scripting: enabled)" data-iep-script>',
    ]


@pytest.mark.parametrize("block", [
    '<script src="a.js" type="module"></script>',
    '<script src="a.js" async></script>',
    '<script>console.log(1)</script>',
    '<script src="a.js"></script><noscript>x</noscript>',
])
def test_anything_else_in_the_block_stops_the_build_and_says_where_to_look(block: str) -> None:
    with pytest.raises(ValueError, match=r"other than plain script tags: .*update macros/render/scripts.py"):
        after_paint(block)


def test_a_path_from_data_is_escaped() -> None:
    assert 'href="a&#34;&gt;&lt;b.js"' in str(preload('a"><b.js'))


# Records when the theme's script finished its first run: it ends by setting window.document$.
THEME_RAN_AT = """Object.defineProperty(window, "document$", {configurable: true, set(value) {
  Object.defineProperty(window, "document$", {value, writable: true, configurable: true})
  window.__themeRanAt = performance.now()
}})"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "next-steps/letters/request-records/", "glossary/iep/"])
def test_the_scripts_run_after_the_first_contentful_paint_and_the_theme_starts(page, base_url: str, path: str) -> None:
    """The page is on screen before any of its scripts runs; then the theme's script and the site's all
    start (the theme's search, the site's page tools), as they did when they ran before the paint."""
    page.add_init_script(THEME_RAN_AT)
    page.goto(base_url + path)
    ran, painted = page.evaluate("[window.__themeRanAt, performance.getEntriesByName('first-contentful-paint')[0].startTime]")
    assert ran > painted, f"the theme's script ran at {ran:.0f} ms, before the first contentful paint at {painted:.0f} ms"
    assert page.evaluate("document.documentElement.hasAttribute('data-iep-started')")
    page.locator("[data-iep-tools] button").first.wait_for()  # the site's page tools
    page.keyboard.press("/")  # the theme's keyboard shortcut to search, which it wires on DOMContentLoaded
    assert page.evaluate("document.activeElement.matches('.md-search__input')"), "the theme's script did not start"


# A browser without paint timing: no PerformanceObserver. The 3 s fallback timer is held back, so only the
# two-frame path can start the scripts.
NO_PAINT_TIMING = """delete window.PerformanceObserver
const setTimer = window.setTimeout
window.setTimeout = (f, ms, ...rest) => ms === 3000 ? 0 : setTimer(f, ms, ...rest)"""
# A browser whose paint timing never reports: only the 3 s fallback can start the scripts.
SILENT_PAINT_TIMING = """window.PerformanceObserver = class { observe() {} disconnect() {} }
window.PerformanceObserver.supportedEntryTypes = ["paint"]"""


@pytest.mark.browser
@pytest.mark.parametrize("browser_kind", [NO_PAINT_TIMING, SILENT_PAINT_TIMING], ids=["no paint timing", "silent paint timing"])
def test_the_scripts_start_where_the_browser_reports_no_paint(page, base_url: str, browser_kind: str) -> None:
    """goto waits for the page's scripts to start (checks/browser.py) and fails after 10 s if they never do."""
    page.add_init_script(browser_kind)
    page.goto(base_url + "iep/what-is-an-iep/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.md-search__input')"), "the theme's script did not start"


@pytest.mark.browser
def test_without_javascript_the_page_fetches_no_script(browser, base_url: str) -> None:
    """The preload links ask only where scripts can run ((scripting: enabled)): with JavaScript off, the
    page costs no script bytes, as with the defer tags before."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: r.url.endswith(".js") and fetched.append(r.url))
    page.goto(base_url + "next-steps/letters/request-records/", wait_until="networkidle")
    assert page.locator("[data-letter]").is_visible()
    assert not fetched, f"with JavaScript off the page fetched {fetched}"
    context.close()
