"""Embedding: the address, copy-paste snippet and oEmbed data of every page's embed view.

Each content page and glossary entry has an embed view at /embed/<page path>/ (its article alone, for an
iframe on another website), and each term a compact card at /embed/card/<id>/. This module is the one
place that decides those addresses and writes the snippet text: the "Embed this" dialog
(overrides/partials/embed-button.html) and the oEmbed files both read it from here. macros/outputs/embed_views.py
writes the views from the built HTML; docs/assets/javascripts/embed-loader.js resizes them on host pages.

A page leaves embedding out with `embed: false` in its front matter.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from macros.model.glossary import Term
from macros.render.safe import text
from macros.model.site import Site
from macros.settings import Settings
from macros.words import words

EMBED_DIR = "embed/"
CARD_DIR = "embed/card/"
LOADER = "assets/javascripts/embed-loader.js"
FRAME_SCRIPT = "assets/javascripts/embed-frame.js"
OEMBED_FILE = "oembed.json"
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
PAGE_SIZE = (760, 600)  # (max width, starting height) in CSS pixels
CARD_SIZE = (360, 260)


@dataclass(frozen=True)
class View:
    """One embeddable view: where it lives and how big its iframe starts."""

    label: str  # the choice as named in the dialog, e.g. "Compact card"
    path: str  # site-relative address, e.g. "embed/card/iep/"
    title: str  # the iframe's accessible name
    max_width: int
    height: int

    @property
    def embed_id(self) -> str:
        """The id a view reports in its height messages: its path below embed/, e.g. "card/iep"."""
        return self.path[len(EMBED_DIR):].strip("/") or "index"

    def iframe(self, site_url: str) -> str:
        """The <iframe> element a host page pastes in. Its sandbox lets the view run its own script (to
        report its height) and open links in a new tab, and nothing else; it sends no referrer."""
        return (
            f'<iframe src="{text(site_url + self.path)}" title="{text(self.title)}" width="100%" '
            f'height="{self.height}" style="max-width: {self.max_width}px; border: 1px solid #c4c4c4; '
            f'border-radius: 4px;" loading="lazy" sandbox="{SANDBOX}" referrerpolicy="no-referrer"></iframe>'
        )


@dataclass(frozen=True)
class PageEmbed:
    """Everything about embedding one page: its views (the page's own first) and its snippets."""

    page_path: str  # "iep/what-is-an-iep/" ("" for the home page)
    title: str
    site_name: str
    site_url: str
    views: tuple[View, ...]
    term_id: str | None = None

    licence_name = LICENCE_NAME
    licence_url = LICENCE_URL

    @property
    def view(self) -> View:
        """The embed view of the page itself."""
        return self.views[0]

    @property
    def card(self) -> View | None:
        """The term card, on a glossary entry."""
        return self.views[1] if self.term_id else None

    @property
    def loader(self) -> str:
        """The optional <script> line that lets the host page fit each iframe to its content."""
        return f'<script src="{text(self.site_url + LOADER)}" async></script>'

    def snippet(self, view: View, loader: bool = True) -> str:
        """The copy-paste code for one view: the iframe, and the loader unless left out."""
        return view.iframe(self.site_url) + ("\n" + self.loader if loader else "")

    @property
    def oembed_path(self) -> str:
        """Site-relative address of the page's oEmbed file, beside its embed view."""
        return self.view.path + OEMBED_FILE

    @property
    def card_oembed_path(self) -> str | None:
        """Site-relative address of the term card's oEmbed file, beside the card (on a glossary entry)."""
        return self.card.path + OEMBED_FILE if self.card else None

    @property
    def oembed_url(self) -> str:
        """Absolute address of the oEmbed file, for the page head."""
        return self.site_url + self.oembed_path

    def oembed(self, view: View | None = None) -> dict:
        """The oEmbed 1.0 response of a view (the page's own by default): a "rich" type whose html is the
        snippet, and whose height fits the view's content at its width."""
        view = view or self.view
        return {
            "version": "1.0",
            "type": "rich",
            "provider_name": self.site_name,
            "provider_url": self.site_url,
            "title": self.title if view is self.view else view.title.removesuffix(f" - {self.site_name}"),
            "html": self.snippet(view),
            "width": view.max_width,
            "height": view.height,
            "license": LICENCE_NAME,
            "license_url": LICENCE_URL,
        }


def page_embed(page, settings: Settings, site: Site) -> PageEmbed | None:
    """The embed data of a page, or None when the page opts out with `embed: false`."""
    info = site.pages.get(page.file.src_uri)
    if info is not None and not info.embed:
        return None
    url = page.url
    name, base = settings.site_name, settings.site_url
    term = term_of(page, site)
    title = term.title if term else (info.title if info else name)
    said = words(settings.language)
    views = [View(said["embed_full_entry"] if term else said["embed_page_view"], EMBED_DIR + url, f"{title} - {name}", *PAGE_SIZE)]
    if term:
        card_title = said["embed_card_title"].format(title=title)
        views.append(View(said["embed_card"], f"{CARD_DIR}{term.id}/", f"{card_title} - {name}", *CARD_SIZE))
    return PageEmbed(url, title, name, base, tuple(views), term.id if term else None)


def term_of(page, site: Site) -> Term | None:
    """The glossary entry when the page is a generated glossary page, else None."""
    src = page.file.src_uri
    if posixpath.dirname(src) != "glossary":
        return None
    return site.glossary.terms.get(posixpath.splitext(posixpath.basename(src))[0])
