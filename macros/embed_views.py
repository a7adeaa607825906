"""Write the embed views from the built HTML: /embed/<page>/, its oEmbed file, and /embed/card/<id>/.

Runs once per page, right after MkDocs renders it (macros/hooks.py, on_post_page), so the embed view is
made from the same HTML as the full page and never needs a second copy of the content. The view keeps the
article and drops the site's header, navigation, search, sidebars, footer and scripts. Links that leave
the article open in a new tab (outside the frame); links inside the built site stay relative, so the link
check follows and checks them.
"""
from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import jinja2
from lxml import html as lxml_html
from markupsafe import Markup

from macros import embed, render, state
from macros.embed import PageEmbed, View

URL_ATTRS = ("href", "src", "poster")
_CLASS = ".//*[contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"
DROP = (
    _CLASS.format("headerlink"),  # the "¶" permalinks: a link to a section of the frame helps nobody
    _CLASS.format("iep-embed-share"),  # the "Embed this" button and dialog
    _CLASS.format("md-content__button"),  # Material's edit / view-source actions
    ".//script",
)
_BASE = "https://site.invalid/"


@cache
def _templates(dirs: tuple[str, ...]) -> jinja2.Environment:
    """The theme folders as a Jinja environment that escapes every value it prints."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(list(dirs)), autoescape=True, keep_trailing_newline=True)


def rebase(url: str, src_dir: str, dest_dir: str) -> str:
    """Rewrite a relative URL written on the page at src_dir so it works from dest_dir.

    Both folders are site-relative ("iep/what-is-an-iep/"). Fragment-only, root-relative and absolute
    URLs are returned unchanged: they mean the same from anywhere in the site.
    """
    parts = urlsplit(url)
    if not url or url.startswith(("#", "/")) or parts.scheme or parts.netloc:
        return url
    target = urlsplit(urljoin(_BASE + src_dir, url))
    rel = posixpath.relpath(target.path, "/" + dest_dir)
    if target.path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return urlunsplit(("", "", rel, target.query, target.fragment))


def _open_outside(el) -> None:
    """Make a link open in a new tab, outside the frame."""
    el.set("target", "_blank")
    rels = set((el.get("rel") or "").split()) | {"noopener"}
    el.set("rel", " ".join(sorted(rels)))


def _extract(doc, src_dir: str, dest_dir: str) -> tuple[str, str]:
    """The article of a built page, made ready for the embed view: (main content, trailing asides)."""
    article = doc.find_class("md-content__inner")[0]
    for path in DROP:
        for el in article.xpath(path):
            el.drop_tree()
    for el in article.iter():
        if not isinstance(el.tag, str):
            continue
        for name in URL_ATTRS:
            if el.get(name) is not None:
                el.set(name, rebase(el.get(name).strip(), src_dir, dest_dir))
        if el.tag == "a" and el.get("href") and not el.get("href").startswith("#"):
            _open_outside(el)
    for table in list(article.iter("table")):
        _wrap_table(table)
    for code in article.xpath(".//pre/code"):
        code.set("tabindex", "0")  # a long line scrolls sideways: reachable by keyboard, as on the full page
    main, after = [], []
    for child in article:
        (after if child.tag == "aside" else main).append(lxml_html.tostring(child, encoding="unicode"))
    return "".join(main), "".join(after)


def _wrap_table(table) -> None:
    """Let a wide table scroll on its own (as Material's script does on the full page), by keyboard too."""
    wrap = lxml_html.Element("div", {"class": "md-typeset__scrollwrap iep-embed__scroll", "tabindex": "0", "role": "region"})
    caption = table.find("caption")
    heading = table.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]")
    name = caption if caption is not None else (heading[0] if heading else None)
    wrap.set("aria-label", "Table: " + " ".join(name.text_content().split()) if name is not None else "Table")
    inner = lxml_html.Element("div", {"class": "md-typeset__table"})
    table.addprevious(wrap)
    wrap.append(inner)
    tail, table.tail = table.tail, None
    inner.append(table)
    wrap.tail = tail


def _common(doc, info: PageEmbed, view: View) -> dict:
    """Template values shared by the embed view and the card."""
    src_dir, dest_dir = info.page_path, view.path
    head = doc.find("head")
    body = doc.find("body")
    canonical = head.xpath('link[@rel="canonical"]')
    description = head.xpath('meta[@name="description"]/@content')
    return {
        "lang": doc.get("lang") or "en",
        "site_name": info.site_name,
        "title": info.title,
        "description": description[0] if description else None,
        "canonical": canonical[0].get("href") if canonical else info.site_url + info.page_path,
        "stylesheets": [rebase(el.get("href"), src_dir, dest_dir) for el in head.xpath('link[@rel="stylesheet"]')],
        "frame_script": posixpath.relpath(embed.FRAME_SCRIPT, dest_dir),
        "body_attrs": {k: v for k, v in body.attrib.items() if k == "dir" or k.startswith("data-md-color-")},
        "embed_id": view.embed_id,
        "page_href": rebase("./", src_dir, dest_dir),
        "licence_name": embed.LICENCE_NAME,
        "licence_url": embed.LICENCE_URL,
    }


def write_page_view(output: str, page, config) -> str:
    """Write the embed view, oEmbed file and (for a term) the card of a built page; return output unchanged."""
    info = embed.page_embed(page, config)
    if info is None:
        return output
    doc = lxml_html.document_fromstring(output)
    env = _templates(tuple(config.theme.dirs))
    site = Path(config["site_dir"])
    values = _common(doc, info, info.view)
    main, after = _extract(doc, info.page_path, info.view.path)
    _write(site / info.view.path / "index.html", env.get_template("partials/embed-view.html").render(
        values, content=Markup(main), after=Markup(after)))
    (site / info.oembed_path).write_text(json.dumps(info.oembed(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if info.card:
        term = state.current().glossary.terms[info.term_id]
        # The link to the entry shows the short definition on hover, in the same words as every term() link.
        tooltip = render.title_attr(term.short)
        values = _common(doc, info, info.card) | {"term": term, "description": term.short, "tooltip": tooltip}
        _write(site / info.card.path / "index.html", env.get_template("partials/embed-card.html").render(values))
    return output


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
