"""The link check on small hand-made sites (no MkDocs build): whatever a built file holds, it reports a
problem naming the file, and never stops with an exception."""
from __future__ import annotations

import json
from pathlib import Path

from checks.linkcheck import check

SITE_URL = "https://example.org/"
FIX_SITEMAP = "rebuild the site; if it stays broken, check MkDocs's sitemap template, which writes it"
FIX_SEARCH = "rebuild the site; if it stays broken, check macros/search_index.py, which writes it"


def html_page(body: str) -> str:
    return f'<!doctype html><html><head><meta charset="utf-8"><title>A page</title></head><body>{body}</body></html>'


def make_site(tmp_path: Path, pages: dict[str, str]) -> tuple[Path, Path]:
    """A built site with these pages (site path -> body HTML), its sitemap and search index, and a
    project whose docs/ holds a source for each page with the body on line 3."""
    root, site = tmp_path / "project", tmp_path / "site"
    for rel, body in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html_page(body), encoding="utf-8")
        src = "index.md" if rel == "index.html" else rel.removesuffix("/index.html") + ".md"
        (root / "docs" / src).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / src).write_text(f"# A page\n\n{body}\n", encoding="utf-8")
    urls = [rel.removesuffix("index.html") for rel in pages]
    locs = "".join(f"<url><loc>{SITE_URL}{quote_path(u)}</loc></url>" for u in urls)
    (site / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>', encoding="utf-8")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(json.dumps({"docs": [{"location": quote_path(u)} for u in urls]}), encoding="utf-8")
    return site, root


def quote_path(path: str) -> str:
    """A site path as MkDocs writes it in links, the sitemap and the search index."""
    from urllib.parse import quote

    return quote(path)


def run(site: Path, root: Path) -> list[str]:
    return check(site, root, SITE_URL).problems


def test_a_malformed_url_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {"index.html": '<a href="https://[::1">a broken address</a>'})
    assert run(site, root) == [
        "docs/index.md:3: link 'https://[::1' is not a well-formed URL (Invalid IPv6 URL); fix its spelling (in built page index.html)",
    ]


def test_script_and_data_links_are_problems(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {
        "index.html": '<a href="javascript:alert(1)">run</a>\n<a href=" JaVa&#9;Script:alert(2)">hidden</a>\n'
                      '<a href="vbscript:msgbox">old</a>\n<a href="data:text/html,&lt;script&gt;">inline</a>\n'
                      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="an inline picture is fine">',
    })
    tail = "runs code or opens content that no check can see; remove it and link to a page or file instead (in built page index.html)"
    assert run(site, root) == [
        f"docs/index.md:3: javascript: link 'javascript:alert(1)' {tail}",
        f"docs/index.md: javascript: link 'JaVa\\tScript:alert(2)' {tail}",
        f"docs/index.md:5: vbscript: link 'vbscript:msgbox' {tail}",
        f"docs/index.md: data: link 'data:text/html,<script>' {tail}",
    ]


def test_a_huge_text_node_does_not_hide_the_links_after_it(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {"index.html": '<a href="big/">big</a>', "big/index.html": "<p>big</p>"})
    words = "word " * (11 * 1024 * 1024 // 5)  # more than libxml2's 10 MB limit for one text node
    (site / "big" / "index.html").write_text(html_page(f'<p>{words}</p><a href="../missing/">after</a>'), encoding="utf-8")
    assert run(site, root) == [
        "docs/big.md: link '../missing/' goes to a page or file that does not exist; fix the path or create the file (in built page big/index.html)",
    ]


def test_pages_with_url_encoded_names(tmp_path: Path) -> None:
    """q&a.md is built as q&a/ and linked as q%26a/; a space is %20; a folder whose own name holds '%20'
    is linked as %2520. Links, anchors, the sitemap and the search index all find them."""
    site, root = make_site(tmp_path, {
        "index.html": '<a href="q%26a/">questions</a> <a href="my%20page/#part">my page</a> <a href="odd%2520name/">odd</a>',
        "q&a/index.html": '<h2 id="qa">Q</h2><a href="#qa">here</a> <a href="../my%20page/">my page</a>',
        "my page/index.html": '<h2 id="part">P</h2><a href="../q%26a/#qa">q and a</a>',
        "odd%20name/index.html": '<h2 id="o">O</h2><a href="#o">here</a> <a href="../">home</a>',
    })
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    index["docs"] += [{"location": "q%26a/#qa"}, {"location": "my%20page/#part"}]
    (site / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert run(site, root) == []


def test_a_malformed_sitemap_is_a_problem(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {"index.html": "<p>home</p>"})
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://example.org/</loc></url>", encoding="utf-8")
    [problem] = run(site, root)
    assert problem.startswith("sitemap.xml: not a readable XML file (")
    assert problem.endswith(f"); {FIX_SITEMAP}")
    assert "\n" not in problem


def test_a_sitemap_of_the_wrong_shape_or_with_a_malformed_address(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {"index.html": "<p>home</p>"})
    (site / "sitemap.xml").write_text("<html><p>not a sitemap</p></html>", encoding="utf-8")
    assert run(site, root) == [f"sitemap.xml: its root element is <html>, not <urlset>; {FIX_SITEMAP}"]
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://[::1</loc></url><url><loc></loc></url></urlset>", encoding="utf-8")
    assert run(site, root) == [
        f"sitemap.xml: entry #1 <loc>https://[::1</loc> is not a well-formed URL; {FIX_SITEMAP}",
        f"sitemap.xml: entry #2 <loc></loc> is not a well-formed URL; {FIX_SITEMAP}",
    ]


def test_a_search_index_that_is_not_json_or_of_the_wrong_shape(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {"index.html": "<p>home</p>"})
    index = site / "search" / "search_index.json"
    index.write_text('{"docs": [', encoding="utf-8")
    assert run(site, root) == [f"search/search_index.json: not valid JSON (Expecting value: line 1 column 11 (char 10)); {FIX_SEARCH}"]
    index.write_text("[]", encoding="utf-8")
    assert run(site, root) == [f"search/search_index.json: has no 'docs' list of entries; {FIX_SEARCH}"]
    index.write_text('{"docs": [{"title": "no location"}, 5, {"location": 7}, {"location": "gone/"}]}', encoding="utf-8")
    assert run(site, root) == [
        f"search/search_index.json: entry #1 has no 'location' text; {FIX_SEARCH}",
        f"search/search_index.json: entry #2 has no 'location' text; {FIX_SEARCH}",
        f"search/search_index.json: entry #3 has no 'location' text; {FIX_SEARCH}",
        f"search/search_index.json: entry 'gone/' has no built page; {FIX_SEARCH}",
    ]


def test_a_link_with_a_line_break_gives_a_one_line_message(tmp_path: Path) -> None:
    site, root = make_site(tmp_path, {"index.html": '<a href="https://exa\nmple.org/">split</a>'})
    assert run(site, root) == [
        "docs/index.md: external link 'https://exa\\nmple.org/' is not a well-formed https:// address; fix its spelling (in built page index.html)",
    ]
