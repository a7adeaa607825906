"""Every editor's text is untrusted: hostile strings in every data field, through every output.

For each field of a glossary entry and of a page's front matter, hypothesis tries hostile strings (quotes,
tags, script addresses, template syntax, control characters, very long text). Each one is either refused
by the rulebook with a message naming the file and field (never an exception), or it reaches every output
(term link and tooltip, term page, A-Z index, define box, embed card, oEmbed, search index, glossary.json,
the page's <title> and meta) as text: no element, attribute or address it did not have in the template.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from lxml import html as lxml_html

from macros.model import glossary as glossary_model
from macros.model import pages as pages_model
from macros.model.rules import Rulebook
from macros.model.site import Site, link_checker, load
from macros.outputs import embed, embed_views, glossary_json
from macros.outputs.search_index import SearchIndex
from macros.render import safe
from macros.render.pages import PageRenderer
from macros.render.stash import Stash
from macros.settings import Settings
from macros.words import words
from tests.fixture import mini_project
from tests.helpers import HOSTILE, TODAY
from tests.sitebuild import ROOT

BASE_TERM = {"term": "hostile test word", "abbr": "HTW", "aliases": ["hostile alias"],
             "short": "A short definition.", "definition": "A definition.\n\nTwo paragraphs.",
             "citations": [{"label": "34 CFR 300.17"}], "related": ["iep"], "tags": ["laws"], "reviewed": "2026-11-01"}
TERM_FIELDS = ["term", "abbr", "aliases", "short", "definition", "citation label", "citation url"]
PAGE_FIELDS = ["title", "description"]
SAFE_TAGS = {"a", "p", "ul", "ol", "li", "em", "strong", "abbr", "div", "h1", "h2", "nav", "span", "b", "code",
             "html", "head", "body", "meta", "title", "link", "main", "footer", "section", "article", "iframe",
             "script"}
_MD = {}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    root = mini_project(tmp_path_factory.mktemp("hostile") / "p")
    site, problems = load(Settings.from_file(root), TODAY)
    assert not problems
    return root, site


def _md() -> markdown.Markdown:
    if "md" not in _MD:
        config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        exts = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
        confs = {next(iter(e)): next(iter(e.values())) or {} for e in config["markdown_extensions"] if isinstance(e, dict)}
        _MD["md"] = markdown.Markdown(extensions=exts, extension_configs=confs)
    return _MD["md"].reset()


def _inert(html_text: str, where: str, allowed_scripts: int = 0) -> None:
    """No element, attribute or address in the output that the templates did not put there."""
    doc = lxml_html.fromstring(f"<div>{html_text}</div>") if not html_text.lstrip().startswith("<!doctype") else lxml_html.document_fromstring(html_text)
    scripts = 0
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag in SAFE_TAGS, f"{where}: an unexpected <{el.tag}> element"
        scripts += el.tag == "script"
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: an event attribute {name}={value!r}"
            if name in ("href", "src"):
                scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
                assert scheme in ("", "https"), f"{where}: a {scheme}: address in {name}"
    assert scripts <= allowed_scripts, f"{where}: a script element"


def _term_with(field: str, value: str) -> dict:
    data = json.loads(json.dumps(BASE_TERM))
    if field == "aliases":
        data["aliases"] = [value]
    elif field == "citation label":
        data["citations"] = [{"label": value, "url": "https://www.ed.gov/"}]
    elif field == "citation url":
        data["citations"] = [{"label": "A source", "url": value}]
    else:
        data[field] = value
    return data


@functools.cache
def _rulebook(root: Path) -> Rulebook:
    """The small site's rulebook, made once (it keeps no state but its compiled schemas)."""
    return Rulebook(TODAY, link_checker(root / "docs"))


@functools.cache
def _card_template(root: Path):
    """The embed card's template in the small site's theme folder, compiled once (every example renders it)."""
    return embed_views._templates((str(root / "overrides"),)).get_template("partials/embed-card.html")


def _every_output(root: Path, site: Site, tid: str) -> None:
    """Render everything a term reaches and check each output is inert."""
    t = site.glossary.terms[tid]
    r = PageRenderer(site, "rights/consent/", Stash())
    _inert(r.term_link(tid), "term link")
    link = lxml_html.fromstring(str(r.term_link(tid)))
    assert link.get("data-short") == safe.plain(site.facts.expand(t.short)) and link.get("data-name") == t.title and link.get("title") is None
    stash = Stash()
    page = PageRenderer(site, f"glossary/{tid}/", stash)
    _inert(stash.restore(_md().convert(page.term_page(t))), "term page")
    stash = Stash()
    index = PageRenderer(site, "glossary/", stash)
    _inert(stash.restore(_md().convert(index.glossary_index() + "\n\n" + index.define(tid))), "A-Z index and define box")
    card = _card_template(root).render(
        lang="en", site_name="IEP Guide", title=t.title, description=r.tooltip(t), canonical="https://x.org/",
        styles="", extra_css=[], frame_script="f.js", body_attrs={}, embed_id="card/x", page_href="../", licence_name="CC",
        licence_url="https://creativecommons.org/", said=words("en"), skip="Skip", end="End",
        term=embed_views.Card(t.title, r.short(t), r.tooltip(t)))
    _inert(card, "embed card", allowed_scripts=1)
    info = embed.PageEmbed(f"glossary/{tid}/", t.title, "IEP Guide", "https://x.org/",
                           (embed.View("Full entry", f"embed/glossary/{tid}/", f"{t.title} - IEP Guide", 760, 600),))
    oembed = json.loads(json.dumps(info.oembed()))
    _inert(oembed["html"], "oEmbed html", allowed_scripts=1)
    assert oembed["title"] == t.title
    index_entries = SearchIndex(site)
    index_entries.entries.append({"location": f"glossary/{tid}/", "title": safe.text(t.title), "sections": [], "description": ""})
    for doc in index_entries.compact():
        _inert(doc["title"] + doc["text"], "search index")
    record = glossary_json.term_record(t, "https://x.org/", site.facts)
    for key in ("short", "definition"):
        _inert(record[key]["html"], f"glossary.json {key}")
    _inert(f"<title>{safe.text(t.title)}</title><meta name='description' content=\"{safe.text(r.tooltip(t))}\">", "title and meta")


def _with_term(mini: tuple[Path, Site], field: str, value: str) -> tuple[Site | None, list]:
    """The small site with a term whose field holds value, or None and the problems that refused it."""
    root, site = mini
    path = root / "glossary" / "hostile.yml"
    path.write_text(yaml.safe_dump(_term_with(field, value), allow_unicode=True), encoding="utf-8")
    try:
        g, problems = glossary_model.load(root / "glossary", "glossary", _rulebook(root))
    finally:
        path.unlink()
    mine = [p for p in problems if p.file == "glossary/hostile.yml"]
    if mine:
        return None, mine
    terms = {**site.glossary.terms, "hostile": g.terms["hostile"]}
    return dataclasses.replace(site, glossary=glossary_model.Glossary(terms, site.glossary.tags)), []


def _check_term(mini: tuple[Path, Site], field: str, value: str) -> bool:
    """True when the value reached every output, False when the rulebook refused it."""
    tried, problems = _with_term(mini, field, value)
    if tried is None:
        assert all(p.message for p in problems)
        return False
    _every_output(mini[0], tried, "hostile")
    return True


@pytest.mark.parametrize("field", TERM_FIELDS)
def test_hostile_glossary_field_is_refused_or_inert(mini: tuple[Path, Site], field: str) -> None:
    reached = []

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(HOSTILE)
    def run(value: str) -> None:
        reached.append(_check_term(mini, field, value))
    run()
    assert _check_term(mini, field, "plain words" if "url" not in field else "https://www.ed.gov/plain")
    print(f"{field}: {len(reached)} hostile values, {sum(reached)} reached every output, {len(reached) - sum(reached)} refused")


@pytest.mark.parametrize("field", PAGE_FIELDS)
def test_hostile_front_matter_is_refused_or_inert(mini: tuple[Path, Site], field: str, tmp_path: Path) -> None:
    root, site = mini

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(HOSTILE)
    def run(value: str) -> None:
        front = {"title": "A page", "description": "A page.", "reviewed": "2026-11-01", "sources": ["34 CFR 300.1"], field: value}
        path = tmp_path / "page.md"
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n# A page\n", encoding="utf-8")
        page, problems = pages_model.load(path, "page.md", _rulebook(root))
        if problems:
            assert all(p.file == "docs/page.md" and p.message for p in problems)
            return
        assert page is not None
        text = page.title if field == "title" else page.description
        _inert(f"<title>{safe.text(text)} - IEP Guide</title><meta name='description' content=\"{safe.text(text)}\">", field)
        info = embed.PageEmbed("page/", page.title, "IEP Guide", "https://x.org/",
                               (embed.View("This page", "embed/page/", f"{page.title} - IEP Guide", 760, 600),))
        _inert(info.oembed()["html"], "oEmbed html", allowed_scripts=1)
    run()


@pytest.mark.parametrize("value,field", [
    ('Say "yes" & mean it', "short"), ("It's 'quoted', & so on.", "definition"), ("x" * 2000, "definition"),
    ("javascript:alert(1) as words", "short"), ("Q&A 'plan'", "term"), ("{: onclick=alert(1) }", "short"),
])
def test_allowed_hostile_text_is_shown_literally(mini: tuple[Path, Site], value: str, field: str) -> None:
    """Quotes, ampersands and script-like words are allowed text: the term page shows exactly that text."""
    tried, problems = _with_term(mini, field, value)
    assert tried is not None, problems
    t = tried.glossary.terms["hostile"]
    stash = Stash()
    html_text = stash.restore(_md().convert(PageRenderer(tried, "glossary/hostile/", stash).term_page(t)))
    words = " ".join(lxml_html.fromstring(f"<div>{html_text}</div>").text_content().split())
    assert " ".join(value.split()) in words
