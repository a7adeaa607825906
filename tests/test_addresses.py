"""Stable addresses: addresses.txt lists every address the site has published, and each keeps working.

The checker fails when a listed address disappears without a redirect (a moved page: redirects.yml) or, for
a term, without `replaced_by`; with a redirect, the old page, embed view and oEmbed addresses land on the
new ones (tests/fixtures/mini/ copies, renamed and built; the landing is checked in Chromium).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from checks.site import check
from macros.outputs import addresses
from macros.settings import Settings
from tests.fixture import mini_project
from tests.sitebuild import ROOT, build_and_check, project_data

TODAY = dt.date(2026, 11, 30)
OLD, NEW = "rights/evaluation-time.md", "rights/evaluation-timeline.md"


def report(root: Path) -> str:
    problems = check(Settings.from_file(root), TODAY, spelling=False).problems
    return "\n".join(map(str, problems))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The small site's addresses.txt as `make addresses` writes it (the same for every copy of the site)."""
    root = mini_project(tmp_path_factory.mktemp("published") / "mini", engine=False)
    assert addresses.main([str(root)]) == 0
    return (root / addresses.LIST_FILE).read_text(encoding="utf-8")


@pytest.fixture()
def mini(tmp_path: Path, published: str) -> Path:
    """The small site, with its own addresses.txt as `make addresses` writes it."""
    root = mini_project(tmp_path / "mini", engine=False)  # the checker runs in this process
    (root / addresses.LIST_FILE).write_text(published, encoding="utf-8")
    return root


def rename(root: Path, old: str, new: str) -> None:
    """Move a page and every link and nav line to it, as an editor renaming it would."""
    (root / "docs" / old).rename(root / "docs" / new)
    old_name, new_name = Path(old).name, Path(new).name
    for path in [root / "mkdocs.yml", *(root / "docs").rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new).replace(f"({old_name})", f"({new_name})"), encoding="utf-8")


def test_the_committed_list_names_every_published_address_and_the_build_makes_each(site: Path) -> None:
    listed = {a for a, _ in addresses.read_list(ROOT) or []}
    assert listed, "addresses.txt is missing; run `make addresses` and commit it"
    missing = sorted(addresses.published(project_data()) - listed)
    assert not missing, f"addresses.txt lacks {missing[:10]}...; run `make addresses` and commit addresses.txt"
    moved = {r.old_url for r in addresses.redirects(project_data())[0]}
    unbuilt = [a for a in sorted(listed) if not (site / a).is_file() and not (site / a / "index.html").is_file()]
    assert not unbuilt, f"listed addresses the build does not make: {unbuilt[:10]} (redirected: {sorted(moved)})"


def test_renaming_a_page_fails_until_a_redirect_is_added(mini: Path) -> None:
    assert report(mini) == ""
    rename(mini, OLD, NEW)
    text = report(mini)
    lines = [line for line in text.splitlines() if line.startswith("addresses.txt:")]
    assert {re.search(r"address (\S+) is", line)[1] for line in lines} == {
        "rights/evaluation-time/", "embed/rights/evaluation-time/", "embed/rights/evaluation-time/oembed.json"}, text
    assert f"add a line '{OLD}: <new page>.md' to redirects.yml" in text
    assert all(re.match(r"addresses\.txt:\d+: ", line) for line in lines)
    (mini / "redirects.yml").write_text(f"# moved pages: old: new\n{OLD}: {NEW}\n", encoding="utf-8")
    assert report(mini) == ""


@pytest.mark.parametrize("content,expected", [
    ("rights/gone.md: rights/no-such-page.md\n", "redirects.yml:1: the new page docs/rights/no-such-page.md does not exist"),
    ("rights/consent.md: index.md\n", "redirects.yml:1: docs/rights/consent.md still exists"),
    ("glossary/fape.md: glossary/iep.md\n", "redirects.yml:1: 'glossary/fape.md' is a glossary term's page"),
    (f"{OLD}: [a, b]\n", "redirects.yml:1: "),
    ("- a\n- b\n", "redirects.yml:1: must map each old page to its new page"),
])
def test_a_bad_redirect_is_reported_with_its_line(mini: Path, content: str, expected: str) -> None:
    (mini / "redirects.yml").write_text(content, encoding="utf-8")
    assert expected in report(mini)


def test_a_published_term_is_retired_not_deleted(mini: Path) -> None:
    (mini / "glossary" / "parent-center.yml").unlink()
    (mini / "docs" / "for-schools.md").write_text(
        (mini / "docs" / "for-schools.md").read_text(encoding="utf-8").replace('{{ term("parent-center") }}', '{{ term("fape") }}'),
        encoding="utf-8")
    text = report(mini)
    assert "the term id 'parent-center' was published" in text and "add 'replaced_by:" in text, text
    assert len(text.splitlines()) == 1 and text.startswith("addresses.txt:"), text


def test_a_retired_term_cannot_be_linked(mini: Path) -> None:
    path = mini / "glossary" / "parent-center.yml"
    path.write_text(path.read_text(encoding="utf-8") + "replaced_by: idea\n", encoding="utf-8")
    text = report(mini)
    assert "the glossary term 'parent-center' is retired (replaced by 'idea'); link term(\"idea\") instead" in text
    assert "docs/for-schools.md:" in text


@pytest.mark.parametrize("value,expected", [
    ("no-such-term", "field 'replaced_by': unknown term id 'no-such-term'"),
    ("parent-center", "field 'replaced_by' names the term itself"),
    ("Not An Id", "field 'replaced_by' 'Not An Id' is not in the right form"),
])
def test_a_bad_replaced_by_is_reported(mini: Path, value: str, expected: str) -> None:
    path = mini / "glossary" / "parent-center.yml"
    path.write_text(path.read_text(encoding="utf-8") + f"replaced_by: {value}\n", encoding="utf-8")
    assert expected in report(mini)


def test_embed_false_on_a_published_page_is_reported(mini: Path) -> None:
    path = mini / "docs" / "about.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nembed: false\n", 1), encoding="utf-8")
    text = report(mini)
    assert "docs/about.md: 'embed: false' withdraws the published embed view embed/about/" in text, text


def landed(page, url: str, timeout: float = 10.0) -> None:
    """Wait until the page has gone on to url (polling through the navigation that takes it there)."""
    import time

    from playwright.sync_api import Error

    end = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate("location.href") == url and page.evaluate("document.readyState") == "complete":
                return
        except Error:
            pass  # the page is navigating
        if time.monotonic() > end:
            raise TimeoutError(f"{page.url} never went on to {url}")
        time.sleep(0.05)


@pytest.mark.browser
@pytest.mark.rebuild
def test_moved_page_and_embed_addresses_land_on_the_new_ones(tmp_path: Path, browser) -> None:
    """Build the small site with a page renamed and its redirect; the old page, embed view (keeping ?theme=
    and WordPress's #?secret=) and oEmbed addresses lead to the new ones; a retired term's page, card and
    glossary.json record point to the new term; stubs carry the Content Security Policy."""
    from checks.browser import serve, wait_until

    root = mini_project(tmp_path / "mini")
    addresses.main([str(root)])
    rename(root, OLD, NEW)
    (root / "redirects.yml").write_text(f"{OLD}: {NEW}\n", encoding="utf-8")
    term = root / "glossary" / "parent-center.yml"
    term.write_text(term.read_text(encoding="utf-8") + "replaced_by: idea\n", encoding="utf-8")
    for md in (root / "docs").rglob("*.md"):
        md.write_text(md.read_text(encoding="utf-8").replace('{{ term("parent-center") }}', '{{ term("fape") }}'), encoding="utf-8")
    site = tmp_path / "site"
    result = build_and_check(root, site)
    assert result.ok, result.output

    for old in ("rights/evaluation-time/index.html", "embed/rights/evaluation-time/index.html"):
        html = (site / old).read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html and 'http-equiv="refresh"' in html
    old_oembed = json.loads((site / "embed/rights/evaluation-time/oembed.json").read_text(encoding="utf-8"))
    new_oembed = json.loads((site / "embed/rights/evaluation-timeline/oembed.json").read_text(encoding="utf-8"))
    assert old_oembed == new_oembed and "embed/rights/evaluation-timeline/" in old_oembed["html"]

    record = next(t for t in json.loads((site / "glossary.json").read_text(encoding="utf-8"))["terms"] if t["id"] == "parent-center")
    assert record["replaced_by"] == "idea"
    assert "no longer used here" in (site / "glossary/parent-center/index.html").read_text(encoding="utf-8")
    assert "no longer used here" in (site / "embed/card/parent-center/index.html").read_text(encoding="utf-8")

    with serve(site) as url:
        ctx = browser.new_context()
        try:
            page = ctx.new_page()
            errors: list[str] = []
            page.on("response", lambda r: r.status >= 400 and errors.append(f"HTTP {r.status}: {r.url}"))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(url + "rights/evaluation-time/")
            landed(page, url + "rights/evaluation-timeline/")
            page.goto(url + "embed/rights/evaluation-time/?theme=dark#?secret=abc123")
            landed(page, url + "embed/rights/evaluation-timeline/?theme=dark#?secret=abc123")
            wait_until(page, "document.body.getAttribute('data-md-color-scheme') === 'slate'")
            assert not errors, errors
        finally:
            ctx.close()
        noscript = browser.new_context(java_script_enabled=False)
        try:
            page = noscript.new_page()
            page.goto(url + "rights/evaluation-time/")
            landed(page, url + "rights/evaluation-timeline/")
        finally:
            noscript.close()


def test_redirects_file_of_the_project_is_valid() -> None:
    """The project's own redirects.yml, if any, names pages that exist."""
    moves, problems = addresses.redirects(project_data())
    assert not problems, "\n".join(map(str, problems))
    if (ROOT / addresses.REDIRECTS_FILE).is_file():
        assert isinstance(yaml.safe_load((ROOT / addresses.REDIRECTS_FILE).read_text(encoding="utf-8")) or {}, dict)
