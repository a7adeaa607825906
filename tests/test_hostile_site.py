"""A site built from hostile data runs no script in Chromium, and shows the hostile text literally.

The small test site gets, in every field the rulebook accepts, text an attacker would try: quotes that
would end an attribute, ampersands, script addresses and handlers written as words, Markdown and
template tricks, and, where an editor's page may pass text to a macro, tags. The build must succeed (the
text is allowed) and every page, embed view and card, opened in Chromium, must raise no dialog and set no
flag; the term's page must show its name and definition exactly as written.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from checks.browser import serve
from tests.fixture import mini_project
from tests.sitebuild import build_and_check

pytestmark = pytest.mark.browser

QUOTES = '" onmouseover="alert(1)" x=\' onfocus=\'alert(1)\''
SCRIPTY = "javascript:alert(1) {: onclick=alert(1) } *[IEP]: x"
TERM_NAME = 'Q&A "plan" \'quoted\' javascript:alert(1)'
TAGS_IN_A_CALL = "<img src=x onerror=alert(1)><script>alert(1)</script>"


def _hostile(root: Path) -> None:
    iep = root / "glossary" / "iep.yml"
    data = yaml.safe_load(iep.read_text(encoding="utf-8"))
    data.update(term=TERM_NAME, aliases=[f"alias {QUOTES}"], short=f"Short {QUOTES} & more.",
                definition=f"First {QUOTES}.\n\nThen {SCRIPTY}.")
    data["citations"] = [{"label": "34 CFR 300.22"}, {"label": f"A guide {QUOTES}", "url": "https://www.ed.gov/a?b=1&c=2#d'e"}]
    iep.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    page = root / "docs" / "rights" / "consent.md"
    text = page.read_text(encoding="utf-8")
    title, description = json.dumps("Consent " + QUOTES), json.dumps("About " + QUOTES + " " + SCRIPTY)
    text = re.sub(r"^title: .*$", lambda m: f"title: {title}", text, count=1, flags=re.M)
    text = re.sub(r"^description: .*$", lambda m: f"description: {description}", text, count=1, flags=re.M)
    text += f'\n\nAn {{{{ term("iep", "{TAGS_IN_A_CALL}") }}}} and text {SCRIPTY}.\n'
    page.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = mini_project(tmp_path_factory.mktemp("hostile") / "p")
    _hostile(root)
    site = root.parent / "site"
    result = build_and_check(root, site)
    assert result.ok, "hostile but allowed text must build:\n" + result.output[-3000:]
    with serve(site) as url:
        yield site, url


def test_no_script_runs_anywhere_in_a_site_built_from_hostile_data(hostile_site, browser) -> None:
    site, url = hostile_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    context = browser.new_context()
    context.add_init_script("window.__ran = []; window.alert = window.confirm = window.prompt = "
                            "function (x) { window.__ran.push(String(x)); };")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    ran = []
    for rel in pages:
        page.goto(url + rel)
        page.mouse.move(10, 10)
        for link in page.locator("article a[title], article abbr").all()[:15]:  # hover and focus what a reader would
            try:
                link.hover(timeout=500)
                link.focus(timeout=500)
            except Exception:  # noqa: BLE001 - hidden or detached elements cannot be hovered
                pass
        ran += [f"{rel}: {x}" for x in page.evaluate("window.__ran")]
    context.close()
    assert not dialogs and not ran, f"script ran: {dialogs + ran}"
    assert len(pages) > 20


def test_hostile_text_is_shown_literally(hostile_site, browser) -> None:
    site, url = hostile_site
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "glossary/iep/")
    assert page.locator("h1").first.inner_text().startswith("Q&A \"plan\" 'quoted' javascript:alert(1)")
    assert QUOTES in page.locator("article").inner_text()
    page.goto(url + "rights/consent/")
    assert page.title().startswith("Consent " + QUOTES)
    assert page.locator('meta[name="description"]').get_attribute("content").startswith("About " + QUOTES)
    assert TAGS_IN_A_CALL in page.locator("article").inner_text()
    context.close()
