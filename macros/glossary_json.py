"""glossary.json: the whole glossary as data for other websites, and its JSON Schema beside it.

Written once per build (macros/hooks.py, on_post_build) to /glossary.json and /glossary.schema.json.
The schema lives in macros/glossary.schema.json; the build adds its "$id" from site_url. Raise
SCHEMA_VERSION (semantic versioning) with every change to the shape: minor for a new optional field,
major for a removed or renamed one.
"""
from __future__ import annotations

import json
from pathlib import Path

import markdown
from lxml import html as lxml_html

from macros import embed, state
from macros.glossary import Glossary, Term

SCHEMA_VERSION = "1.1.0"  # 1.1.0 added each term's "reviewed" date
SCHEMA_SOURCE = Path(__file__).with_name("glossary.schema.json")
DATA_FILE = "glossary.json"
SCHEMA_FILE = "glossary.schema.json"


def as_text(fragment: str) -> str:
    """Plain text of rendered Markdown: paragraphs apart by a blank line, list items as "- item"."""
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


def _inline(fragment: str) -> str:
    """A one-paragraph rendering without its <p> wrapper."""
    return fragment.removeprefix("<p>").removesuffix("</p>")


def term_record(t: Term, md: markdown.Markdown, site_url: str) -> dict:
    """One term as glossary.json lists it."""
    definition = md.reset().convert(t.definition)
    return {
        "id": t.id,
        "term": t.term,
        "title": t.title,
        "abbreviation": t.abbr,
        "aliases": list(t.aliases),
        "short": {"text": t.short, "html": _inline(md.reset().convert(t.short))},
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


def document(glossary: Glossary, config) -> dict:
    """The whole glossary.json document."""
    site_url = embed.site_url(config)
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    return {
        "$schema": site_url + SCHEMA_FILE,
        "schema_version": SCHEMA_VERSION,
        "site": {"name": config["site_name"], "url": site_url},
        "license": {
            "name": embed.LICENCE_NAME,
            "url": embed.LICENCE_URL,
            "attribution": f"{config['site_name']} ({site_url}), {embed.LICENCE_NAME}",
        },
        "tags": dict(sorted(glossary.tags.items())),
        "terms": [term_record(t, md, site_url) for _, t in sorted(glossary.terms.items())],
    }


def schema(config) -> dict:
    """The published JSON Schema, with its $id at the site's address."""
    data = json.loads(SCHEMA_SOURCE.read_text(encoding="utf-8"))
    return {"$schema": data.pop("$schema"), "$id": embed.site_url(config) + SCHEMA_FILE, **data}


def write(config) -> None:
    """Write glossary.json and glossary.schema.json into the built site."""
    site = Path(config["site_dir"])
    for name, data in ((DATA_FILE, document(state.current().glossary, config)), (SCHEMA_FILE, schema(config))):
        (site / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
