"""Link check of a built site: every URL-bearing attribute and every #fragment on every page.

Each built page is parsed once with lxml (the pages are shared among the CPU cores) and its links are
resolved against an index of the site's files; then every #fragment is checked against the ids of its
target page. A problem names the source file (the Markdown page, glossary entry or template it came
from), the line where the link is written, the broken target and how to fix it: the build records, for
each page, its source and the line of each link (.provenance.json, see macros/outputs/provenance.py);
a page the build did not record (the theme's own) is traced by its path.
Whatever the built files hold (a malformed URL, a script link, a huge page, a broken sitemap or search
index), the check reports it as a problem and never stops with an exception.

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
from typing import Callable
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

from lxml import etree

from macros.outputs import provenance

ROOT = Path(__file__).resolve().parents[1]
URL_ATTRS = ("href", "src", "poster", "data", "action", "cite", "formaction", "{http://www.w3.org/1999/xlink}href")
SKIP_SCHEMES = ("mailto", "tel", "data", "blob")
SCRIPT_SCHEMES = ("javascript", "vbscript")
# Attributes a reader follows (a link, a form, a refresh): a data: URL there opens content no check sees.
NAVIGATES = ("href", "action", "formaction", "content")
_WELL_FORMED = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(:\d+)?(/[^\s<>\"]*)?(\?[^\s<>\"]*)?(#[^\s<>\"]*)?$", re.I)
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
SHOWN_MAX = 100


@dataclass
class Page:
    """What the check keeps of one built page: its ids and what its links are. A worker reads the page
    and sums its links up; only the links the main process must look at again travel back."""

    ids: set[str]
    links: list[tuple[str, str]]  # (attribute, raw URL): emptied once summed up
    count: int = 0  # how many links it has
    targets: set[str] = field(default_factory=set)  # the built files its working links reach
    external: set[str] = field(default_factory=set)  # its https:// links to other hosts
    findings: list[tuple] = field(default_factory=list)  # (URL, kind, *found) of each link to a #fragment or with a problem, in order
    error: str = ""  # why the page could not be read, if it could not
    moved: bool = False  # a stub that sends readers on (meta refresh): kept for old links, reached by none

    def sum_up(self, resolved: list[tuple]) -> None:
        """Keep what the check needs of the links, each classified (_Job.classify), and drop the rest."""
        self.count = len(self.links)
        for (_, url), (kind, *found) in zip(self.links, resolved):
            if kind == "skip":
                continue
            if kind == "external":
                self.external.add(url)
                continue
            if kind == "ok":
                target, frag = found
                self.targets.add(target)
                if not frag or not target.endswith(".html"):
                    continue
            self.findings.append((url, kind, *found))
        self.links = []


@dataclass
class Report:
    """The outcome of a check: problems, counts and the external URLs seen."""

    problems: list[str] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


class Sources:
    """Where each built page and link comes from: the build's provenance record, or a guess by path."""

    def __init__(self, site: Path, root: Path):
        self.root = root
        self.pages: dict = _provenance(site / provenance.FILE, "")
        for path in sorted(site.glob(f"*/{provenance.FILE}")):  # another language's build, in its folder
            self.pages.update(_provenance(path, path.parent.name + "/"))

    def source(self, rel: str) -> str:
        entry = self.pages.get(rel)
        return entry["source"] if isinstance(entry, dict) and isinstance(entry.get("source"), str) else source_of(rel, self.root)

    def where(self, rel: str, url: str) -> str:
        """'source:LINE' of a link on a built page: the line that writes it (found by the link as written,
        or by where it goes), or the source alone."""
        entry = self.pages.get(rel)
        if not isinstance(entry, dict):
            src = source_of(rel, self.root)
            return f"{src}{_line_in(src, url, self.root)}"
        links = entry.get("links") or []
        target = provenance.resolve(_page_url(rel), url)
        line = next((link[0] for link in links if link[1] == url), None)
        if line is None and target is not None:
            line = next((link[0] for link in links if link[2] == target), None)
        return f"{entry['source']}:{line}" if line else entry["source"]


def _provenance(path: Path, folder: str) -> dict:
    """The pages of one build's provenance record, their paths (and their links' targets) below folder."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = data["pages"] if isinstance(data, dict) and isinstance(data.get("pages"), dict) else {}
    except (OSError, ValueError):
        return {}
    if not folder:
        return pages
    return {folder + rel: {**entry, "links": [[*link[:2], folder + link[2] if isinstance(link[2], str) else link[2]]
                                              for link in entry.get("links") or [] if isinstance(link, list) and len(link) == 3]}
            for rel, entry in pages.items() if isinstance(entry, dict)}


def _page_url(rel: str) -> str:
    """The site address of a built file: 'iep/x/index.html' -> 'iep/x/'."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def source_of(rel: str, root: Path = ROOT) -> str:
    """The file an editor changes to fix a built page, guessed from its path (for pages the build did not
    record): docs/<page>.md, glossary/<id>.yml or a template."""
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


# What each kind of link problem says (`link` is the link as written, `detail` what the kind adds).
FINDINGS = {
    "script": "{detail}: link '{link}' runs code or opens content that no check can see; remove it and link to a page "
              "or file instead",
    "malformed": "link '{link}' is not a well-formed URL ({detail}); fix its spelling",
    "http": "external link '{link}' uses http://; use https:// (every external address must be https)",
    "bad": "external link '{link}' is not a well-formed https:// address; fix its spelling",
    "md": "link '{link}' points at a .md file, which does not exist in the built site; link the .md file from Markdown "
          "with a relative path so MkDocs converts it",
    "unknown-term": "glossary link '{link}' names unknown term '{detail}'; use term(\"id\") with an id from glossary/",
    "missing": "link '{link}' goes to a page or file that does not exist; fix the path or create the file",
}


def shown(text: str) -> str:
    """Text from a built file as it goes into a one-line message: control characters escaped, long text cut."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 3] + "..."


def _safe_split(url: str) -> SplitResult | None:
    """urlsplit, or None for a URL it cannot split (like 'https://[::1')."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _line_in(source: str, url: str, root: Path) -> str:
    """':LINE' of the first line in the source file that writes this link, or '' if none does."""
    path = root / source
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.is_file() else []
    except OSError:
        return ""
    needles = [url]
    if parts := _safe_split(url):
        segs = [s for s in parts.path.split("/") if s not in ("", ".", "..")]
        needles.append(f"#{unquote(parts.fragment)}" if parts.fragment else "")
        if segs:
            last = segs[-1].removesuffix(".html")
            needles += [f"{last}.md", f"{last}/index.md"] if last != "index" else ["/".join(segs[-2:-1]) + "/index.md"]
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


def _parse(path: Path, parser: etree.HTMLParser) -> Page:
    """Read one built page: its ids, and every URL in its attributes (XPath runs in C, in document order)."""
    try:
        doc = etree.fromstring(path.read_bytes(), parser)
    except (OSError, etree.LxmlError) as err:
        return Page(set(), [], error=shown(str(getattr(err, "strerror", None) or err)))
    if doc is None:
        return Page(set(), [])
    links: list[tuple[str, str]] = [(a.attrname, a.strip()) for a in _URLS(doc)]
    for a in _SRCSETS(doc):
        links += [(a.attrname, c.strip().split()[0]) for c in a.split(",") if c.strip()]
    moved = False
    for el in _REFRESH(doc):
        if el.get("http-equiv", "").lower() == "refresh" and (m := re.search(r"url=(.+)$", el.get("content", ""), re.I)):
            links.append(("content", m[1].strip("'\" ")))
            moved = True
    return Page({str(i) for i in _IDS(doc)}, links, moved=moved)  # plain str: a 'smart' XPath string keeps its whole tree alive


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


def _scheme(url: str) -> str:
    """A URL's scheme in lower case, read as a browser reads it (spaces around and tabs or newlines inside ignored)."""
    m = _SCHEME.match(re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE)))
    return m[1].lower() if m else ""


@dataclass(frozen=True)
class _Job:
    """What every worker needs to classify a page's links: the site, its files, site_url's path and the term ids."""

    site: Path
    files: _Files
    base: str  # the path of site_url ('/iep-guide/'): absolute links start with it on the live host
    term_ids: frozenset[str] | None

    def target(self, page_path: str, url: str) -> tuple[str, str | None, str]:
        """Resolve an internal URL from a page (its URL path) to (site path, built file or None, fragment)."""
        joined, fragment = _join(page_path, url)
        path = unquote(joined)
        path = path[len(self.base):] if path.startswith(self.base) else path.lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        if self.files.is_dir(path):
            path = path.rstrip("/") + "/index.html"
        return path, (path if self.files.is_file(path) else None), unquote(fragment)

    def classify(self, page_path: str, attr: str, url: str, split: Callable[[str], SplitResult]) -> tuple:
        """What a link is: ('skip',), ('script', scheme), ('malformed', why), ('http',), ('bad',), ('external',),
        ('md',), ('unknown-term', id), ('missing',) or ('ok', target, fragment). Needs no other page, so
        pages are classified in parallel."""
        scheme = _scheme(url)
        if scheme in SCRIPT_SCHEMES or (scheme == "data" and attr in NAVIGATES):
            return ("script", scheme)
        if not url or scheme in SKIP_SCHEMES:
            return ("skip",)
        try:
            parts = split(url)
            if parts.scheme or url.startswith("//"):
                if parts.scheme == "http":
                    return ("http",)
                return ("bad",) if parts.scheme != "https" or not _WELL_FORMED.match(url) else ("external",)
            if _MD_LINK.search(parts.path):
                return ("md",)
            path, target, frag = self.target(page_path, url)
        except ValueError as err:
            return ("malformed", str(err))
        if target is None:
            gl = re.match(r"glossary/([^/]+)/", path)
            if gl and self.term_ids is not None and gl[1] not in self.term_ids:
                return ("unknown-term", gl[1])
            return ("missing",)
        return ("ok", target, frag)


_MD_LINK = re.compile(r"\.md(#|$)")
_TERM_PAGE = re.compile(r"glossary/([^/]+)/index\.html")


def _scan(job: _Job, rels: list[str]) -> list[Page]:
    """Parse some built pages and classify their links (runs in a worker process)."""
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=True)  # huge_tree: read past a 10 MB text node
    split = functools.lru_cache(maxsize=1 << 16)(urlsplit)  # the same navigation links recur on every page
    pages = []
    for rel in rels:
        page = _parse(job.site / rel, parser)
        page_path = job.base + quote(rel)  # its URL path: a page named q&a/ is linked as q%26a/
        page.sum_up([job.classify(page_path, attr, url, split) for attr, url in page.links])
        pages.append(page)
    return pages


def _scan_all(job: _Job, rels: list[str]) -> list[Page]:
    """_scan every page, on every core when there are enough pages to be worth it."""
    workers = min(len(os.sched_getaffinity(0)), 8)
    if workers < 2 or len(rels) < 200:
        return _scan(job, rels)
    size = max(1, len(rels) // (workers * 8))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [page for chunk in pool.map(functools.partial(_scan, job), chunks) for page in chunk]


def check(site: Path, root: Path = ROOT, site_url: str | None = None, term_ids: set[str] | None = None,
          retired: set[str] = frozenset()) -> Report:
    """Check every built page in a site folder and return the report. Retired terms (replaced_by) need
    no page that links them."""
    report = Report()
    base = (_safe_split(site_url) or urlsplit("/")).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    rels = [path.relative_to(site).as_posix() for path in sorted(site.rglob("*.html")) if path.is_file()]
    job = _Job(site, _Files(site), base, frozenset(term_ids) if term_ids is not None else None)
    pages: dict[str, Page] = dict(zip(rels, _scan_all(job, rels)))
    report.pages = len(pages)
    if not pages:
        report.problems.append(f"{site}: no built pages here; run `make build` first")
        return report
    graph: dict[str, set[str]] = defaultdict(set)
    linked_terms: set[str] = set()

    sources = Sources(site, root)

    def problem(rel: str, url: str, what: str) -> None:
        report.problems.append(f"{sources.where(rel, url)}: {what} (in built page {rel})")

    for rel, page in pages.items():
        if page.error:
            report.problems.append(f"{sources.source(rel)}: built page {rel} cannot be read ({page.error}); rebuild the site")
        report.links += page.count
        for url in page.external:
            report.external[url].add(sources.source(rel))
        graph[rel] = page.targets
        if not rel.startswith(("glossary/", "embed/")):
            linked_terms.update(m[1] for target in page.targets if (m := _TERM_PAGE.fullmatch(target)))
        for url, kind, *found in page.findings:
            if kind == "ok":
                to = pages.get(found[0])
                if to and (to.error or found[1] in to.ids):
                    continue
            if kind in FINDINGS:
                what = FINDINGS[kind].format(link=shown(url), detail=shown(found[0]) if found else "")
            else:  # "ok": the page is there, the anchor is not
                what = (f"link '{shown(url)}' goes to '#{shown(found[1])}', but {sources.source(found[0])} has no such "
                        "anchor; use one of its heading ids")
            problem(rel, url, what)

    _check_reachable(pages, graph, report, sources)
    if term_ids is not None:
        for tid in sorted(term_ids - linked_terms - set(retired)):
            report.problems.append(f"glossary/{tid}.yml: no page links the term '{tid}'; link it with term(\"{tid}\") on a page that uses it")
    for folder in ["", *sorted(p.parent.name + "/" for p in site.glob("*/sitemap.xml"))]:  # each language's
        _check_sitemap(site, folder, pages, report, site_url, root)
        _check_search_index(site, folder, pages, report, sources)
    return report


def _check_reachable(pages: dict[str, Page], graph: dict[str, set[str]], report: Report, sources: Sources) -> None:
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    not_found = {rel for rel in pages if rel == "404.html" or (rel.endswith("/404.html") and rel.count("/") == 1)}  # each language's
    moved = {r for r, p in pages.items() if p.moved}
    for rel in sorted(set(pages) - seen - not_found - moved):
        report.problems.append(
            f"{sources.source(rel)}: page {rel} cannot be reached from the home page by any link; "
            "add it to 'nav' in mkdocs.yml or link it from another page"
        )


def _built_page(url_path: str) -> str:
    """The built file a site-relative URL path names ('q%26a/' -> 'q&a/index.html')."""
    rel = unquote(url_path)
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def _check_sitemap(site: Path, folder: str, pages: dict[str, Page], report: Report, site_url: str | None, root: Path) -> None:
    """The sitemap of one language (folder: "" or "es/"): every <loc> and every alternate is a built page."""
    name = f"{folder}sitemap.xml"
    path = site / name
    maker = "overrides/sitemap.xml" if (root / "overrides" / "sitemap.xml").is_file() else "MkDocs's sitemap template"
    if not path.exists():
        report.problems.append(f"{name}: missing from the built site; keep site_url set in mkdocs.yml")
        return
    fix = f"rebuild the site; if it stays broken, check {maker}, which writes it"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        urlset = etree.fromstring(path.read_bytes(), parser)
    except (OSError, etree.LxmlError) as err:
        report.problems.append(f"{name}: not a readable XML file ({shown(str(err))}); {fix}")
        return
    if etree.QName(urlset).localname != "urlset":
        report.problems.append(f"{name}: its root element is <{shown(etree.QName(urlset).localname)}>, not <urlset>; {fix}")
        return
    entries = [("entry", (loc.text or "").strip()) for loc in urlset.iter("{*}loc")]
    entries += [(f"alternate ({shown(str(alt.get('hreflang')))})", (alt.get("href") or "").strip())
                for alt in urlset.iter("{http://www.w3.org/1999/xhtml}link")]
    for n, (what, url) in enumerate(entries, 1):
        parts = _safe_split(url)
        if not url or parts is None:
            written = f"<loc>{shown(url)}</loc>" if what == "entry" else f"'{shown(url)}'"
            report.problems.append(f"{name}: {what} #{n} {written} is not a well-formed URL; {fix}")
            continue
        rel = url[len(site_url):] if site_url and url.startswith(site_url) else parts.path.lstrip("/")
        if _built_page(rel) not in pages:
            report.problems.append(f"{name}: {what} '{shown(url)}' has no built page; check site_url in mkdocs.yml"
                                   + (" and the language's config file" if what != "entry" or folder else ""))


def _check_search_index(site: Path, folder: str, pages: dict[str, Page], report: Report, sources: Sources) -> None:
    """The search index of one language: every entry goes to a built page and anchor."""
    where = f"{folder}search/search_index.json"
    path = site / where
    if not path.exists():
        report.problems.append(f"{where}: missing from the built site; keep the search plugin in mkdocs.yml")
        return
    fix = "rebuild the site; if it stays broken, check macros/search_index.py, which writes it"
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as err:
        report.problems.append(f"{where}: not valid JSON ({shown(str(err))}); {fix}")
        return
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        report.problems.append(f"{where}: has no 'docs' list of entries; {fix}")
        return
    for n, doc in enumerate(docs, 1):
        loc = doc.get("location") if isinstance(doc, dict) else None
        if not isinstance(loc, str):
            report.problems.append(f"{where}: entry #{n} has no 'location' text; {fix}")
            continue
        page, _, frag = loc.partition("#")
        rel = _built_page(folder + page)
        if rel not in pages:
            report.problems.append(f"{where}: entry '{shown(loc)}' has no built page; {fix}")
        elif frag and unquote(frag) not in pages[rel].ids:
            report.problems.append(f"{where}: entry '{shown(loc)}' points to a missing anchor in {sources.source(rel)}; {fix}")


def main(argv: list[str]) -> int:
    """Check the site folder given (default: site/) and print every problem."""
    sys.path.insert(0, str(ROOT))
    from macros.model.site import load_project

    site = Path(argv[0]) if argv else ROOT / "site"
    data = load_project(ROOT)
    report = check(site, ROOT, data.settings.site_url, set(data.glossary.terms),
                   {t.id for t in data.glossary.terms.values() if t.retired})
    for p in report.problems:
        print(p)
    print(f"link check: {report.pages} pages, {report.links} links, {len(report.external)} external URLs, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
