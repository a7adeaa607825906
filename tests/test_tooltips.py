"""The glossary popover (assets/javascripts/glossary-popover.js): every marked term, first mention (a
term() link) or repeat (an abbreviation), opens the same readable box on hover, keyboard focus and tap,
with the term, its short definition and "More about this word". Screen readers hear the definition once:
as the description of the focused term, with no title attribute beside it."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.sitebuild import project_data

pytestmark = pytest.mark.browser

PAGE = "iep/what-is-an-iep/"

# The popover as the focused or hovered mark sees it, and what a screen reader would be given.
STATE = """m => {
  const pop = document.querySelector('.iep-pop')
  const described = (m.getAttribute('aria-describedby') || '').split(' ').filter(Boolean).map(id => document.getElementById(id))
  const short = pop && pop.querySelector('.iep-pop__short')
  return {
    shown: !!pop && !pop.hidden && pop.checkVisibility(),
    text: pop ? pop.textContent : '',
    size: short ? parseFloat(getComputedStyle(short).fontSize) : 0,
    more: pop && pop.querySelector('a') ? pop.querySelector('a').href : null,
    described: described.map(el => el ? el.textContent : null),
    title: m.getAttribute('title'),
    readTwice: !!pop && !pop.hidden && !!short && !short.closest('[aria-hidden="true"]'),
  }
}"""


def _short(tid: str) -> str:
    return " ".join(project_data().glossary.terms[tid].short.split())


def heard_once(state: dict, short: str) -> list[str]:
    """What is wrong with what a screen reader gets: the definition must be the mark's one description."""
    problems = []
    if len(state["described"]) != 1 or short[:40] not in (state["described"][0] or ""):
        problems.append(f"the definition is not the description of the term: {state['described']}")
    if state["title"]:
        problems.append(f"a title attribute is read beside the popover: {state['title']!r}")
    if state["readTwice"]:
        problems.append("the popover's definition is also read on its own")
    return problems


def _first_link(page: Page, base_url: str):
    page.goto(base_url + PAGE)
    link = page.locator("article a[data-term='iep']").first
    expect(link).to_be_visible()
    return link


def test_popover_on_hover(page: Page, base_url: str) -> None:
    link = _first_link(page, base_url)
    link.hover()
    state = link.evaluate(STATE)
    assert state["shown"] and _short("iep")[:40] in state["text"]
    assert "More about this word" in state["text"] and state["more"].endswith("/glossary/iep/")
    assert state["size"] >= 16
    page.mouse.move(5, 5)
    expect(page.locator(".iep-pop"), "the popover stays after the pointer left").to_be_hidden()


def test_popover_on_keyboard_focus_is_heard_once(page: Page, base_url: str) -> None:
    link = _first_link(page, base_url)
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the term link could not be reached with the Tab key")
    state = link.evaluate(STATE)
    assert state["shown"] and state["size"] >= 16
    assert heard_once(state, _short("iep")) == []
    page.keyboard.press("Escape")
    assert not link.evaluate(STATE)["shown"]
    assert page.url == base_url + PAGE


def test_a_repeated_abbreviation_opens_the_same_popover_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + PAGE)
    abbr = page.locator("article p abbr[data-iep-pop][data-term='idea']").first
    abbr.focus()
    state = abbr.evaluate(STATE)
    assert state["shown"] and "Individuals with Disabilities Education Act" in state["text"]
    assert heard_once(state, _short("idea")) == []
    expect(abbr).to_have_attribute("role", "button")
    page.keyboard.press("Enter")  # Enter moves to the popover's link, the way to the full entry
    expect(page.locator(".iep-pop__more")).to_be_focused()
    page.keyboard.press("Escape")
    expect(abbr).to_be_focused()
    assert not abbr.evaluate(STATE)["shown"]


def test_a_tap_on_a_term_link_does_not_leave_the_page(page: Page, base_url: str) -> None:
    """A click or tap opens (and a second one closes) the popover; only its link leaves the page."""
    link = _first_link(page, base_url)
    link.click()
    assert page.url == base_url + PAGE and link.evaluate(STATE)["shown"]
    link.click()
    assert page.url == base_url + PAGE and not link.evaluate(STATE)["shown"]


def test_heard_once_check_catches_a_title_beside_the_popover(page: Page, base_url: str) -> None:
    """Planted defect: the short definition is put back as a title, as Material's tooltips had it."""
    link = _first_link(page, base_url)
    link.evaluate("(m, short) => m.setAttribute('title', short)", _short("iep"))
    link.focus()
    assert any("title attribute" in p for p in heard_once(link.evaluate(STATE), _short("iep")))
