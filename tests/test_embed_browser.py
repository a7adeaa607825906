"""Embedding in a real browser: a host page on another origin frames a page and a term card.

The site is served on 127.0.0.1 at one port, the host page at another port: a different origin, as a
school website would be. The snippets name site_url (the live site), so the tests swap in the address of
the local server; the loader accepts the origin it was itself loaded from.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from typing import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from lxml import html
from playwright.sync_api import Browser, BrowserContext, Frame, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from checks.browser import serve
from tests.test_embed import SITE_URL, TERMS, by_class, pages

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FRAME_ROOT = "[data-iep-embed]"
_names = itertools.count()


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served on another port: the school website that embeds the site."""
    folder = tmp_path_factory.mktemp("host")
    with serve(folder) as url:
        yield folder, url


@pytest.fixture()
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


class Watch:
    """Console errors, page errors and failed requests in a page and all its frames. Messages from scripts
    the test itself runs (axe, evaluated code: no script address) are the tools', not the page's."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and m.location.get("url") and self.errors.append(
            f"console: {m.text} ({m.location.get('url')})"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))


def host_page(host: tuple[Path, str], body: str) -> str:
    """Write a host page with this body; return its address."""
    folder, url = host
    name = f"host-{next(_names)}.html"
    (folder / name).write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A school website</title>'
        f'<link rel="icon" href="data:,"></head><body><main><h1>Our school</h1>\n{body}\n</main></body></html>',
        encoding="utf-8",
    )
    return url + name


def local(snippet: str, base_url: str) -> str:
    """A snippet pointed at the local test server instead of the live site."""
    return snippet.replace(SITE_URL, base_url)


def snippet(site: Path, rel: str, card: bool = False, loader: bool = True) -> str:
    """The 'Embed this' code of a built page, as its dialog offers it."""
    doc = html.parse(str(site / rel / "index.html")).getroot()
    code = doc.get_element_by_id("iep-embed-code")
    view = doc.xpath("//input[@name='iep-embed-view']")[1] if card else code
    return view.get("data-snippet") + ("\n" + code.get("data-loader") if loader else "")


def longest_page(site: Path) -> str:
    """The content page with the most text: tall enough to need a scroll bar in a 600 px frame."""
    def size(rel: str) -> int:
        return len(by_class(html.parse(str(site / rel / "index.html")).getroot(), "md-content__inner")[0].text_content())
    return max((r for r in pages(site) if not r.startswith("glossary/")), key=size)


def frame_of(page: Page, selector: str) -> Frame:
    frame = page.locator(selector).element_handle().content_frame()
    assert frame is not None
    frame.wait_for_load_state()
    return frame


def content_height(frame: Frame) -> int:
    return frame.evaluate(f"Math.ceil(document.querySelector('{FRAME_ROOT}').getBoundingClientRect().height)")


def fits(page: Page, selector: str, frame: Frame) -> int:
    """Wait until the iframe is exactly as tall as its content; return that height."""
    for _ in range(5):  # the content may still grow while it loads; measure again until it settles
        height = content_height(frame)
        try:
            page.wait_for_function(
                "([sel, h]) => document.querySelector(sel).clientHeight === h", arg=[selector, height], timeout=5000)
            return height
        except PlaywrightTimeout:
            continue
    pytest.fail(f"the iframe {selector} never took the height of its content ({content_height(frame)} px)")


def no_axe_violations(frame: Frame) -> None:
    result = Axe().run(frame, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert result.violations_count == 0, result.generate_report()


def test_frames_on_another_origin_fit_their_content_and_stay_clean(site: Path, base_url: str, host, context: BrowserContext) -> None:
    rel, term = longest_page(site), sorted(TERMS)[0]
    url = host_page(host, local(snippet(site, rel), base_url) + "\n<aside>" + local(snippet(site, f"glossary/{term}/", card=True), base_url) + "</aside>")
    assert not url.startswith(base_url), "the host page must be on another origin than the site"
    page = context.new_page()
    watch = Watch(page)
    page.goto(url)
    frames = {sel: frame_of(page, sel) for sel in ("main > iframe", "aside > iframe")}
    heights = {}
    for sel, frame in frames.items():
        heights[sel] = fits(page, sel, frame)
        assert frame.evaluate("document.documentElement.scrollHeight <= document.documentElement.clientHeight"), \
            f"{sel} still scrolls inside after it was fitted"
        for chrome in ("header", ".md-header", ".md-sidebar", ".md-footer", ".md-search", ".md-nav", ".md-tabs"):
            assert frame.locator(chrome).count() == 0, f"{sel} shows the site's {chrome}"
        expect(frame.locator(".iep-embed__credit")).to_contain_text("IEP Guide")
        expect(frame.locator("h1")).to_be_visible()
        assert frame.locator("a[href]:not([href^='#']):not([target='_blank'])").count() == 0, f"{sel}: a link opens inside the frame"
        no_axe_violations(frame)
    assert heights["main > iframe"] > 600, "the page frame should have grown past the snippet's starting height"

    page.set_viewport_size({"width": 320, "height": 900})  # narrower than both frames
    for sel, frame in frames.items():
        narrow = fits(page, sel, frame)
        assert narrow > heights[sel], f"{sel} did not grow when the window got narrower"
        no_axe_violations(frame)

    card = frames["aside > iframe"]
    page.locator("aside > iframe").scroll_into_view_if_needed()  # Chromium pauses layout work in frames out of view
    before = fits(page, "aside > iframe", card)
    card.evaluate("document.querySelector('main').append(Object.assign(document.createElement('p'), {textContent: 'More text. '.repeat(40)}))")
    assert fits(page, "aside > iframe", card) > before, "the card frame did not grow with its content"

    page_frame = frames["main > iframe"]
    with page.expect_popup() as popup:
        page_frame.locator(".iep-embed__credit a").first.click()
    assert popup.value.url == base_url + rel, "the credit link should open the full page in a new tab"
    assert page.url == url, "the host page must stay where it is"
    with page.expect_popup() as popup:
        card.locator(".iep-card__more a").click()
    assert popup.value.url == f"{base_url}glossary/{term}/"
    assert not watch.errors, "\n".join(watch.errors)


def test_a_frame_without_the_loader_scrolls_on_its_own(site: Path, base_url: str, host, context: BrowserContext) -> None:
    rel = longest_page(site)
    code = local(snippet(site, rel, loader=False), base_url)
    assert "<script" not in code
    page = context.new_page()
    watch = Watch(page)
    page.goto(host_page(host, code))
    frame = frame_of(page, "iframe")
    expect(frame.locator("h1")).to_be_visible()
    assert page.locator("iframe").evaluate("f => f.clientHeight") == int(page.locator("iframe").get_attribute("height"))
    assert frame.evaluate("document.documentElement.scrollHeight > document.documentElement.clientHeight"), \
        "the long page should scroll inside its frame"
    assert not watch.errors, "\n".join(watch.errors)


def test_the_loader_accepts_only_well_formed_messages_from_the_site(site: Path, base_url: str, host, context: BrowserContext) -> None:
    term = sorted(TERMS)[0]
    code = local(snippet(site, f"glossary/{term}/", card=True), base_url)
    (host[0] / "other.html").write_text('<!doctype html><html lang="en"><title>other</title></html>', encoding="utf-8")
    page = context.new_page()
    page.goto(host_page(host, code + '\n<iframe id="other" src="other.html" title="Another frame of the host"></iframe>'
                        f'\n<iframe id="full" src="{base_url}about/" title="A full page of the site, not an embed view"></iframe>'))
    frame = frame_of(page, "iframe[src*='embed']")
    fits(page, "iframe[src*='embed']", frame)
    page.evaluate("""() => {
        window.heights = [];
        const f = document.querySelector("iframe[src*='embed']");
        new MutationObserver(() => window.heights.push(f.style.height)).observe(f, {attributes: true});
    }""")
    bad = "{type: 'iep-guide:height', height: 5, id: 'x'}"
    page.evaluate(f"window.postMessage({bad}, '*')")  # from the host itself
    frame_of(page, "#other").evaluate(f"parent.postMessage({bad}, '*')")  # from a frame of another origin
    frame_of(page, "#full").evaluate(f"parent.postMessage({bad}, '*')")  # from the site, but not an embed view
    for message in ("{type: 'iep-guide:height', height: '5', id: 'x'}", "{type: 'iep-guide:height', height: 5}",
                    "{type: 'other', height: 5, id: 'x'}", "{type: 'iep-guide:height', height: 1e9, id: 'x'}",
                    "{type: 'iep-guide:height', height: 30001, id: 'x'}",
                    "{type: 'iep-guide:height', height: -5, id: 'x'}", "'iep-guide:height 5'"):
        frame.evaluate(f"parent.postMessage({message}, '*')")  # from the site, but the wrong shape
    frame.evaluate("parent.postMessage({type: 'iep-guide:height', height: 321, id: 'x'}, '*')")  # a good one, last
    page.wait_for_function("() => document.querySelector(\"iframe[src*='embed']\").style.height === '321px'")
    assert page.evaluate("window.heights") == ["321px"], "the loader acted on a message it should have ignored"


def test_embed_views_read_without_javascript(site: Path, base_url: str, host, browser: Browser) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 800, "height": 900})
    try:
        page = ctx.new_page()
        term = sorted(TERMS)[0]
        page.goto(host_page(host, local(snippet(site, longest_page(site)), base_url) + local(snippet(site, f"glossary/{term}/", card=True), base_url)))
        assert len(page.frames) == 3
        for frame in page.frames[1:]:
            frame.wait_for_load_state()
            expect(frame.locator("h1")).to_be_visible()
            expect(frame.locator(".iep-embed__credit")).to_be_visible()
    finally:
        ctx.close()


def test_for_schools_live_example_fits_its_content(base_url: str, page: Page) -> None:
    watch = Watch(page)
    page.goto(base_url + "for-schools/")
    sel = ".iep-embed-example iframe"
    page.locator(sel).scroll_into_view_if_needed()
    fits(page, sel, frame_of(page, sel))
    assert not watch.errors, "\n".join(watch.errors)


@pytest.mark.parametrize("kind", ["page", "term card"])
def test_embed_this_copies_a_snippet_that_works(site: Path, base_url: str, host, context: BrowserContext, kind: str) -> None:
    term = sorted(TERMS)[0]
    rel = f"glossary/{term}/" if kind == "term card" else longest_page(site)
    page = context.new_page()
    watch = Watch(page)
    page.goto(base_url + rel)
    button = page.get_by_role("button", name="Embed this")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=f"Embed this {'term' if kind == 'term card' else 'page'} on your website")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.contains(document.activeElement)"), "focus should move into the dialog"
    if kind == "term card":
        dialog.get_by_label("Compact card").check()
    dialog.get_by_role("button", name="Copy code").click()
    expect(dialog.get_by_role("status")).to_have_text("Copied. Paste the code into your page.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == dialog.locator("textarea").input_value() == snippet(site, rel, card=kind == "term card")
    no_axe_violations_in(page, ".iep-embed-dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert button.evaluate("b => b === document.activeElement"), "closing the dialog should return focus to the button"

    page.goto(host_page(host, local(copied, base_url)))
    frame = frame_of(page, "iframe")
    expect(frame.locator("h1")).to_be_visible()
    fits(page, "iframe", frame)
    assert not watch.errors, "\n".join(watch.errors)


def no_axe_violations_in(page: Page, selector: str) -> None:
    result = Axe().run(page, context={"include": [[selector]]}, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert result.violations_count == 0, result.generate_report()


def test_copy_falls_back_when_the_clipboard_api_is_missing(site: Path, base_url: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    rel = longest_page(site)
    page.goto(base_url + rel)
    page.get_by_role("button", name="Embed this").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Fit the frame to its content").uncheck()
    dialog.get_by_role("button", name="Copy code").click()
    expect(dialog.get_by_role("status")).to_have_text("Copied. Paste the code into your page.")
    reader = context.new_page()
    reader.goto(base_url)
    assert reader.evaluate("navigator.clipboard.readText()") == snippet(site, rel, loader=False)


def test_full_pages_load_nothing_from_other_hosts(site: Path, base_url: str, page: Page) -> None:
    """The oEmbed link names the live site; the browser must not fetch anything from it."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    watch = Watch(page)
    page.goto(base_url + f"glossary/{sorted(TERMS)[0]}/")
    page.wait_for_load_state("networkidle")
    assert [u for u in requests if not u.startswith(base_url)] == []
    assert not watch.errors, "\n".join(watch.errors)


def test_embed_views_with_tables_pass_axe_at_sidebar_width(site: Path, base_url: str, browser: Browser) -> None:
    """Wide tables scroll inside a narrow frame; each scroll area must be reachable by keyboard and named."""
    rels = [r for r in pages(site) if "<table" in (site / "embed" / r / "index.html").read_text(encoding="utf-8")]
    assert rels, "no embed view has a table to check"
    ctx = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        page = ctx.new_page()
        for rel in rels:
            page.goto(f"{base_url}embed/{rel}")
            result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            assert result.violations_count == 0, f"embed/{rel}:\n{result.generate_report()}"
    finally:
        ctx.close()
