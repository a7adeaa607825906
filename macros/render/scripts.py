"""The site's scripts start once the page has been painted, so a reader sees the page before any script runs.

A script tag with `defer` runs as soon as the page is read, which on a fast connection is before the first
paint: the paint then waits for every script's start-up, and Lighthouse counts the scripts' download and
start-up in the time to the largest paint. Here each script the page runs is instead a preload link
(`data-iep-script`, in the order they run): the browser fetches it at once, as before (at the same low
priority as a deferred script, and only where scripts can run: `(scripting: enabled)`), and the starter
(overrides/partials/javascripts/start.html) runs them in that order after the first paint, then tells the
theme's script that the page is read (the theme waits for DOMContentLoaded, which has passed by then) and
marks the page `data-iep-started`. Without JavaScript nothing runs, as before.
"""
from __future__ import annotations

import re

from markupsafe import Markup

from macros.render.safe import text

_SCRIPT_TAG = re.compile(r'<script src="([^"<>]+)"></script>')
MARK = "data-iep-script"  # the attribute of the links the starter runs (its selector: link[data-iep-script])


def preload(src: str | Markup) -> Markup:
    """One script the starter runs after the first paint, fetched at once (a plain string is escaped; the
    theme's own attribute text comes as Markup)."""
    return Markup('<link rel="preload" as="script" href="{}" fetchpriority="low" media="(scripting: enabled)" {}>').format(text(src), MARK)


def after_paint(tags: str) -> Markup:
    """The theme's script tags (base.html's scripts block: its bundle, then mkdocs.yml's extra_javascript)
    as preload links for the starter. Anything else in the block is an error: the theme changed how it
    writes the block, and its scripts would no longer start."""
    rest = _SCRIPT_TAG.sub("", tags).strip()
    if rest:
        raise ValueError(f"the theme's scripts block holds something other than plain script tags: {rest[:120]!r}; "
                         "update macros/render/scripts.py to start it after the first paint")
    return Markup("\n").join(preload(Markup(src)) for src in _SCRIPT_TAG.findall(tags))
