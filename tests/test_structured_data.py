"""Structured data and link previews, read from the built site: schema.org JSON-LD for the glossary
(a DefinedTermSet on the index, a DefinedTerm on each term's page), Open Graph tags and a description on
every page, and a Content Security Policy that needs no hash for the JSON-LD, which is data, not a script.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from checks.sitepages import all_pages, built_file, read_html, split_edition
from macros.outputs import csp
from tests.test_embed import SITE_URL, TERMS

# schema.org's properties of each type used here (https://schema.org/DefinedTerm, /DefinedTermSet), with
# those they inherit from Thing and, for a DefinedTermSet, from CreativeWork (the ones that could apply).
THING = {"additionalType", "alternateName", "description", "disambiguatingDescription", "identifier", "image",
         "mainEntityOfPage", "name", "potentialAction", "sameAs", "subjectOf", "url"}
CREATIVE_WORK = {"about", "author", "copyrightHolder", "copyrightYear", "creator", "dateCreated", "dateModified",
                 "datePublished", "inLanguage", "isPartOf", "keywords", "license", "publisher", "text", "version"}
PROPERTIES = {
    "DefinedTerm": THING | {"inDefinedTermSet", "termCode"},
    "DefinedTermSet": THING | CREATIVE_WORK | {"hasDefinedTerm"},
}
REQUIRED = {"DefinedTerm": {"name", "description", "inDefinedTermSet", "url"},
            "DefinedTermSet": {"name", "description", "url", "hasDefinedTerm"}}
LISTED = {"@id", "name", "url", "termCode"}  # a term as the index lists it: its page says the rest
KEYWORDS = {"@context", "@type", "@id"}


def ld_json(doc) -> list[tuple[str, dict]]:
    return [(s.text, json.loads(s.text)) for s in doc.xpath("//script[@type='application/ld+json']")]


def problems_of(node: dict, where: str, top: bool = True) -> list[str]:
    """What is wrong with a schema.org node: its type, unknown or missing properties, addresses."""
    out = []
    kind = node.get("@type")
    if kind not in PROPERTIES:
        return [f"{where}: @type {kind!r} is not DefinedTerm or DefinedTermSet"]
    if top and node.get("@context") != "https://schema.org":
        out.append(f"{where}: @context must be https://schema.org")
    unknown = set(node) - PROPERTIES[kind] - KEYWORDS
    if unknown:
        out.append(f"{where}: {kind} has no properties {sorted(unknown)} in schema.org")
    missing = REQUIRED[kind] - set(node) if top else {"name", "url"} - set(node)
    if missing:
        out.append(f"{where}: {kind} lacks {sorted(missing)}")
    for key in ("name", "description", "termCode"):
        if key in node and (not isinstance(node[key], str) or not node[key].strip()):
            out.append(f"{where}: {key} must be non-empty text")
    if "url" in node and not str(node["url"]).startswith(SITE_URL):
        out.append(f"{where}: url {node['url']} is not on {SITE_URL}")
    ref = node.get("inDefinedTermSet")
    if kind == "DefinedTerm" and top:
        set_url = ref.get("url") if isinstance(ref, dict) else ref
        if set_url != f"{SITE_URL}glossary/":
            out.append(f"{where}: inDefinedTermSet should be the glossary, {SITE_URL}glossary/, not {ref!r}")
        if isinstance(ref, dict):
            out += problems_of(ref, f"{where} inDefinedTermSet", top=False)
    for i, item in enumerate(node.get("hasDefinedTerm", [])):
        out += problems_of(item, f"{where} hasDefinedTerm #{i + 1}", top=False)
        if set(item) - {"@type"} != LISTED:
            out.append(f"{where} hasDefinedTerm #{i + 1}: list a term by {sorted(LISTED)} only; its page has the rest")
        elif item["@id"] != item["url"]:
            out.append(f"{where} hasDefinedTerm #{i + 1}: @id should be the term page's address, as on that page")
    return out


def test_each_term_page_is_a_schema_org_defined_term(site: Path) -> None:
    problems = []
    for tid, t in TERMS.items():
        doc = read_html(site / "glossary" / tid / "index.html")
        blocks = ld_json(doc)
        if len(blocks) != 1:
            problems.append(f"glossary/{tid}.yml: expected one JSON-LD block, found {len(blocks)}")
            continue
        raw, data = blocks[0]
        problems += problems_of(data, f"glossary/{tid}/")
        if data.get("url") != doc.xpath("//link[@rel='canonical']/@href")[0]:
            problems.append(f"glossary/{tid}/: url should be the page's canonical address")
        if data.get("termCode") != tid or data.get("name") != t.name:
            problems.append(f"glossary/{tid}/: termCode and name should be the id and the term")
        if "<" in raw:
            problems.append(f"glossary/{tid}/: '<' in the JSON-LD; write it with safe.json_for_html")
    assert not problems, "\n".join(problems)


def test_the_glossary_index_is_a_defined_term_set_of_every_current_term(site: Path) -> None:
    doc = read_html(site / "glossary" / "index.html")
    blocks = ld_json(doc)
    assert len(blocks) == 1
    data = blocks[0][1]
    assert not problems_of(data, "glossary/"), "\n".join(problems_of(data, "glossary/"))
    listed = [item["termCode"] for item in data["hasDefinedTerm"]]
    assert listed == sorted(tid for tid, t in TERMS.items() if not t.retired)
    assert data["url"] == f"{SITE_URL}glossary/"


def test_the_set_check_catches_a_term_listed_in_full() -> None:
    """Planted defect: a term in the index's list with its definition (which belongs on its own page)."""
    url = f"{SITE_URL}glossary/iep/"
    listed = {"@type": "DefinedTerm", "@id": url, "name": "IEP", "url": url, "termCode": "iep"}
    node = {"@context": "https://schema.org", "@type": "DefinedTermSet", "name": "g", "description": "d",
            "url": f"{SITE_URL}glossary/", "hasDefinedTerm": [listed]}
    assert not problems_of(node, "glossary/")
    node["hasDefinedTerm"] = [listed | {"description": "A plan."}]
    assert any("its page has the rest" in p for p in problems_of(node, "glossary/"))


def test_other_pages_carry_no_json_ld(site: Path) -> None:
    extra = [rel for rel in all_pages(site) if not split_edition(site, rel)[1].startswith("glossary/")
             and ld_json(read_html(built_file(site, rel)))]
    assert not extra, f"JSON-LD on pages that are not the glossary: {extra}"


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def test_the_policy_treats_json_ld_as_data(site: Path) -> None:
    """The JSON-LD is never run, so the page's policy allows no hash for it; and csp.py leaves it out."""
    page = (site / "glossary" / "iep" / "index.html").read_text(encoding="utf-8")
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    assert _hash(body) not in policy
    assert "script-src 'self';" in csp.policy(f'<script type="application/ld+json">{body}</script>')
    assert _hash("x()") in csp.policy("<script>x()</script>"), "inline scripts still need their hash"


def test_every_page_has_a_link_preview(site: Path) -> None:
    """Open Graph for a shared link: title, description, address, type, site name; no image from anywhere;
    and the description meta tag says the same as og:description."""
    problems = []
    names = {"": "IEP Guide", "es/": "Guía IEP"}
    for rel in (r for r in all_pages(site) if not r.endswith(".html")):  # both languages
        edition, inside = split_edition(site, rel)
        doc = read_html(site / rel / "index.html")
        og = {m.get("property"): m.get("content") for m in doc.xpath("//head/meta[@property]")}
        description = doc.xpath("//head/meta[@name='description']/@content")
        expected = {"og:url": SITE_URL + rel, "og:site_name": names[edition], "og:type": "website" if inside == "" else "article"}
        for key, value in expected.items():
            if og.get(key) != value:
                problems.append(f"{rel or '/'}: {key} is {og.get(key)!r}, expected {value!r}")
        if not og.get("og:title") or og["og:title"] != " ".join(doc.findtext(".//title").split(" - ")[:-1] or [doc.findtext(".//title")]):
            problems.append(f"{rel or '/'}: og:title {og.get('og:title')!r} should be the page's title")
        if not description or og.get("og:description") != description[0]:
            problems.append(f"{rel or '/'}: og:description should equal the description meta tag")
        if any(k.startswith("og:image") for k in og):
            problems.append(f"{rel or '/'}: no og:image (it would be a request to another host or a tracking hook)")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("value", ['</script><script>alert(1)</script>', "a & b < c", "\u2028"])
def test_json_ld_cannot_end_its_element(value: str) -> None:
    """Whatever a term's text holds, the JSON-LD stays inside its element."""
    from macros.render import safe

    out = str(safe.json_for_html({"name": value}))
    assert "<" not in out and "&" not in out and "\u2028" not in out and json.loads(out)["name"] == value
