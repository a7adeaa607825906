"""A small search index: what readers search for, not every word of every page.

Material's search plugin would index the full text of every section of every page, and every first visit
downloads the index (it was over 130 KB gzipped, more than the rest of a page). Its parse of each page
was also a tenth of the build. So this module indexes the pages itself, from what MkDocs already knows
(the table of contents and the front matter), and writes search/search_index.json with one entry per page:

- a content page: its title, then its front-matter description and its section headings as the text;
- a glossary term: its name with its abbreviation (the page title), then its other names (aliases) as
  the text, so a search for an abbreviation or an alias finds the term;
- the glossary index: its title and description (its A-Z list repeats the term entries).

Sources lists, the glossary's letter headings and the term pages' "related" and "used on" lists are
left out: about 11 KB gzipped in all, for some 190 pages and terms. Material's search configuration
(separator, pipeline, field boosts) is kept as it is.

How: before Material's plugin sees a page (on_page_content), `hand_over` marks it `search: exclude`,
Material's documented switch; after it (on_page_context), `record` puts the page's own front matter back
and records the entry, unless the page's own front matter excludes it. A section's title is its heading
as text, HTML-escaped, as Material writes it.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from macros.model.site import Site

INDEX = Path("search") / "search_index.json"
SKIPPED_ANCHORS = ("sources", "letter-")


_STARTS_WITH_HEADING = re.compile(r"\s*<h[1-6][\s>]")


class SearchIndex:
    """The search entries of one build, recorded page by page."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.entries: list[dict] = []
        self._meta: dict[str, tuple[bool, object]] = {}  # each page's own `search` front matter, while Material skips it

    def hand_over(self, page) -> None:
        """Tell Material's search plugin to skip the page (it is indexed by `record`)."""
        own = page.meta.get("search")
        self._meta[page.file.src_uri] = ("search" in page.meta, own)
        page.meta["search"] = {**(own if isinstance(own, dict) else {}), "exclude": True}

    def record(self, page) -> None:
        """Give the page back its own `search` front matter and record its search entry."""
        had, own = self._meta.pop(page.file.src_uri)
        if had:
            page.meta["search"] = own
        else:
            del page.meta["search"]
        if isinstance(own, dict) and own.get("exclude"):
            return
        sections = [(item.id, _heading(item.title)) for item in _flat(page.toc)]
        # The first section is titled by the page's first heading when the page starts with one; otherwise
        # (text before any heading) by the page title, as Material does.
        if sections and _STARTS_WITH_HEADING.match(page.content or ""):
            title, sections = sections[0][1], sections[1:]
        else:
            title = _heading(str(page.meta.get("title", page.title)))
        info = self.site.pages.get(page.file.src_uri)  # None for a generated glossary page
        self.entries.append({"location": page.url, "title": title, "sections": sections,
                             "description": info.description if info else ""})

    def compact(self) -> list[dict]:
        """One entry per page, in the order the pages were built."""
        terms = {f"glossary/{t.id}/": t for t in self.site.glossary.terms.values()}
        docs = []
        for entry in self.entries:
            location, title = entry["location"], entry["title"]
            term = terms.get(location)
            if term:
                text = html.escape(f"Also called: {', '.join(term.aliases)}.", quote=False) if term.aliases else ""
            else:
                heads = [head for anchor, head in entry["sections"] if not anchor.startswith(SKIPPED_ANCHORS)]
                parts = [html.escape(entry["description"], quote=False)] if entry["description"] else []
                if heads:
                    parts.append(" · ".join(heads))
                text = " ".join(parts)
            docs.append({"location": location, "title": title, "text": text})
        return docs

    def write(self, site_dir: Path) -> None:
        """Write the index into the file Material's plugin wrote (with its configuration and no pages)."""
        path = site_dir / INDEX
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        small = {"config": index["config"], "docs": self.compact()}
        path.write_text(json.dumps(small, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _heading(title: str) -> str:
    """A table-of-contents title as Material's index writes a heading: text, with <, > and & escaped."""
    return html.escape(html.unescape(title), quote=False)


def _flat(items) -> list:
    out = []
    for item in items:
        out.append(item)
        out.extend(_flat(item.children))
    return out
