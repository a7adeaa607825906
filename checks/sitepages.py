"""The pages of a built site, for the browser tests that must cover every page, not a fixed list."""
from __future__ import annotations

import functools
import os
from pathlib import Path

import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# One page of each kind, for checks that look at layout rather than content.
PAGE_TYPES = {
    "home": "",
    "content page": "iep/what-is-an-iep/",
    "page with tables": "deadlines/",
    "glossary index": "glossary/",
    "term page": "glossary/iep/",
    "not found": "404.html",
}


def site_url() -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["site_url"].rstrip("/") + "/"


def editions(site: Path) -> list[str]:
    """The folder of each language edition in a built site: "" for the first, then "es/" and so on
    (each edition writes its own sitemap.xml)."""
    return [""] + sorted(p.parent.name + "/" for p in site.glob("*/sitemap.xml"))


def pages(site: Path, edition: str = "") -> list[str]:
    """Every page of one edition of the built site ("" the first, "es/" the Spanish): each address in its
    sitemap.xml as a path below the site root ('' is the home page, 'es/' the Spanish one), then its
    404 page."""
    root = etree.parse(str(site / edition / "sitemap.xml")).getroot()
    base = site_url()
    paths = []
    for loc in root.iter(f"{SITEMAP_NS}loc"):
        url = (loc.text or "").strip()
        assert url.startswith(base + edition), f"sitemap address {url} is not below {base + edition}"
        paths.append(url[len(base):])
    assert (site / edition / "404.html").is_file(), f"the build has no {edition}404.html"
    return paths + [f"{edition}404.html"]


def all_pages(site: Path) -> list[str]:
    """Every page of every language edition: for the checks each page must pass."""
    return [p for edition in editions(site) for p in pages(site, edition)]


def read_html(file: Path):
    """A built HTML file as an lxml element tree (its root, or None for a file with no element), parsed once
    per process: many tests read every page of the built site, which does not change while they run.
    Every caller gets the same tree, so read it only: never change it."""
    return _read_html(os.path.abspath(file))


@functools.lru_cache(maxsize=None)
def _read_html(file: str):
    from lxml import etree, html

    try:
        return html.fromstring(Path(file).read_bytes())
    except etree.ParserError:  # an empty document
        return None


def html_files(site: Path, name: str = "*.html") -> list[Path]:
    """Every file of a built site whose name matches (every HTML file by default), as sorted(site.rglob(name))
    lists them; listed once per process and pattern, like read_html."""
    return [site / rel for rel in _html_files(os.path.abspath(site), name)]


@functools.lru_cache(maxsize=16)
def _html_files(site: str, name: str) -> tuple[Path, ...]:
    return tuple(path.relative_to(site) for path in sorted(Path(site).rglob(name)) if path.is_file())


def _kinds_of_element(site: Path, path: str) -> set[tuple[str, str]]:
    """What a page is made of, for axe's purposes: each element as its tag and classes, under its parent's."""
    root = read_html(built_file(site, path))
    body = root.find("body")
    name = lambda el: f"{el.tag}.{'.'.join(sorted((el.get('class') or '').split()))}"  # noqa: E731
    return {(name(el.getparent()), name(el)) for el in body.iter() if isinstance(el.tag, str) and el is not body}


def covering_sample(site: Path, paths: list[str]) -> list[str]:
    """A few of paths that together hold every kind of element any of them holds (tag and classes, under
    its parent's): one page of each kind first (PAGE_TYPES, in each edition), then, greedily, the page that
    adds the most kinds not yet covered. For checks whose result depends on the markup and the styles, not
    on the words (axe in its other widths and palettes).

    Worked out once per built site and list of paths in a process (a built site does not change while the
    tests read it), since it parses every page and each axe setting asks for it."""
    return list(_covering_sample(Path(site).resolve(), tuple(paths)))


@functools.lru_cache(maxsize=8)
def _covering_sample(site: Path, paths: tuple[str, ...]) -> tuple[str, ...]:
    kinds = {p: _kinds_of_element(site, p) for p in paths}
    chosen = [p for p in paths if split_edition(site, p)[1] in PAGE_TYPES.values()]
    covered = set().union(*(kinds[p] for p in chosen)) if chosen else set()
    missing = set().union(*kinds.values()) - covered
    while missing:
        best = max(paths, key=lambda p: len(kinds[p] & missing))
        chosen.append(best)
        missing -= kinds[best]
    return tuple(chosen)


def split_edition(site: Path, path: str) -> tuple[str, str]:
    """A page path split into its edition's folder and the path inside the edition
    ("es/glossary/iep/" -> ("es/", "glossary/iep/"))."""
    for edition in sorted(editions(site), key=len, reverse=True):
        if path.startswith(edition):
            return edition, path[len(edition):]
    return "", path


def built_file(site: Path, path: str) -> Path:
    """The HTML file behind a page path from pages()."""
    return site / path if path.endswith(".html") else site / path / "index.html"
