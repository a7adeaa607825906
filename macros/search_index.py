"""Make Material's search index small: what readers search for, not every word of every page.

Material's search plugin writes search/search_index.json with the full text of every section of every
page, and every first visit downloads it (it was over 130 KB gzipped, more than the rest of a page).
After the build, this rewrites it to one entry per page:

- a content page: its title, then its front-matter description and its section headings as the text;
- a glossary term: its name with its abbreviation (the page title), then its other names (aliases) as
  the text, so a search for an abbreviation or an alias finds the term;
- the glossary index: its title and description (its A-Z list repeats the term entries).

Sources lists, the glossary's letter headings and the term pages' "related" and "used on" lists are
left out: about 11 KB gzipped in all, for some 190 pages and terms. Material's search configuration (separator, pipeline, field boosts) is kept as it is.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from macros import state
from macros.state import SiteIndex

INDEX = Path("search") / "search_index.json"
SKIPPED_ANCHORS = ("sources", "letter-")


def page_location(src: str) -> str:
    """The search-index location of a docs page (directory URLs): 'a/b.md' -> 'a/b/', 'index.md' -> ''."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def descriptions(site: SiteIndex) -> dict[str, str]:
    """Front-matter description of every page, by search-index location."""
    return {page_location(src): info.description for src, info in site.pages.items() if info.description}


def compact(index: dict, site: SiteIndex, described: dict[str, str]) -> dict:
    """The smaller index: one entry per page, in the order Material wrote the pages."""
    pages: dict[str, list[dict]] = {}
    for doc in index["docs"]:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
    terms = {f"glossary/{t.id}/": t for t in site.glossary.terms.values()}
    docs = []
    for location, entries in pages.items():
        title = entries[0]["title"]
        term = terms.get(location)
        if term:
            text = html.escape(f"Also called: {', '.join(term.aliases)}.", quote=False) if term.aliases else ""
        else:
            heads = [
                e["title"] for e in entries[1:]
                if not e["location"].split("#", 1)[1].startswith(SKIPPED_ANCHORS)
            ]
            parts = [html.escape(described[location], quote=False)] if location in described else []
            if heads:
                parts.append(" · ".join(heads))
            text = " ".join(parts)
        docs.append({"location": location, "title": title, "text": text})
    return {"config": index["config"], "docs": docs}


def rewrite(config) -> None:
    """Replace the built search index with its compact form (MkDocs runs hooks after the search plugin)."""
    path = Path(config["site_dir"]) / INDEX
    if not path.is_file():
        return
    site = state.current()
    index = json.loads(path.read_text(encoding="utf-8"))
    small = compact(index, site, descriptions(site))
    path.write_text(json.dumps(small, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
