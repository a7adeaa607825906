"""glossary.json: the whole glossary as data for other websites, and its JSON Schema beside it.

Written once per build to /glossary.json, and its schema to /glossary.schema.1.json (the schema of major
version 1, which glossary.json names in "$schema": an address that stays valid for every 1.x file) and
/glossary.schema.json (always the newest). The schema lives in macros/outputs/glossary.schema.json; the
build adds each copy's "$id" from site_url. Raise SCHEMA_VERSION (semantic versioning) with every change to
the shape: minor for a new optional field, major for a removed or renamed one. The schema is forward
compatible (no term or object forbids unknown fields), and each released schema is kept in tests/data/ so
the next release's file is tested against it.

"generated" is the newest `reviewed` date of any term, never the time of the build: the same glossary gives
a byte-identical file.

Every `html` field is the site's own rendering of the entry's Markdown (macros/render/safe.py), passed
once more through an allow-list sanitizer (nh3): only p, ul, ol, li, em, strong and a with an https or
site address, so a website can insert it as it is.
"""
from __future__ import annotations

import json
from pathlib import Path

import nh3

from macros.model.facts import Facts
from macros.model.glossary import Glossary, Term
from macros.model.site import url_of
from macros.outputs import embed
from macros.render import safe
from macros.settings import Settings

SCHEMA_VERSION = "1.3.0"  # 1.1.0 added each term's "reviewed" date; 1.2.0 "generated", "replaced_by", unknown fields allowed; 1.3.0 each term's "es" words
SCHEMA_SOURCE = Path(__file__).with_name("glossary.schema.json")
DATA_FILE = "glossary.json"
SCHEMA_FILE = "glossary.schema.json"
VERSIONED_SCHEMA_FILE = f"glossary.schema.{SCHEMA_VERSION.split('.')[0]}.json"
ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a"}


def sanitize(html: str) -> str:
    """HTML reduced to the allowed tags; links keep only an https (or site) href and open safely."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"https"},
                     link_rel="noopener", strip_comments=True)


def as_text(fragment: str) -> str:
    """Plain text of rendered HTML: paragraphs apart by a blank line, list items as "- item"."""
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    blocks: list[str] = []
    for el in root:
        if el.tag in ("ul", "ol"):
            items = [" ".join(li.text_content().split()) for li in el.iterchildren("li")]
            marks = [f"{n}." for n in range(1, len(items) + 1)] if el.tag == "ol" else ["-"] * len(items)
            blocks.append("\n".join(f"{m} {item}" for m, item in zip(marks, items)))
        else:
            blocks.append(" ".join(el.text_content().split()))
    return "\n\n".join(b for b in blocks if b)


def term_record(t: Term, site_url: str, facts: Facts) -> dict:
    """One term as glossary.json lists it (its legal numbers printed from facts/)."""
    def link(target: str) -> str:
        path, _, frag = target.partition("#")
        return site_url + url_of(path.lstrip("/")) + (f"#{frag}" if frag else "")

    short_md, definition_md = facts.expand(t.short), facts.expand(t.definition)
    short = sanitize(safe.data_markdown(short_md, inline=True, link=link))
    definition = sanitize(safe.data_markdown(definition_md, inline=False, link=link))
    record = {
        "id": t.id,
        "term": t.term,
        "title": t.title,
        "abbreviation": t.abbr,
        "aliases": list(t.aliases),
        "short": {"text": safe.plain(short_md), "html": short},
        "definition": {"text": as_text(definition), "html": definition},
        "citations": [{"label": c.label, "url": c.url} for c in t.citations],
        "practice": t.practice,
        "related": list(t.related),
        "tags": list(t.tags),
        "reviewed": t.reviewed,
        "url": f"{site_url}glossary/{t.id}/",
        "embed": {
            "entry": f"{site_url}{embed.EMBED_DIR}glossary/{t.id}/",
            "card": f"{site_url}{embed.CARD_DIR}{t.id}/",
        },
    }
    if t.replaced_by:  # only on a retired term, so readers of older schema versions see no new field otherwise
        record["replaced_by"] = t.replaced_by
    return record


def document(glossary: Glossary, facts: Facts, settings: Settings) -> dict:
    """The whole glossary.json document."""
    site_url = settings.site_url
    return {
        "$schema": site_url + VERSIONED_SCHEMA_FILE,
        "schema_version": SCHEMA_VERSION,
        "generated": generated(glossary),
        "site": {"name": settings.site_name, "url": site_url},
        "license": {
            "name": embed.LICENCE_NAME,
            "url": embed.LICENCE_URL,
            "attribution": f"{settings.site_name} ({site_url}), {embed.LICENCE_NAME}",
        },
        "tags": dict(sorted(glossary.tags.items())),
        "terms": [term_record(t, site_url, facts) for _, t in sorted(glossary.terms.items())],
    }


TRANSLATED = ("term", "title", "abbreviation", "aliases", "short", "definition", "url")  # a term's words in another language


def with_translations(doc: dict, translations: dict[str, dict]) -> dict:
    """glossary.json with each term's words in the site's other languages (an "es" block per term), taken
    from each edition's own glossary.json: its words, links and legal numbers as its own build wrote them."""
    for language, other in sorted(translations.items()):
        records = {r["id"]: r for r in other["terms"]}
        for record in doc["terms"]:
            if record["id"] in records:
                record[language] = {key: records[record["id"]][key] for key in TRANSLATED}
    return doc


def add_translations(site_dir: Path, editions: list[tuple[str, str]]) -> None:
    """Add to the built glossary.json the words of each other edition (language, its folder in the site),
    once their builds have landed in the site folder."""
    path = site_dir / DATA_FILE
    others = {language: json.loads((site_dir / folder / DATA_FILE).read_text(encoding="utf-8")) for language, folder in editions}
    doc = with_translations(json.loads(path.read_text(encoding="utf-8")), others)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def generated(glossary: Glossary) -> str:
    """When the data last changed: the newest reviewed date of any term, at midnight UTC."""
    return max(t.reviewed for t in glossary.terms.values()) + "T00:00:00Z"


def schema(settings: Settings, name: str = SCHEMA_FILE) -> dict:
    """The published JSON Schema, with its $id at its address on the site (name: the file)."""
    data = json.loads(SCHEMA_SOURCE.read_text(encoding="utf-8"))
    return {"$schema": data.pop("$schema"), "$id": settings.site_url + name, "$comment": f"Version {SCHEMA_VERSION}.", **data}


def write(glossary: Glossary, facts: Facts, settings: Settings, site_dir: Path) -> None:
    """Write glossary.json and its schema (at the major version's address and the newest's) into the built site."""
    for name, data in ((DATA_FILE, document(glossary, facts, settings)), (VERSIONED_SCHEMA_FILE, schema(settings, VERSIONED_SCHEMA_FILE)),
                       (SCHEMA_FILE, schema(settings))):
        (site_dir / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
