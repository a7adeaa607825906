"""What one build knows about the site: the glossary and the pages that use each term."""
from __future__ import annotations

from dataclasses import dataclass, field

from macros.glossary import Glossary, Source


@dataclass
class PageInfo:
    """A Markdown page in docs/: its path, title and the glossary ids it links."""

    src: str  # docs-relative path, e.g. "iep/what-is-an-iep.md"
    title: str
    terms: dict[str, int] = field(default_factory=dict)  # term id -> first line that links it
    description: str = ""  # the front-matter description, whitespace collapsed
    sources: list[Source] = field(default_factory=list)  # the front-matter sources, checked


@dataclass
class SiteIndex:
    """Everything the macros read, built once at the start of each build."""

    glossary: Glossary
    pages: dict[str, PageInfo]
    # Search entries, one per page as it is built (macros.search_index), and each page's own `search`
    # front matter while the search plugin is told to skip the page.
    search: list[dict] = field(default_factory=list)
    search_meta: dict[str, tuple[bool, object]] = field(default_factory=dict)

    def used_on(self, term_id: str) -> list[PageInfo]:
        """Pages that link a term, sorted by title (independent of render order)."""
        return sorted((p for p in self.pages.values() if term_id in p.terms), key=lambda p: p.title.lower())


CURRENT: SiteIndex | None = None


def current() -> SiteIndex:
    """The index of the build in progress."""
    if CURRENT is None:
        raise RuntimeError("the site index is not built yet: macros/hooks.py must run on_files first")
    return CURRENT
