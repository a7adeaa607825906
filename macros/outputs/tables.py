"""Tables wrapped at build time, as Material's script would wrap them in the browser.

Material's script moves each table without a class into `<div class="md-typeset__scrollwrap"><div
class="md-typeset__table">` once the page has loaded, so that a wide table scrolls on its own. Moving a
table makes the browser style and lay out every cell again, after the first paint: on the deadlines page
(six tables, 180 cells) that was the longest task of the load, most of Lighthouse's Total Blocking Time.

So the build does it: macros/outputs/marks.py gives each table of a page's text the class `iep-table`
(which keeps Material's script away: it looks for `table:not([class])`), and this module writes the
same wrapper around each of them in the built page. Material's table styles are extended to the class
(macros/outputs/assets.py), and site.css styles `table.iep-table`. The embed views wrap their tables
their own way (macros/outputs/embed_views.py), from the article before this step.
"""
from __future__ import annotations

import re

CLASS = "iep-table"
WRAP_START = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
WRAP_END = "</div></div>"

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)
_TABLE_TAG = re.compile(r"<(/?)table\b([^>]*)>", re.I)
_PLAIN_TABLE = re.compile(r"<table(?![^>]*\bclass=)", re.I)
_OURS = re.compile(r'\bclass="' + CLASS + '"')


def classed(html: str) -> str:
    """The HTML with the class on each table start tag that has no class."""
    return _PLAIN_TABLE.sub(f'<table class="{CLASS}"', html)


def _wrap_article(article: str) -> str:
    out, last, stack = [], 0, []
    for m in _TABLE_TAG.finditer(article):
        if not m[1]:
            ours = bool(_OURS.search(m[2]))
            stack.append(ours)
            if ours:
                out += [article[last:m.start()], WRAP_START]
                last = m.start()
        elif stack and stack.pop():
            out += [article[last:m.end()], WRAP_END]
            last = m.end()
    return "".join(out) + article[last:]


def wrap(page: str) -> str:
    """The built page with each of its article's `iep-table` tables in Material's scroll wrapper."""
    if f'class="{CLASS}"' not in page:
        return page
    return _ARTICLE.sub(lambda m: _wrap_article(m[0]), page)
