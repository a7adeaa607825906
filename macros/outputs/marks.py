"""What the page's own scripts and styles read from its HTML, added once the page is rendered.

- **Glossary abbreviations.** Markdown's abbr extension writes `<abbr title="...">IEP</abbr>` for each
  glossary abbreviation in a page's own text (macros/render/pages.py lists them). Each gets the same data
  as a term link (macros/render/blocks.term_data): the term's id, name and short definition, which the
  glossary popover (assets/javascripts/glossary-popover.js) shows on hover, focus and tap.
- **Once per term.** A term's name and short definition stay on its first mark in the page only; later
  marks keep just data-term (the popover reads the rest from the first). A page that says "IEP" forty
  times carries its definition once.
- **Table cells.** Each body cell gets `data-label`, the text of its column's header, so that on a
  phone site.css can show each row as a card with the header as the label of each value.
- **Tables.** Each table without a class gets the class `iep-table`, so the build, not Material's script,
  wraps it for scrolling (macros/outputs/tables.py).

Values come from the checked data or the page's own rendered header cells, and are escaped with
macros/render/safe.py. Only start tags get new attributes; nothing else in the page changes.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from macros.model.glossary import Glossary
from macros.outputs import tables
from macros.render import blocks, safe

# The abbr extension's output: a title and nothing else (abbreviations already marked keep their data).
_ABBR = re.compile(r'<abbr title="([^"]*)">([^<>]+)</abbr>')
# A mark's data, in the order blocks.term_data writes it.
_DATA = re.compile(r'( data-term="([a-z0-9-]+)") data-name="[^"]*" data-short="[^"]*"')


class Marks:
    """The marks of one build, made once from its glossary."""

    def __init__(self, glossary: Glossary, tooltips: dict[str, str]) -> None:
        self._abbrs: dict[str, str] = {}
        for t in glossary.terms.values():
            if t.abbr:
                data = blocks.term_data(t.id, t.title, tooltips[t.id])
                self._abbrs[t.abbr] = str(blocks.abbr(t.abbr, t.name, data))

    def add(self, html: str) -> str:
        """The rendered page with its glossary abbreviations and table cells marked."""
        if "<abbr" in html:
            html = _ABBR.sub(lambda m: self._abbrs.get(unescape(m[2]), m[0]), html)
        if "data-term=" in html:
            html = once_per_term(html)
        if "<table" in html:
            html = label_cells(tables.classed(html))
        return html


def once_per_term(html: str) -> str:
    """The HTML with each term's name and short definition on its first mark only."""
    seen: set[str] = set()

    def keep_first(m: re.Match) -> str:
        if m[2] in seen:
            return m[1]
        seen.add(m[2])
        return m[0]
    return _DATA.sub(keep_first, html)


class _Cells(HTMLParser):
    """Finds each body cell's start tag and the text of its column's header cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []  # open tables, innermost last
        self.inserts: list[tuple[int, str]] = []  # (offset of a cell's '>', its label)
        self.line_starts = [0]

    def feed_page(self, html: str) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append({"head": False, "headers": [], "column": 0, "text": None})
            return
        if not self.tables:
            return
        table = self.tables[-1]
        if tag == "thead":
            table["head"] = True
        elif tag == "tbody":
            table["head"] = False
        elif tag == "tr":
            table["column"] = 0
        elif tag in ("th", "td"):
            if table["head"]:
                table["text"] = []
            else:
                headers = table["headers"]
                label = headers[table["column"]] if table["column"] < len(headers) else ""
                raw = self.get_starttag_text() or ""
                if label and "data-label=" not in raw:
                    end = self._offset() + len(raw) - (2 if raw.endswith("/>") else 1)
                    self.inserts.append((end, label))
                table["column"] += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        if tag == "table":
            self.tables.pop()
        elif tag == "thead":
            table["head"] = False
        elif tag in ("th", "td") and table["head"] and table["text"] is not None:
            table["headers"].append(" ".join("".join(table["text"]).split()))
            table["text"] = None

    def handle_data(self, data: str) -> None:
        if self.tables and self.tables[-1]["text"] is not None:
            self.tables[-1]["text"].append(data)


def label_cells(html: str) -> str:
    """The HTML with data-label="<column header>" on each body cell of each table with a header row."""
    cells = _Cells()
    cells.feed_page(html)
    out, last = [], 0
    for end, label in cells.inserts:
        out += [html[last:end], f' data-label="{safe.text(label)}"']
        last = end
    return "".join(out) + html[last:]
