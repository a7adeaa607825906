"""What a page tells search engines and link previews: schema.org JSON-LD for the glossary, and Open Graph.

- The glossary index carries a `DefinedTermSet` listing every current term by name, address and code;
  each term's page carries the whole `DefinedTerm` (name, description, url, inDefinedTermSet, termCode,
  alternateName), under the same @id. Said once, on the term's page, the definitions do not weigh on the
  index's first visit (they were 13 KB of its 32 KB compressed). The JSON goes through
  safe.json_for_html into a <script type="application/ld+json"> element: data, not a script, so the
  Content Security Policy needs no hash for it (macros/outputs/csp.py leaves JSON types out).
- Every page carries Open Graph tags for the preview a family sees when they share a link: og:title,
  og:description, og:url, og:type and og:site_name. No og:image: a preview image would be a request to
  this site from the messaging service, and the site has no image worth one.

overrides/main.html prints both (`structured_data`, `social`), escaping each Open Graph value.
"""
from __future__ import annotations

from markupsafe import Markup

from macros.model.glossary import Term
from macros.model.site import Site
from macros.outputs import embed
from macros.render import safe
from macros.settings import Settings

GLOSSARY_INDEX = "glossary/index.md"
CONTEXT = "https://schema.org"


def term_set_ref(settings: Settings) -> dict:
    """The glossary as a DefinedTermSet that a term points to."""
    url = settings.site_url + "glossary/"
    return {"@type": "DefinedTermSet", "@id": url, "name": f"{settings.site_name} glossary", "url": url}


def term_ref(t: Term, settings: Settings) -> dict:
    """One term as the glossary index lists it: the DefinedTerm its page describes (same @id), by name."""
    url = f"{settings.site_url}glossary/{t.id}/"
    return {"@type": "DefinedTerm", "@id": url, "name": t.name, "url": url, "termCode": t.id}


def defined_term(t: Term, settings: Settings) -> dict:
    """One term as a schema.org DefinedTerm."""
    out = {"@context": CONTEXT, **term_ref(t, settings), "description": safe.plain(t.short),
           "inDefinedTermSet": term_set_ref(settings)}
    names = [n for n in (t.abbr, *t.aliases) if n]
    if names:
        out["alternateName"] = names
    return out


def defined_term_set(site: Site, description: str) -> dict:
    """The whole glossary (its current terms) as a schema.org DefinedTermSet."""
    s = site.settings
    return {"@context": CONTEXT, **term_set_ref(s), "description": description, "inLanguage": "en",
            "license": embed.LICENCE_URL,
            "hasDefinedTerm": [term_ref(t, s) for _, t in sorted(site.glossary.terms.items()) if not t.retired]}


def _plain(value: object) -> str:
    """Text from front matter (Markup once the theme's escaping has run), unescaped, one line."""
    text = value.unescape() if isinstance(value, Markup) else str(value or "")
    return " ".join(text.split())


def context(page, site: Site, term: Term | None) -> dict:
    """The template values for one page: `structured_data` (JSON for a ld+json element, or None) and
    `social` (Open Graph property and value pairs, unescaped: the template escapes them)."""
    s = site.settings
    title = _plain(page.meta.get("title") or page.title or s.site_name)
    description = _plain(page.meta.get("description"))
    url = s.site_url + page.url
    data = None
    if term is not None:
        data = defined_term(term, s)
    elif page.file.src_uri == GLOSSARY_INDEX:
        data = defined_term_set(site, description)
    social = [("og:title", title), ("og:description", description), ("og:url", url),
              ("og:type", "website" if page.url in ("", "./") else "article"), ("og:site_name", s.site_name),
              ("og:locale", "en_US")]
    return {"structured_data": safe.json_for_html(data) if data else None,
            "social": [(k, v) for k, v in social if v]}

