"""The macros' output: tooltips, escaping of glossary text, back-links, citation links."""
from __future__ import annotations

from pathlib import Path

from lxml import html

from macros import render
from macros.citations import parse
from macros.glossary import Term
from tests.sitebuild import build

NASTY = 'Says "hi" & <b>bold</b> <script>alert(1)</script> text.'


def _term(**kw) -> Term:
    base = dict(id="x", term="x term", short="Short.", definition="Def.", tags=["laws"], path=Path("glossary/x.yml"))
    return Term(**{**base, **kw})


def test_term_link_puts_the_short_definition_in_the_title() -> None:
    link = render.term_link(_term(abbr="XT", short='A "quoted" word.'))
    assert link == '[XT](/glossary/x.md "A “quoted” word.")'


def test_cite_links_to_the_paragraph() -> None:
    assert parse("34 CFR 300.301(c)(1)").url == "https://www.ecfr.gov/current/title-34/section-300.301#p-300.301(c)(1)"
    assert parse("20 U.S.C. 1414(d)(1)(A)").url == "https://www.law.cornell.edu/uscode/text/20/1414#d_1_A"


def test_glossary_text_is_escaped_in_attributes_and_pages(project: Path, tmp_path: Path) -> None:
    path = project / "glossary" / "fape.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("short:")
    end = text.index("\n", start) if not text[start:].startswith("short: >") else text.index("\ndefinition:", start)
    path.write_text(text[:start] + f"short: '{NASTY}'" + text[end:], encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.ok, result.output
    site = tmp_path / "site"
    for page in (site / "glossary" / "index.html", site / "glossary" / "fape" / "index.html"):
        doc = html.parse(str(page)).getroot()
        assert not doc.xpath("//article//script"), f"glossary text became a script in {page}"
        assert not doc.xpath("//article//b[text()='bold']"), f"glossary text became markup in {page}"
    linking = [p for p in site.rglob("*.html") if "glossary" not in p.parts]
    titles = [a.get("title") for p in linking for a in html.parse(str(p)).getroot().iter("a")
              if (a.get("href") or "").endswith("glossary/fape/")]
    assert titles, "no page links the term 'fape'"
    assert all(t == NASTY.replace('"hi"', "“hi”") for t in titles), titles
