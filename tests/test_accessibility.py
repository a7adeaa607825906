"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any page, at 1280 and 375 px, light and dark.

Every page of the built site is checked (its sitemap plus the 404 page), so pages added later are
covered without editing this file: every page of both languages at 375 px light; in the other three
settings, the pages that together hold every kind of element the site has (each element's tag and classes
under its parent's: checks.sitepages.covering_sample), since colours and layout come from those. One browser context per width and palette loads the pages one after
another; axe (bundled with axe-playwright-python, nothing downloaded) is injected by an init script.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from checks.browser import wait_until
from checks.sitepages import all_pages, built_file, covering_sample, read_html

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's palette scheme
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(r => r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}x, first: ${v.nodes[0].target.join(" ")}; `
    + `${(v.nodes[0].failureSummary || "").replace(/\\s+/g, " ").slice(0, 200)})`))"""


# Transitions that are still running (a button fading in): axe would measure a colour halfway through.
SETTLED = "document.getAnimations().every(a => a.playState !== 'running' || a.effect.getComputedTiming().endTime === Infinity)"


def axe_violations(page) -> list[str]:
    """The WCAG A/AA violations axe finds on the loaded page, one line each, once its transitions end."""
    wait_until(page, SETTLED)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def _context(browser, width: int, scheme: str, bypass_csp: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=bypass_csp)
    context.add_init_script(AXE_SCRIPT)
    return context


@pytest.mark.browser
@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violations_on_any_page(browser, base_url: str, site: Path, width: int, scheme: str) -> None:
    # Every page of both languages at 375 px light (a phone, the most common case); in the other three
    # settings, the pages that together hold every kind of element the site has (its styles in that setting)
    paths = all_pages(site) if (width, scheme) == (375, "light") else covering_sample(site, all_pages(site))
    context = _context(browser, width, scheme)
    page = context.new_page()
    problems = []
    for path in paths:
        page.goto(base_url + path)
        palette = page.evaluate("document.body.dataset.mdColorScheme")
        assert palette == SCHEMES[scheme], f"/{path}: expected the {scheme} palette, the page shows {palette!r}"
        problems += [f"/{path}: {v}" for v in axe_violations(page)]
    context.close()
    print(f"axe, WCAG A/AA, {width}px, {scheme} palette: {len(paths)} pages, {len(problems)} violations")
    assert not problems, f"{len(problems)} axe violations on {len(paths)} pages at {width}px ({scheme}):\n" + "\n".join(problems)


@pytest.mark.browser
def test_axe_check_reports_a_planted_violation(browser, base_url: str) -> None:
    """The check above can fail: grey-on-white text and an image without alt text are reported (planted
    with the page's Content Security Policy set aside, which would block the inline style)."""
    context = _context(browser, 1280, "light", bypass_csp=True)
    page = context.new_page()
    plant = '<p style="color:#bbbbbb">Faint text.</p><img src="x.png" width="10" height="10">'

    def planted(route) -> None:
        route.fulfill(content_type="text/html", body=route.fetch().text().replace("</h1>", "</h1>" + plant, 1))

    page.route(base_url + "iep/what-is-an-iep/", planted)
    page.goto(base_url + "iep/what-is-an-iep/")
    found = " ".join(axe_violations(page))
    context.close()
    assert "color-contrast" in found and "image-alt" in found, found


def test_content_images_have_alt_text(site: Path) -> None:
    missing = []
    for path in all_pages(site):
        for img in read_html(built_file(site, path)).xpath("//article//img"):
            if not (img.get("alt") or "").strip() and img.get("aria-hidden") != "true":
                missing.append(f"/{path}: <img src={img.get('src')!r}> has no alt text")
    assert not missing, "\n".join(missing)
