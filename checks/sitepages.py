"""The pages of a built site, for the browser tests that must cover every page, not a fixed list."""
from __future__ import annotations

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


def pages(site: Path) -> list[str]:
    """Every page of the built site: each address in sitemap.xml as a path below the site root ('' is
    the home page), then the 404 page."""
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    base = site_url()
    paths = []
    for loc in root.iter(f"{SITEMAP_NS}loc"):
        url = (loc.text or "").strip()
        assert url.startswith(base), f"sitemap address {url} is not below site_url {base}"
        paths.append(url[len(base):])
    assert (site / "404.html").is_file(), "the build has no 404.html"
    return paths + ["404.html"]


def built_file(site: Path, path: str) -> Path:
    """The HTML file behind a page path from pages()."""
    return site / path if path.endswith(".html") else site / path / "index.html"
