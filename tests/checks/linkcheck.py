"""Link check of a built site: every URL-bearing attribute and every #fragment on every page.

Each built page is parsed once with lxml; its ids are indexed, then every link is checked against the
index. A problem names the source file (the Markdown page, glossary entry or template it came from),
the line where the link is written when it can be found, the broken target and how to fix it.

Run: python -m tests.checks.linkcheck SITE_DIR
"""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree, html

ROOT = Path(__file__).resolve().parents[2]
URL_ATTRS = ("href", "src", "poster", "data", "action", "cite", "formaction", "{http://www.w3.org/1999/xlink}href")
SKIP_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:")
_WELL_FORMED = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(:\d+)?(/[^\s<>\"]*)?(\?[^\s<>\"]*)?(#[^\s<>\"]*)?$", re.I)


@dataclass
class Page:
    """What the check keeps of one built page: its ids and its outgoing links."""

    ids: set[str]
    links: list[tuple[str, str]]  # (attribute, raw URL)


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


def _parse(path: Path) -> Page:
    doc = html.parse(str(path)).getroot()
    ids: set[str] = set()
    links: list[tuple[str, str]] = []
    if doc is None:
        return Page(ids, links)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        attrib = el.attrib
        if "id" in attrib:
            ids.add(attrib["id"])
        if el.tag == "a" and "name" in attrib:
            ids.add(attrib["name"])
        for attr in URL_ATTRS:
            if attr in attrib:
                links.append((attr, attrib[attr].strip()))
        for attr in ("srcset", "imagesrcset"):
            if attr in attrib:
                for candidate in attrib[attr].split(","):
                    if candidate.strip():
                        links.append((attr, candidate.strip().split()[0]))
        if el.tag == "meta" and attrib.get("http-equiv", "").lower() == "refresh":
            if m := re.search(r"url=(.+)$", attrib.get("content", ""), re.I):
                links.append(("content", m[1].strip("'\" ")))
    return Page(ids, links)


def _target(site: Path, rel_page: str, url: str, base: str = "/") -> tuple[str | None, str]:
    """Resolve an internal URL from a page to (built file relative to site or None, fragment).

    base is the path of site_url ('/iep-guide/'): absolute links start with it on the live host.
    """
    parts = urlsplit(urljoin(base + rel_page, url))
    path = unquote(parts.path)
    path = path[len(base):] if path.startswith(base) else path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    candidate = site / path
    if candidate.is_dir():
        path = path.rstrip("/") + "/index.html"
        candidate = site / path
    return (path if candidate.is_file() else None), unquote(parts.fragment)


def check(site: Path, root: Path = ROOT, site_url: str | None = None, term_ids: set[str] | None = None) -> Report:
    """Check every built page in a site folder and return the report."""
    report = Report()
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    pages: dict[str, Page] = {}
    for path in sorted(site.rglob("*.html")):
        pages[path.relative_to(site).as_posix()] = _parse(path)
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
        for attr, url in page.links:
            report.links += 1
            if not url or url.startswith(SKIP_SCHEMES):
                continue
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                if parts.scheme == "http":
                    problem(rel, url, f"external link '{url}' uses http://; use https:// (every external address must be https)")
                elif parts.scheme != "https" or not _WELL_FORMED.match(url):
                    problem(rel, url, f"external link '{url}' is not a well-formed https:// address; fix its spelling")
                else:
                    report.external[url].add(source_of(rel, root))
                continue
            if re.search(r"\.md(#|$)", parts.path):
                problem(rel, url, f"link '{url}' points at a .md file, which does not exist in the built site; link the .md file from Markdown with a relative path so MkDocs converts it")
                continue
            target, frag = _target(site, rel, url, base)
            if target is None:
                gl = re.match(r"^glossary/([^/]+)/", unquote(urlsplit(urljoin("/" + rel, url)).path).lstrip("/"))
                if gl and term_ids is not None and gl[1] not in term_ids:
                    problem(rel, url, f"glossary link '{url}' names unknown term '{gl[1]}'; use term(\"id\") with an id from glossary/")
                else:
                    problem(rel, url, f"link '{url}' goes to a page or file that does not exist; fix the path or create the file")
                continue
            graph[rel].add(target)
            if m := re.fullmatch(r"glossary/([^/]+)/index\.html", target):
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
    import yaml

    sys.path.insert(0, str(ROOT))
    from macros.glossary import load

    site = Path(argv[0]) if argv else ROOT / "site"
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    ids = set(load(ROOT / "glossary").terms)
    report = check(site, ROOT, config.get("site_url"), ids)
    for p in report.problems:
        print(p)
    print(f"link check: {report.pages} pages, {report.links} links, {len(report.external)} external URLs, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
