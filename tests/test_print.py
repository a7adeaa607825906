"""Printing: Chromium renders print media to a Letter PDF, and the PDF's text is read back with pypdf.

Navigation, header, footer, search and buttons are left out; the page title, the last-reviewed date and
the site address stay; external links print their address; the meeting checklist fits on two pages.
"""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from checks.sitepages import PAGE_TYPES, site_url

pytestmark = pytest.mark.browser

CHECKLIST = "next-steps/meeting-checklist/"
CHROME_TEXT = ["Skip to content", "Table of contents", "Back to top", "Made with", "Embed this page"]


def print_pdf(page: Page) -> tuple[int, str]:
    """(number of Letter pages, text of the PDF with all whitespace removed) for the loaded page."""
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    text = "".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), re.sub(r"\s+", "", text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def navigation_only_text(page: Page) -> list[str]:
    """Labels of the site navigation and the table of contents that the article does not also contain."""
    return page.evaluate("""() => {
      const article = document.querySelector("article").textContent
      return [...document.querySelectorAll(".md-sidebar .md-nav__link, .md-header__topic")]
        .map(a => a.textContent.trim()).filter(t => t.length > 3 && !article.includes(t))
    }""")


@pytest.mark.parametrize("kind", [k for k in PAGE_TYPES if k != "not found"] + ["meeting checklist"])
def test_print_keeps_the_page_and_drops_the_chrome(page: Page, base_url: str, kind: str) -> None:
    path = PAGE_TYPES.get(kind, CHECKLIST)
    page.goto(base_url + path)
    title = page.locator("article h1").inner_text().rstrip("¶")
    nav = navigation_only_text(page)
    external = page.locator("article a[href^='https:']").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    pages, text = print_pdf(page)
    assert _squash(title) in text, "the page title is missing from the print"
    if kind != "term page":  # glossary entries carry no review date in their data
        assert "Lastreviewed:" in text, "no last-reviewed date in the print"
    assert "Generalinformation,notlegaladvice" in text
    assert _squash(site_url() + path) in text, "the site address of the page is missing from the print"
    leaked = [t for t in nav + CHROME_TEXT if _squash(t) in text]
    assert not leaked, f"navigation or controls printed: {leaked}"
    assert nav, "the page has no navigation to leave out (the check would prove nothing)"
    for href in external[:5]:
        assert _squash(href) in text, f"the address of the external link {href} is not printed"


def test_meeting_checklist_fits_on_two_letter_pages(page: Page, base_url: str) -> None:
    page.goto(base_url + CHECKLIST)
    pages, _ = print_pdf(page)
    print(f"meeting checklist: {pages} Letter pages")
    assert pages <= 2, f"the meeting checklist prints on {pages} Letter pages; keep it to 2"


def test_tables_checklists_and_callouts_are_not_split(page: Page, base_url: str) -> None:
    for path in (CHECKLIST, PAGE_TYPES["page with tables"]):
        page.goto(base_url + path)
        page.emulate_media(media="print")
        styles = page.evaluate("""() => [...document.querySelectorAll(
            "article table, article .task-list, article .task-list-item, article .admonition")]
            .map(el => [el.tagName + "." + el.className, getComputedStyle(el).breakInside])""")
        assert styles, f"/{path} has no table, checklist or callout"
        split = [name for name, value in styles if value != "avoid"]
        assert not split, f"/{path}: may split across printed pages: {split}"


def test_print_check_catches_printed_navigation(browser, base_url: str) -> None:
    """Planted defect: a print style that shows the sidebar again (planting it needs the page's Content
    Security Policy set aside)."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    page.goto(base_url + CHECKLIST)
    nav = navigation_only_text(page)
    page.add_style_tag(content="@media print { .md-sidebar { display: block !important } }")
    _, text = print_pdf(page)
    assert any(_squash(t) in text for t in nav)
