"""Embedding, read from the built site: every page and term has an embed view, an oEmbed file announced in
its head and an "Embed this" snippet that points at the view; term cards exist; views carry no site chrome.

The browser half (frames on a host page of another origin) is tests/test_embed_browser.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from lxml import etree, html

from macros.outputs.embed import CARD_DIR, EMBED_DIR, LICENCE_URL, LOADER
from macros.outputs.embed_views import rebase
from checks.sitepages import read_html
from tests.sitebuild import ROOT, build, build_and_check, project_data

CHROME = ("md-header", "md-sidebar", "md-footer", "md-search", "md-tabs", "md-nav", "md-top", "md-dialog")


def config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


SITE_URL = config()["site_url"]
SITE_NAME = config()["site_name"]
TERMS = project_data().glossary.terms


EDITIONS = {"": "IEP Guide", "es/": "Guía IEP"}  # each language's folder and site name


def pages(site: Path, edition: str = "") -> list[str]:
    """Every built page of an edition, as its folder relative to the edition ('' for home), from its sitemap."""
    locs = etree.parse(str(site / edition / "sitemap.xml")).getroot().iter("{*}loc")
    return sorted(loc.text.strip()[len(SITE_URL + edition):] for loc in locs)


def opts_out(rel: str) -> bool:
    """True when the page's front matter says `embed: false`."""
    base = rel.rstrip("/") or "index"
    pages = project_data().pages
    page = pages.get(f"{base}.md") or pages.get(f"{base}/index.md")
    return page is not None and not page.embed


def parse(path: Path):
    """A built page, parsed once per test run (checks/sitepages.read_html): read it, never change it."""
    return read_html(path)


def by_class(doc, name: str) -> list:
    return doc.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def local(url: str, site: Path) -> Path:
    """The built file an absolute site URL stands for."""
    assert url.startswith(SITE_URL), f"{url} is not an address on {SITE_URL}"
    rel = url[len(SITE_URL):].split("?")[0]
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def iframe_src(snippet: str) -> str:
    m = re.search(r'<iframe src="([^"]+)"', snippet)
    assert m, f"no iframe in the snippet: {snippet}"
    return html.fromstring(f'<a href="{m[1]}"></a>').get("href")


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_every_page_and_term_has_an_embed_view_oembed_file_and_snippet(site: Path, edition: str) -> None:
    root, base, name = site / edition, SITE_URL + edition, EDITIONS[edition]
    rels = pages(site, edition)
    assert len(rels) > len(TERMS), "the sitemap should list every page and every term"
    problems = []
    for rel in rels:
        doc = parse(root / rel / "index.html")
        links = doc.xpath('//head/link[@type="application/json+oembed"]')
        if opts_out(rel):
            if links or by_class(doc, "iep-embed-share") or (root / EMBED_DIR / rel / "index.html").exists():
                problems.append(f"{rel}: has 'embed: false' but still offers embedding")
            continue
        view = root / EMBED_DIR / rel / "index.html"
        if not view.is_file():
            problems.append(f"{rel}: no embed view at {EMBED_DIR}{rel}")
            continue
        if len(links) != 1 or links[0].get("rel") != "alternate" or not links[0].get("title"):
            problems.append(f"{rel}: the head should announce one oEmbed file with rel=alternate and a title")
            continue
        href = links[0].get("href")
        if href != f"{base}{EMBED_DIR}{rel}oembed.json" or not local(href, site).is_file():
            problems.append(f"{rel}: oEmbed link {href} does not point to the file beside its embed view")
            continue
        oembed = json.loads(local(href, site).read_text(encoding="utf-8"))
        expected = {"version": "1.0", "type": "rich", "provider_name": name, "provider_url": base}
        if {k: oembed.get(k) for k in expected} != expected or not oembed.get("title"):
            problems.append(f"{rel}: oEmbed fields {oembed}")
        if not all(isinstance(oembed.get(k), int) and oembed[k] > 0 for k in ("width", "height")):
            problems.append(f"{rel}: oEmbed width and height must be positive integers")
        if iframe_src(oembed["html"]) != f"{base}{EMBED_DIR}{rel}" or f'src="{base}{LOADER}"' not in oembed["html"]:
            problems.append(f"{rel}: oEmbed html does not frame {EMBED_DIR}{rel} with the loader: {oembed['html']}")
        share = by_class(doc, "iep-embed-share")
        codes = doc.xpath('//textarea[@id="iep-embed-code"]')
        if len(share) != 1 or len(codes) != 1:
            problems.append(f"{rel}: needs exactly one 'Embed this' button and snippet")
            continue
        if codes[0].text != oembed["html"]:
            problems.append(f"{rel}: the 'Embed this' snippet differs from the oEmbed html")
        button = share[0].xpath(".//button[@aria-haspopup='dialog']")
        dialog = share[0].xpath(".//dialog[@aria-labelledby]")
        if not button or not dialog or not doc.xpath(f'//*[@id="{dialog[0].get("aria-labelledby")}"]'):
            problems.append(f"{rel}: the 'Embed this' button or its labelled dialog is missing")
        tid = rel.split("/")[1] if rel.startswith("glossary/") and rel.count("/") == 2 else None
        if tid in TERMS:
            cards = [iframe_src(r.get("data-snippet")) for r in share[0].xpath(".//input[@type='radio']")]
            if f"{base}{CARD_DIR}{tid}/" not in cards:
                problems.append(f"{rel}: the 'Embed this' dialog does not offer the term card")
        for src in [iframe_src(codes[0].text)] + [iframe_src(r.get("data-snippet")) for r in share[0].xpath(".//input")
                                                  if r.get("data-snippet")]:
            if not local(src, site).is_file():
                problems.append(f"{rel}: snippet frames {src}, which was not built")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_embed_views_show_the_article_without_site_chrome(site: Path, edition: str) -> None:
    root, base, name = site / edition, SITE_URL + edition, EDITIONS[edition]
    problems = []
    for rel in (r for r in pages(site, edition) if not opts_out(r)):
        page, view = parse(root / rel / "index.html"), parse(root / EMBED_DIR / rel / "index.html")
        where = f"{EMBED_DIR}{rel}"
        chrome = [c for c in CHROME if by_class(view, c)] + (["<header>"] if view.xpath("//header") else [])
        if chrome:
            problems.append(f"{where}: has site chrome {chrome}")
        scripts = [s.get("src") or s.get("href") or "inline" for s in view.xpath("//script|//link[@data-iep-script]")]
        if len(scripts) != 1 or not scripts[0].endswith("assets/javascripts/embed-frame.js"):
            problems.append(f"{where}: scripts {scripts}; only embed-frame.js belongs in a view")
        share_ids = {el.get("id") for s in by_class(page, "iep-embed-share") for el in s.xpath(".//*[@id]")}
        article = by_class(page, "md-content__inner")[0]
        heading_ids = [h.get("id") for h in article.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")
                       if h.get("id") and h.get("id") not in share_ids]
        view_ids = [h.get("id") for h in view.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")
                    if h.get("id")]
        if heading_ids != view_ids:
            problems.append(f"{where}: headings {view_ids} differ from the page's {heading_ids}")
        if by_class(view, "headerlink") or by_class(view, "iep-embed-share"):
            problems.append(f"{where}: still has permalinks or the 'Embed this' dialog")
        for a in view.xpath("//a[@href]"):
            if not a.get("href").startswith("#") and (a.get("target") != "_blank" or "noopener" not in (a.get("rel") or "")):
                problems.append(f"{where}: link {a.get('href')} must open outside the frame (target=_blank, rel=noopener)")
        credit = by_class(view, "iep-embed__credit")
        if not credit or name not in credit[0].text_content():
            problems.append(f"{where}: no credit line naming {name}")
            continue
        if not credit[0].xpath("following::main"):
            problems.append(f"{where}: the credit line should come before the content, so a short frame still shows it")
        hrefs = [urljoin(f"https://x/{where}", a.get("href")) for a in credit[0].xpath(".//a")]
        if f"https://x/{rel}" not in hrefs or LICENCE_URL not in hrefs:
            problems.append(f"{where}: the credit line must link the full page and the licence: {hrefs}")
        if view.xpath("//link[@rel='canonical']/@href") != [base + rel]:
            problems.append(f"{where}: its canonical address should be the full page {base + rel}")
    assert not problems, "\n".join(problems)


def test_every_term_has_a_card(site: Path) -> None:
    problems = []
    for tid, t in TERMS.items():
        path = site / CARD_DIR / tid / "index.html"
        if not path.is_file():
            problems.append(f"glossary/{tid}.yml: no card at {CARD_DIR}{tid}/")
            continue
        card = parse(path)
        text = " ".join(card.text_content().split())
        if t.title not in text or project_data().tooltips[tid] not in text:
            problems.append(f"{CARD_DIR}{tid}/: should show the term and its short definition")
        full = [a for a in card.xpath("//main//a") if urljoin(f"https://x/{CARD_DIR}{tid}/", a.get("href")) == f"https://x/glossary/{tid}/"]
        if not full or full[0].get("target") != "_blank":
            problems.append(f"{CARD_DIR}{tid}/: needs a link to the full entry that opens outside the frame")
        if LICENCE_URL not in [a.get("href") for c in by_class(card, "iep-embed__credit") for a in c.xpath(".//a")]:
            problems.append(f"{CARD_DIR}{tid}/: no licence in the credit line")
    assert not problems, "\n".join(problems)


def test_for_schools_examples_name_real_addresses(site: Path) -> None:
    """Addresses in the code examples of the For schools page exist in the built site."""
    doc = parse(site / "for-schools" / "index.html")
    code = " ".join(c.text_content() for c in doc.xpath("//article//code"))
    urls = set(re.findall(r"https://[^\s\"'`<>]+", code))
    ours = {u for u in urls if urlsplit(u).netloc == urlsplit(SITE_URL).netloc}
    assert ours, "the page should show example code with the site's addresses"
    assert f"{SITE_URL}glossary.json" in ours and f"{SITE_URL}{LOADER}" in ours
    missing = [u for u in sorted(ours) if not local(u, site).is_file()]
    assert not missing, f"docs/for-schools.md: example addresses that the build does not produce: {missing}"


@pytest.mark.parametrize("url,src,dest,expected", [
    ("../idea/", "glossary/iep/", "embed/glossary/iep/", "../../../glossary/idea/"),
    ("../../iep/what-is-an-iep/#who", "glossary/iep/", "embed/glossary/iep/", "../../../iep/what-is-an-iep/#who"),
    ("iep/what-is-an-iep/", "", "embed/", "../iep/what-is-an-iep/"),
    ("../..", "iep/what-is-an-iep/", "embed/iep/what-is-an-iep/", "../../../"),
    ("./", "iep/what-is-an-iep/", "embed/card/iep/", "../../../iep/what-is-an-iep/"),
    ("../assets/x.css?v=1", "about/", "embed/about/", "../../assets/x.css?v=1"),
    ("#section", "about/", "embed/about/", "#section"),
    ("https://www.ecfr.gov/current", "about/", "embed/about/", "https://www.ecfr.gov/current"),
])
def test_rebase_keeps_each_link_pointing_at_the_same_file(url: str, src: str, dest: str, expected: str) -> None:
    assert rebase(url, src, dest) == expected


def _set_front(project: Path, page: str, line: str) -> None:
    path = project / "docs" / page
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\n{line}\n", 1), encoding="utf-8")


def test_embed_false_leaves_a_page_out(project: Path, tmp_path: Path) -> None:
    _set_front(project, "for-schools.md", "embed: false")
    result = build_and_check(project, tmp_path / "site")
    assert result.ok, result.output
    doc = parse(tmp_path / "site" / "for-schools" / "index.html")
    assert not doc.xpath('//link[@type="application/json+oembed"]') and not by_class(doc, "iep-embed-share")
    assert not (tmp_path / "site" / EMBED_DIR / "for-schools").exists()


def test_embed_field_that_is_not_true_or_false_stops_the_build(project: Path, tmp_path: Path) -> None:
    _set_front(project, "for-schools.md", "embed: sometimes")
    result = build(project, tmp_path / "site")
    assert not result.ok
    assert "docs/for-schools.md:2: front matter field 'embed' must be true or false" in result.output, result.output
    assert "Traceback" not in result.output, result.output


def test_a_broken_link_is_reported_in_the_embed_view_too(project: Path, tmp_path: Path) -> None:
    """Embed views go through the link check, and a problem in one names the page's source file."""
    with open(project / "docs" / "for-schools.md", "a", encoding="utf-8") as fh:
        fh.write('\n\n<a href="../no-such-page/">a raw link</a>\n')
    result = build_and_check(project, tmp_path / "site")
    assert not result.ok
    assert "(in built page embed/for-schools/index.html)" in result.output, result.output
    assert "docs/for-schools.md:" in result.output


def test_a_failing_embed_view_stops_the_build_and_names_the_page(project: Path, tmp_path: Path) -> None:
    """The views are written by a worker process; its failure reaches the build, with the page's file."""
    card = project / "overrides" / "partials" / "embed-card.html"
    text = card.read_text(encoding="utf-8")
    assert "{% block main %}\n" in text
    card.write_text(text.replace("{% block main %}\n", "{% block main %}{{ term.no_such_field.upper() }}\n"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert not result.ok
    assert re.search(r"glossary/[a-z0-9-]+\.yml \(page /glossary/[a-z0-9-]+/\): writing its embed view failed: UndefinedError", result.output), result.output
    assert "Traceback" not in result.output, result.output


def test_every_snippet_is_sandboxed_and_sends_no_referrer(site: Path) -> None:
    """The copy-paste iframe (and the oEmbed html) runs the view's own script and opens links in a new tab,
    nothing more, and tells the site nothing about the page that embeds it."""
    from macros.outputs.embed import SANDBOX

    checked = 0
    for path in sorted((site / EMBED_DIR).rglob("oembed.json")):
        frame = html.fragment_fromstring(json.loads(path.read_text(encoding="utf-8"))["html"].split("\n")[0])
        assert frame.tag == "iframe" and frame.get("sandbox") == SANDBOX, path
        assert "allow-same-origin" not in frame.get("sandbox") and frame.get("referrerpolicy") == "no-referrer", path
        checked += 1
    assert checked > 150
