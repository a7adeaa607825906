"""A Content Security Policy for every built page, as a <meta> tag: the page may load scripts, styles,
images and data only from the site itself, so no request can go to another host, even when the theme's
script would try (Material fetches a polyfill from a public CDN in browsers without ResizeObserver).

The theme writes a few inline scripts and style attributes; the policy allows exactly those, by their
SHA-256 hashes, computed from each built page.
"""
from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
_INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_DATA_TYPES = re.compile(r'\btype="application/(?:ld\+)?json"')
_CHARSET = '<meta charset="utf-8">'


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)


def policy(html: str, article_is_trusted: bool = False) -> str:
    """The policy for one page: the site's own files, plus the page's inline scripts and styles by hash.
    Scripts inside the article (an editor's text) are never allowed, unless the article is the theme's own
    (the 404 page's)."""
    theme = html if article_is_trusted else _ARTICLE.sub("", html)
    scripts = sorted({_hash(body) for attrs, body in _INLINE_SCRIPT.findall(theme) if not _DATA_TYPES.search(attrs)})
    styles = sorted({_hash(body) for body in _INLINE_STYLE.findall(html)})
    attrs = sorted({_hash(value) for value in _STYLE_ATTR.findall(_INLINE_SCRIPT.sub("", html))})
    style_src = " ".join(["'self'", *styles, *(["'unsafe-hashes'", *attrs] if attrs else [])])
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *scripts]),
        f"style-src {style_src}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add(html: str, article_is_trusted: bool = False) -> str:
    """The page with its policy as the first tag after <meta charset>, before anything it governs."""
    if _CHARSET not in html:
        raise ValueError(f"the page has no '{_CHARSET}' to put its Content Security Policy after")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, article_is_trusted)}">'
    return html.replace(_CHARSET, f"{_CHARSET}\n{tag}", 1)
