"""Write the embed views from the built HTML: /embed/<page>/, its oEmbed file, and /embed/card/<id>/.

Runs once per page, right after MkDocs renders it (macros/hooks.py, on_post_page), so the embed view is
made from the same HTML as the full page and never needs a second copy of the content. The view keeps the
article and drops the site's header, navigation, search, sidebars, footer and scripts. Links that leave
the article open in a new tab (outside the frame); links inside the built site stay relative, so the link
check follows and checks them.
"""
from __future__ import annotations

import json
import os
import posixpath
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import jinja2
from lxml import html as lxml_html
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from macros.outputs import csp, embed
from macros.outputs.embed import PageEmbed, View

URL_ATTRS = ("href", "src", "poster")
DROP_CLASSES = {
    "headerlink",  # the "¶" permalinks: a link to a section of the frame helps nobody
    "iep-embed-share",  # the "Embed this" button and dialog
    "md-content__button",  # Material's edit / view-source actions
}
ARTICLE = '<article class="md-content__inner md-typeset">'
_BASE = "https://site.invalid/"


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


def _parts(output: str) -> tuple:
    """The built page as (a document of its <html> tag, head and <body> tag, its article element).

    Only these parts are parsed, not the header, navigation and footer around the article.
    """
    start = output.find(ARTICLE)
    end = output.find("</article>", start)
    if start < 0 or end < 0 or "<article" in output[start + 1:end]:
        doc = lxml_html.document_fromstring(output)  # an unusual page: parse it whole
        return doc, doc.find_class("md-content__inner")[0]
    body = output.index("<body")
    shell = output[:output.index(">", body) + 1] + "</body></html>"
    return lxml_html.document_fromstring(shell), lxml_html.fragment_fromstring(output[start:end + len("</article>")])


def _drop_chrome(article) -> None:
    """Remove the permalinks, the embed button, Material's page actions and scripts."""
    doomed = [el for el in article.iter() if isinstance(el.tag, str) and (
        el.tag == "script" or not DROP_CLASSES.isdisjoint((el.get("class") or "").split()))]
    for el in doomed:
        el.drop_tree()


def _extract(article, src_dir: str, dest_dir: str) -> tuple[str, str]:
    """The article of a built page, made ready for the embed view: (main content, trailing asides)."""
    _drop_chrome(article)
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


@dataclass(frozen=True)
class Job:
    """What writing the embed views of one built page needs; plain data, so a worker process can take it."""

    output: str  # the page's built HTML
    info: PageEmbed
    theme_dirs: tuple[str, ...]
    site_dir: str
    card: dict | None  # on a term's page: {"term": {"title", "short" (Markup)}, "tooltip": text}


def write_batch(jobs: list[tuple[str, Job]]) -> None:
    """Write the views of several pages with one template environment; raise naming the page that failed."""
    env = _templates(jobs[0][1].theme_dirs) if jobs else None
    for where, job in jobs:
        try:
            write_views(job, env)
        except Exception as err:
            raise _failed(where, err) from None


def write_views(job: Job, env: jinja2.Environment) -> None:
    """Write the embed view, oEmbed file and (for a term) the card of one built page."""
    info = job.info
    doc, article = _parts(job.output)
    site = Path(job.site_dir)
    values = _common(doc, info, info.view)
    main, after = _extract(article, info.page_path, info.view.path)
    _write(site / info.view.path / "index.html", env.get_template("partials/embed-view.html").render(
        values, content=Markup(main), after=Markup(after)))
    (site / info.oembed_path).write_text(json.dumps(info.oembed(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if info.card and job.card:
        # The link to the entry shows the short definition on hover, in the same words as every term link.
        values = _common(doc, info, info.card) | job.card | {"description": job.card["tooltip"]}
        _write(site / info.card.path / "index.html", env.get_template("partials/embed-card.html").render(values))


def _write(path: Path, text: str) -> None:
    """Write a view, with its Content Security Policy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csp.add(text), encoding="utf-8")


def _failed(where: str, err: Exception) -> PluginError:
    """The build error for a view that could not be written: the page's file, the error, where to look."""
    return PluginError(f"{where}: writing its embed view failed: {err!r}; check "
                       "overrides/partials/embed-*.html and macros/outputs/embed_views.py")


class Writer:
    """Writes the embed views in a second process while MkDocs renders the next pages.

    MkDocs builds one page at a time on one core; parsing a page and writing its three files can use
    another. On a one-core machine the views are written in line. finish() waits for the last view and
    stops the build, naming the page, if any view failed.
    """

    BATCH = 16  # pages per task: one template environment serves them all

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._batch: list[tuple[str, Job]] = []
        self._futures: list[Future] = []

    def submit(self, where: str, job: Job) -> None:
        """Queue one page's views; `where` names its source file in any error."""
        self._batch.append((where, job))
        if len(self._batch) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        if (os.cpu_count() or 1) < 2:
            write_batch(batch)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        self._futures.append(self._pool.submit(write_batch, batch))

    def finish(self) -> None:
        """Wait for every view; raise the first failure (it names the page)."""
        try:
            self._flush()
            for future in self._futures:
                future.result()
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._batch, self._futures = None, [], []
