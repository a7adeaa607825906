"""Link check of a built site: every URL-bearing attribute and every #fragment on every page.

Each built page is parsed once with lxml (the pages are shared among the CPU cores) and its links are
resolved against an index of the site's files; then every #fragment is checked against the ids of its
target page. A problem names the source file (the Markdown page, glossary entry or template it came
from), the line where the link is written when it can be found, the broken target and how to fix it.

Run: python -m checks.linkcheck SITE_DIR
"""
from __future__ import annotations

import functools
import json
import multiprocessing
import os
import posixpath
import re
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree, html

ROOT = Path(__file__).resolve().parents[1]
URL_ATTRS = ("href", "src", "poster", "data", "action", "cite", "formaction", "{http://www.w3.org/1999/xlink}href")
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:")
_WELL_FORMED = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(:\d+)?(/[^\s<>\"]*)?(\?[^\s<>\"]*)?(#[^\s<>\"]*)?$", re.I)


@dataclass
class Page:
    """What the check keeps of one built page: its ids and its outgoing links."""

    ids: set[str]
    links: list[tuple[str, str]]  # (attribute, raw URL)
    resolved: list[tuple] = field(default_factory=list)  # what each link is, from _classify


@dataclass
class Report:
    """The outcome of a check: problems, counts and the external URLs seen."""

    problems: list[str] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def source_of(rel: str, root: Path = ROOT) -> str:
    """The file an editor changes to fix a built page: docs/<page>.md, glossary/<id>.yml or a template."""
    if m := re.fullmatch(r"glossary/([^/]+)/index\.html", rel):
        if (root / "glossary" / f"{m[1]}.yml").exists():
            return f"glossary/{m[1]}.yml"
    if m := re.fullmatch(r"embed/card/([^/]+)/index\.html", rel):
        return source_of(f"glossary/{m[1]}/index.html", root)
    if m := re.fullmatch(r"embed/(.+)", rel):
        return source_of(m[1], root)
    candidates = []
    if rel == "index.html":
        candidates = ["index.md"]
    elif rel.endswith("/index.html"):
        base = rel[: -len("/index.html")]
        candidates = [f"{base}.md", f"{base}/index.md"]
    elif rel.endswith(".html"):
        candidates = [rel[:-5] + ".md"]
    for c in candidates:
        if (root / "docs" / c).exists():
            return f"docs/{c}"
    if rel == "404.html":
        return "overrides/404.html"
    return f"{rel} (a theme template in overrides/ or the built-in theme)"


def _line_in(source: str, url: str, root: Path) -> str:
    """':LINE' of the first line in the source file that writes this link, or '' if none does."""
    path = root / source
    if not path.is_file():
        return ""
    parts = urlsplit(url)
    segs = [s for s in parts.path.split("/") if s not in ("", ".", "..")]
    needles = [url, f"#{unquote(parts.fragment)}" if parts.fragment else ""]
    if segs:
        last = segs[-1].removesuffix(".html")
        needles += [f"{last}.md", f"{last}/index.md"] if last != "index" else ["/".join(segs[-2:-1]) + "/index.md"]
    lines = path.read_text(encoding="utf-8").splitlines()
    for needle in (n for n in needles if n and n != "/index.md"):
        for n, line in enumerate(lines, 1):
            if needle in line:
                return f":{n}"
    return ""


_IDS = etree.XPath("//@id | //a/@name")
_XLINK = "{http://www.w3.org/1999/xlink}"
_URLS = etree.XPath(" | ".join(f"//@xlink:{a[len(_XLINK):]}" if a.startswith(_XLINK) else f"//@{a}" for a in URL_ATTRS),
                    namespaces={"xlink": _XLINK[1:-1]})
_SRCSETS = etree.XPath("//@srcset | //@imagesrcset")
_REFRESH = etree.XPath("//meta[@http-equiv]")


def _parse(path: Path) -> Page:
    """Read one built page: its ids, and every URL in its attributes (XPath runs in C, in document order)."""
    doc = html.parse(str(path)).getroot()
    if doc is None:
        return Page(set(), [])
    links: list[tuple[str, str]] = [(a.attrname, a.strip()) for a in _URLS(doc)]
    for a in _SRCSETS(doc):
        links += [(a.attrname, c.strip().split()[0]) for c in a.split(",") if c.strip()]
    for el in _REFRESH(doc):
        if el.get("http-equiv", "").lower() == "refresh" and (m := re.search(r"url=(.+)$", el.get("content", ""), re.I)):
            links.append(("content", m[1].strip("'\" ")))
    return Page({str(i) for i in _IDS(doc)}, links)  # plain str: a 'smart' XPath string keeps its whole tree alive


class _Files:
    """Every file and folder of a built site, read once, so resolving a link needs no disk access."""

    def __init__(self, site: Path):
        self.files: set[str] = set()
        self.dirs: set[str] = set()
        for folder, dirs, files in os.walk(site):
            rel = Path(folder).relative_to(site).as_posix()
            prefix = "" if rel == "." else rel + "/"
            self.dirs.update(prefix + d for d in dirs)
            self.files.update(prefix + f for f in files)

    def is_dir(self, path: str) -> bool:
        return posixpath.normpath(path) in self.dirs

    def is_file(self, path: str) -> bool:
        return posixpath.normpath(path) in self.files


_RELATIVE = re.compile(r"(?![/#])([^:?;#\x00-\x20\x7f]*)(?:#([^\x00-\x20\x7f]*))?|#([^\x00-\x20\x7f]*)")
_PLAIN_PAGE = re.compile(r"[^:?;#%\x00-\x20\x7f]*")


def _merge(base_path: str, path: str) -> str:
    """The path urljoin gives for a relative path on a base path (the same steps as urllib.parse.urljoin)."""
    segments = base_path.split("/")[:-1] + path.split("/")
    segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for seg in segments:
        if seg == "..":
            if resolved:
                resolved.pop()
        elif seg != ".":
            resolved.append(seg)
    if segments[-1] in (".", ".."):
        resolved.append("")
    return "/".join(resolved) or "/"


def _join(base_path: str, url: str) -> tuple[str, str]:
    """(path, fragment) of urljoin(base_path, url); computed directly for a plain relative path or fragment."""
    m = _RELATIVE.fullmatch(url)
    if m and _PLAIN_PAGE.fullmatch(base_path):
        if m[3] is not None:
            return base_path, m[3]
        if m[1]:
            return _merge(base_path, m[1]), m[2] or ""
    parts = urlsplit(urljoin(base_path, url))
    return parts.path, parts.fragment


def _target(files: _Files, rel_page: str, url: str, base: str = "/") -> tuple[str | None, str]:
    """Resolve an internal URL from a page to (built file relative to site or None, fragment).

    base is the path of site_url ('/iep-guide/'): absolute links start with it on the live host.
    """
    joined, fragment = _join(base + rel_page, url)
    path = unquote(joined)
    path = path[len(base):] if path.startswith(base) else path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    if files.is_dir(path):
        path = path.rstrip("/") + "/index.html"
    return (path if files.is_file(path) else None), unquote(fragment)


def _classify(files: _Files, base: str, rel: str, url: str, term_ids: set[str] | None) -> tuple:
    """What a link is: ('skip',), ('http',), ('bad',), ('external',), ('md',), ('unknown-term', id),
    ('missing',) or ('ok', target, fragment). Needs no other page, so pages are classified in parallel."""
    if not url or url.startswith(SKIP_SCHEMES):
        return ("skip",)
    parts = _split(url)
    if parts.scheme or url.startswith("//"):
        if parts.scheme == "http":
            return ("http",)
        return ("bad",) if parts.scheme != "https" or not _WELL_FORMED.match(url) else ("external",)
    if _MD_LINK.search(parts.path):
        return ("md",)
    target, frag = _target(files, rel, url, base)
    if target is None:
        gl = re.match(r"^glossary/([^/]+)/", unquote(urlsplit(urljoin("/" + rel, url)).path).lstrip("/"))
        if gl and term_ids is not None and gl[1] not in term_ids:
            return ("unknown-term", gl[1])
        return ("missing",)
    return ("ok", target, frag)


_split = functools.lru_cache(maxsize=1 << 16)(urlsplit)
_MD_LINK = re.compile(r"\.md(#|$)")
_TERM_PAGE = re.compile(r"glossary/([^/]+)/index\.html")
_JOB: tuple = ()  # (site, files, base, term_ids), set before the worker processes fork


def _scan(rel: str) -> Page:
    """Parse one built page and classify its links (runs in a worker process)."""
    site, files, base, term_ids = _JOB
    page = _parse(site / rel)
    page.resolved = [_classify(files, base, rel, url, term_ids) for _, url in page.links]
    return page


def _scan_all(rels: list[str]) -> list[Page]:
    """_scan every page, on every core when there are enough pages to be worth it."""
    workers = min(len(os.sched_getaffinity(0)), 8)
    if workers < 2 or len(rels) < 200:
        return [_scan(rel) for rel in rels]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_scan, rels, chunksize=max(1, len(rels) // (workers * 8))))


def check(site: Path, root: Path = ROOT, site_url: str | None = None, term_ids: set[str] | None = None) -> Report:
    """Check every built page in a site folder and return the report."""
    global _JOB
    report = Report()
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    rels = [path.relative_to(site).as_posix() for path in sorted(site.rglob("*.html"))]
    _JOB = (site, _Files(site), base, term_ids)
    pages: dict[str, Page] = dict(zip(rels, _scan_all(rels)))
    _JOB = ()
    report.pages = len(pages)
    if not pages:
        report.problems.append(f"{site}: no built pages here; run `make build` first")
        return report
    graph: dict[str, set[str]] = defaultdict(set)
    linked_terms: set[str] = set()

    def problem(rel: str, url: str, what: str) -> None:
        src = source_of(rel, root)
        report.problems.append(f"{src}{_line_in(src, url, root)}: {what} (in built page {rel})")

    for rel, page in pages.items():
        for (_, url), (kind, *found) in zip(page.links, page.resolved):
            report.links += 1
            if kind == "skip":
                continue
            if kind == "http":
                problem(rel, url, f"external link '{url}' uses http://; use https:// (every external address must be https)")
            elif kind == "bad":
                problem(rel, url, f"external link '{url}' is not a well-formed https:// address; fix its spelling")
            elif kind == "external":
                report.external[url].add(source_of(rel, root))
            elif kind == "md":
                problem(rel, url, f"link '{url}' points at a .md file, which does not exist in the built site; link the .md file from Markdown with a relative path so MkDocs converts it")
            elif kind == "unknown-term":
                problem(rel, url, f"glossary link '{url}' names unknown term '{found[0]}'; use term(\"id\") with an id from glossary/")
            elif kind == "missing":
                problem(rel, url, f"link '{url}' goes to a page or file that does not exist; fix the path or create the file")
            else:
                target, frag = found
                graph[rel].add(target)
                if m := _TERM_PAGE.fullmatch(target):
                    if not rel.startswith("glossary/") and not rel.startswith("embed/"):
                        linked_terms.add(m[1])
                if frag and target.endswith(".html") and frag not in pages.get(target, Page(set(), [])).ids:
                    problem(rel, url, f"link '{url}' goes to '#{frag}', but {source_of(target, root)} has no such anchor; use one of its heading ids")

    _check_reachable(pages, graph, report, root)
    if term_ids is not None:
        for tid in sorted(term_ids - linked_terms):
            report.problems.append(f"glossary/{tid}.yml: no page links the term '{tid}'; link it with term(\"{tid}\") on a page that uses it")
    _check_sitemap(site, pages, report, site_url)
    _check_search_index(site, pages, report)
    return report


def _check_reachable(pages: dict[str, Page], graph: dict[str, set[str]], report: Report, root: Path) -> None:
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    for rel in sorted(set(pages) - seen - {"404.html"}):
        report.problems.append(
            f"{source_of(rel, root)}: page {rel} cannot be reached from the home page by any link; "
            "add it to 'nav' in mkdocs.yml or link it from another page"
        )


def _check_sitemap(site: Path, pages: dict[str, Page], report: Report, site_url: str | None) -> None:
    path = site / "sitemap.xml"
    if not path.exists():
        report.problems.append("sitemap.xml: missing from the built site; keep site_url set in mkdocs.yml")
        return
    for loc in etree.parse(str(path)).getroot().iter("{*}loc"):
        url = (loc.text or "").strip()
        rel = url[len(site_url):] if site_url and url.startswith(site_url) else urlsplit(url).path.lstrip("/")
        rel = unquote(rel)
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        if rel not in pages:
            report.problems.append(f"sitemap.xml: entry '{url}' has no built page; check site_url in mkdocs.yml")


def _check_search_index(site: Path, pages: dict[str, Page], report: Report) -> None:
    path = site / "search" / "search_index.json"
    if not path.exists():
        report.problems.append("search/search_index.json: missing from the built site; keep the search plugin in mkdocs.yml")
        return
    for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
        loc = doc["location"]
        page, _, frag = loc.partition("#")
        rel = page + "index.html" if page == "" or page.endswith("/") else page
        if rel not in pages:
            report.problems.append(f"search index: entry '{loc}' has no built page")
        elif frag and unquote(frag) not in pages[rel].ids:
            report.problems.append(f"search index: entry '{loc}' points to a missing anchor in {source_of(rel)}")


def main(argv: list[str]) -> int:
    """Check the site folder given (default: site/) and print every problem."""
    sys.path.insert(0, str(ROOT))
    from macros.model.site import load_project

    site = Path(argv[0]) if argv else ROOT / "site"
    data = load_project(ROOT)
    report = check(site, ROOT, data.settings.site_url, set(data.glossary.terms))
    for p in report.problems:
        print(p)
    print(f"link check: {report.pages} pages, {report.links} links, {len(report.external)} external URLs, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
