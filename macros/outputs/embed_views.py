"""Write the embed views: /embed/<page>/ with its oEmbed file, and for a term /embed/card/<id>/ with its own.

Rendered once per page (macros/engine.py makes them ahead, in a second process, once every page's
Markdown is rendered), from `page.content` (the article HTML that MkDocs made from the page's Markdown)
and the theme's own Jinja environment, in an overlay that escapes
every value it prints. Nothing is parsed back out of a built page. The article is made ready for a frame
with a few string steps on that HTML, whose shape Python-Markdown fixes (`frame_article`): the "¶"
permalinks and any script (or script preload) go, wide tables and code blocks scroll on their own (reachable by keyboard),
relative addresses are rewritten for the view's folder and links that leave the article open in a new tab.
In-page links (#...) stay in the frame.
"""
from __future__ import annotations

import dataclasses
import html as html_lib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import jinja2
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from macros.outputs import csp, embed, embed_height
from macros.outputs.embed import PageEmbed, View
from macros.render import safe, scripts
from macros.words import words

_BASE = "https://site.invalid/"
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b([^<>]*)>")
_URL_ATTR = re.compile(r'(\s(?:href|src|poster)=")([^"]*)(")')
_HEADERLINK = re.compile(r'<a\b[^<>]*\bclass="headerlink"[^<>]*>.*?</a>', re.S)
# Scripts, and the links that start them after the first paint (macros/render/scripts.py): a view runs
# only its own script.
_SCRIPT = re.compile(rf"<script\b[^<>]*>.*?</script>\s*|<link\b[^<>]*\b{scripts.MARK}\b[^<>]*>\s*", re.S | re.I)
_TABLE = re.compile(r"<table\b[^<>]*>.*?</table>", re.S)
_CAPTION = re.compile(r"<caption\b[^<>]*>(.*?)</caption>", re.S)
_HEADING = re.compile(r"<h[1-4]\b[^<>]*>(.*?)</h[1-4]>", re.S)
_CODE = re.compile(r"(<pre\b[^<>]*>(?:<span></span>)?)<code\b(?![^<>]*\btabindex=)")
_TAGS = re.compile(r"<[^<>]*>")


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


def _text_of(fragment: str) -> str:
    """The words of an HTML fragment, unescaped, whitespace collapsed."""
    return " ".join(html_lib.unescape(_TAGS.sub(" ", fragment)).split())


def _scrolling_table(match: re.Match, content: str, table_word: str) -> str:
    """A table wrapped so it scrolls sideways on its own (as Material's script does on the full page),
    reachable by keyboard and named after its caption or the heading above it."""
    table = match.group(0)
    caption = _CAPTION.search(table)
    headings = _HEADING.findall(content, 0, match.start())
    name = _text_of(caption.group(1)) if caption else (_text_of(headings[-1]) if headings else "")
    label = safe.text(f"{table_word}: {name}" if name else table_word)
    return (f'<div class="md-typeset__scrollwrap iep-embed__scroll" tabindex="0" role="region" aria-label="{label}">'
            f'<div class="md-typeset__table">{table}</div></div>')


def frame_article(content: str, src_dir: str, dest_dir: str, table_word: str = "Table") -> str:
    """The article HTML of a page (page.content), made ready for its embed view at dest_dir."""
    content = _SCRIPT.sub("", _HEADERLINK.sub("", content))
    content = _TABLE.sub(lambda m: _scrolling_table(m, content, table_word), content)
    content = _CODE.sub(r'\1<code tabindex="0"', content)  # a long line scrolls sideways: reachable by keyboard

    def tag(m: re.Match) -> str:
        name, attrs = m.group(1).lower(), m.group(2)
        attrs = _URL_ATTR.sub(lambda a: a.group(1) + rebase(html_lib.unescape(a.group(2)).strip(), src_dir, dest_dir)
                              .replace("&", "&amp;").replace('"', "&quot;") + a.group(3), attrs)
        href = re.search(r'\shref="([^"]*)"', attrs)
        if name == "a" and href and not href.group(1).startswith("#") and not re.search(r"\starget=", attrs):
            closing = "/" if attrs.rstrip().endswith("/") else ""
            body = attrs.rstrip()[:-1] if closing else attrs
            if re.search(r'\srel="', body):
                body = re.sub(r'\srel="([^"]*)"', lambda r: f' rel="{" ".join(sorted(set(r.group(1).split()) | {"noopener"}))}"', body)
                extra = ""
            else:
                extra = ' rel="noopener"'
            attrs = f'{body} target="_blank"{extra}{closing}'
        return f"<{m.group(1)}{attrs}>"

    return _TAG.sub(tag, content)


def _templates(dirs: tuple[str, ...]) -> jinja2.Environment:
    """The theme folders as a Jinja environment that escapes every value it prints (for tests and tools;
    the build uses the theme's own environment, made to escape, see Views)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(list(dirs)), autoescape=True, keep_trailing_newline=True)


@dataclass(frozen=True)
class Card:
    """What a term card shows: the term's title, its short definition (Markup) and its tooltip text, and
    the term that replaced it, if it was retired."""

    title: str
    short: Markup
    tooltip: str
    replaced_by: tuple[str, str] | None = None  # (title, address relative to the card)


class Views:
    """Renders and writes the embed views of each page with the theme's template environment."""

    def __init__(self, env: jinja2.Environment) -> None:
        # The theme's environment (its loader, the `url` filter, Material's templates) with escaping on:
        # MkDocs renders pages with autoescape off; these templates print data.
        self.env = env.overlay(autoescape=True)

    def styles(self, config, page) -> Markup:
        """The stylesheet links of the page, as the theme writes them (Material's `styles` block, whose
        file names change with each Material release, in the page's context as MkDocs makes it)."""
        base = self.env.get_template("base.html")
        block = base.blocks.get("styles")
        if block is None:
            raise PluginError("the theme's base.html has no 'styles' block; embed views need its stylesheets")
        context = {"config": config, "page": page, "base_url": get_relative_url(".", page.url)}
        out = "".join(block(base.new_context(context)))
        return Markup("\n".join(line.strip() for line in out.splitlines() if line.strip()))

    def write(self, config, page, info: PageEmbed, site_dir: Path, article: str, card: Card | None,
              where: str) -> PageEmbed:
        """Write the embed view and oEmbed file of one page and, for a term, its card and the card's oEmbed
        file; return the page's embed data with each view's height measured (macros/outputs/embed_height.py).
        A failure stops the build, naming the page's source file."""
        try:
            return self._write(config, page, info, site_dir, article, card)
        except (jinja2.TemplateError, OSError, ValueError, KeyError, AttributeError, TypeError) as err:
            raise PluginError(f"{where}: writing its embed view failed: {err!r}; check "
                              "overrides/partials/embed-*.html and macros/outputs/embed_views.py") from None

    def _write(self, config, page, info: PageEmbed, site_dir: Path, article: str, card: Card | None) -> PageEmbed:
        styles = str(self.styles(config, page))
        extra_css = [c if isinstance(c, str) else str(c) for c in config.get("extra_css", [])]
        favicon = config["theme"].get("favicon")
        palette = config["theme"].get("palette") or [{}]
        palette = palette[0] if isinstance(palette, list) else palette
        said = words(config["theme"].get("language") or "en")
        common = {
            "lang": config["theme"].get("language") or "en",
            "site_name": info.site_name,
            "site_url": info.site_url,
            "title": info.title,
            "description": (page.meta or {}).get("description"),
            "reviewed": (page.meta or {}).get("reviewed"),
            "canonical": info.site_url + info.page_path,
            "body_attrs": {"dir": config["theme"].get("direction") or "ltr",
                           "data-md-color-scheme": palette.get("scheme", "default"),
                           "data-md-color-primary": palette.get("primary", "indigo"),
                           "data-md-color-accent": palette.get("accent", "indigo")},
            "licence_name": embed.LICENCE_NAME,
            "licence_url": embed.LICENCE_URL,
            "said": said,
        }

        def for_view(view: View) -> dict:
            dest = view.path
            this = said["embed_this_card"] if view is info.card else said["embed_this_page"]
            return common | {
                "skip": said["embed_skip"].format(this=this, site=info.site_name),
                "end": said["embed_end"].format(this=this, site=info.site_name),
                "styles": Markup(_STYLE_HREF.sub(lambda m: m.group(1) + rebase(m.group(2), info.page_path, dest) + m.group(3), styles)),
                "extra_css": [c if c.startswith(("/", "https:", "http:")) else posixpath.relpath(c, dest) for c in extra_css],
                "frame_script": posixpath.relpath(embed.FRAME_SCRIPT, dest),
                "favicon": posixpath.relpath(favicon, dest) if favicon else None,
                "page_href": rebase("./", info.page_path, dest),
                "about_href": rebase("about/", "", dest),
                "embed_id": view.embed_id,
            }

        view = info.view
        content = frame_article(article, info.page_path, view.path, said["iep.table"])
        if "<h1" not in content:  # as Material's content.html: a page without its own h1 gets its title
            content = f"<h1>{safe.text(info.title)}</h1>\n{content}"
        pages = {view.path: self.env.get_template("partials/embed-view.html").render(for_view(view), content=Markup(content))}
        if info.card and card:
            values = for_view(info.card) | {"term": card, "description": card.tooltip}
            pages[info.card.path] = self.env.get_template("partials/embed-card.html").render(values)
        # Each view's snippet starts at the height its content needs at the view's width.
        measured = tuple(dataclasses.replace(v, height=embed_height.frame_height(pages[v.path], v.max_width, v is info.card))
                         if v.path in pages else v for v in info.views)
        info = dataclasses.replace(info, views=measured)
        for path, text in pages.items():
            _write(site_dir / path / "index.html", text)
        _write_json(site_dir / info.oembed_path, info.oembed())
        if info.card and card:
            _write_json(site_dir / info.card_oembed_path, info.oembed(info.card))
        return info


_STYLE_HREF = re.compile(r'(<link\b[^<>]*\bhref=")([^"]*)(")')


def _write(path: Path, text: str) -> None:
    """Write a view, with its Content Security Policy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csp.add(text), encoding="utf-8")


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
