"""A term() link shows its short definition as a tooltip on hover and on keyboard focus."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.sitebuild import ROOT, project_data

pytestmark = pytest.mark.browser


def _first_term_link(page: Page, base_url: str):
    page.goto(base_url + "iep/what-is-an-iep/")
    link = page.locator("article a[href*='glossary/iep/']").first
    expect(link).to_be_visible()
    return link


def test_tooltip_on_hover(page: Page, base_url: str) -> None:
    short = project_data().glossary.terms["iep"].short
    link = _first_term_link(page, base_url)
    link.hover()
    tip = page.get_by_role("tooltip").filter(has_text=short[:40])
    expect(tip).to_be_visible()


def test_tooltip_on_keyboard_focus(page: Page, base_url: str) -> None:
    short = project_data().glossary.terms["iep"].short
    link = _first_term_link(page, base_url)
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the term link could not be reached with the Tab key")
    tip = page.get_by_role("tooltip").filter(has_text=short[:40])
    expect(tip).to_be_visible()
