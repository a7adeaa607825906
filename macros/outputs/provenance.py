"""Provenance: for each built page, the file an editor changes to fix it, and the line that writes each
of its links. The engine records it while it renders (macros/render/pages.py notes the line of every
link a page's text writes and of every macro call that makes one) and writes it beside the site as
.provenance.json; the link check (checks/linkcheck.py) reads it to name the file and line of a broken
link, instead of guessing from the built page's path.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

FILE = ".provenance.json"
_HREF = re.compile(r'\b(?:href|src)="([^"]*)"')


def built(url: str) -> str:
    """The built file of a site address: 'iep/x/' -> 'iep/x/index.html', '' -> 'index.html'."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def resolve(page_url: str, href: str) -> str | None:
    """The site path a relative link on a page goes to ('glossary/iep/index.html'), or None for an
    address on another site, a bare fragment or a malformed one."""
    try:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = urlsplit(urljoin("/" + page_url, href)).path.lstrip("/")
    except ValueError:
        return None
    return unquote(built(path))


def hrefs(fragment: str) -> list[str]:
    """The link addresses in a piece of HTML the engine wrote."""
    return [html.unescape(h) for h in _HREF.findall(fragment)]


@dataclass
class Provenance:
    """The sources of one build's pages and views."""

    pages: dict[str, dict] = field(default_factory=dict)

    def page(self, rel: str, source: str, links: list[tuple[int, str, str | None]]) -> None:
        """A built page (its file, e.g. 'iep/x/index.html'), its source file and its links (line, as
        written, the site path it goes to)."""
        self.pages[rel] = {"source": source, "links": [list(link) for link in links]}

    def view(self, rel: str, of: str) -> None:
        """An embed view made from a page (its links are the page's, rewritten for the view's folder)."""
        if of in self.pages:
            self.pages[rel] = {"source": self.pages[of]["source"], "links": self.pages[of]["links"]}

    def write(self, site_dir: Path) -> None:
        (site_dir / FILE).write_text(json.dumps({"pages": self.pages}, ensure_ascii=False, separators=(",", ":")),
                                     encoding="utf-8")


def markdown_target(src: str, written: str) -> str | None:
    """The built file a link written in docs/<src> goes to, as MkDocs resolves it (a .md page becomes its
    folder's index.html; any other relative file keeps its path)."""
    try:
        parts = urlsplit(written)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(parts.path))) if not parts.path.startswith("/") \
        else unquote(parts.path).lstrip("/")
    if path.endswith(".md"):
        base = path[:-3]
        base = posixpath.dirname(base) if posixpath.basename(base) in ("index", "README") else base
        return built(f"{base}/" if base else "")
    return path
