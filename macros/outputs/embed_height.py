"""How tall an embed view is at the width its snippet states, estimated at build time without a browser.

The snippets and oEmbed files give each frame a starting height. A host page that strips the loader (or
never had it) keeps that height, so it must fit the whole view: this module lays the built view out the
way the browser will, in a simplified model that errs on the tall side, and returns the height in CSS px.

The model (kept in step with docs/assets/stylesheets/site.css, "Embedding", and Material's typeset rules;
tests/test_embed_browser.py measures every view in Chromium and fails if an estimate falls short):
- text is set in DejaVu Sans, the widest of the common system sans-serif fonts (Segoe UI, San Francisco,
  Roboto, Helvetica, Arial and Liberation Sans are all narrower), with each character's advance width,
  rounded up, and wrapped greedily at spaces only (a browser also breaks after hyphens: fewer lines);
- every block's font size, line height, margins (collapsing as CSS collapses them), padding, borders and
  the 68ch line length of site.css; Material's larger type below 720 px;
- tables: column widths as the automatic table layout shares them out, each row as tall as its tallest cell;
  code blocks: one line per line, plus a scroll bar when a line is too long;
- a few pixels of slack where inline boxes sit on a line (an iframe, a table wrapper).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from lxml import html as lxml_html

# Advance widths in thousandths of an em, DejaVu Sans (Book and Bold), characters 32 to 126.
_REGULAR = (318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637, 637, 637, 637,
            637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 531, 1000, 685, 687, 699, 771, 632, 576, 775, 752, 295,
            295, 656, 558, 863, 749, 788, 604, 788, 695, 635, 611, 732, 685, 989, 686, 611, 686, 391, 337, 391, 838,
            500, 500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 278, 975, 634, 612, 635, 635, 412, 521,
            393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838)
_BOLD = (349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696, 696, 696, 696,
         696, 696, 696, 696, 400, 400, 838, 838, 838, 581, 1000, 774, 763, 734, 831, 684, 684, 821, 837, 373, 373, 775,
         638, 996, 837, 851, 733, 851, 771, 721, 683, 813, 774, 1104, 771, 725, 726, 458, 366, 458, 838, 500, 500, 675,
         716, 593, 716, 679, 436, 716, 712, 343, 343, 666, 343, 1042, 712, 688, 716, 716, 494, 596, 479, 712, 652, 924,
         646, 652, 583, 712, 366, 712, 838)
_OTHER = {"…": (1000, 1000), "–": (500, 500), "—": (1000, 1000), "·": (318, 380), "’": (318, 380), "‘": (318, 380),
          "“": (519, 658), "”": (519, 658), "é": (616, 679), "¶": (637, 637), "§": (500, 500), "×": (838, 838)}
_MONO = 603  # DejaVu Sans Mono, every character
_ZERO = 637  # the "0" that CSS's ch unit measures

REM = 20.0  # Material: html { font-size: 125% }
NARROW = 719.75  # Material's breakpoint (44.984375em): below it, site.css sets the typeset text larger
SCROLLBAR = 17.0  # a classic scroll bar, for a code block or table that scrolls sideways
INLINE_SLACK = 8.0  # below an inline box on its line (the line's descent), rounded up


@dataclass(frozen=True)
class Style:
    """What the model needs of an element's computed style (lengths in px)."""

    font: float  # font-size
    line: float  # line-height factor (unitless, inherited)
    bold: bool = False
    mono: bool = False


@dataclass
class _Box:
    """A laid-out block: its collapsing top margin, its border-box height and its collapsing bottom margin."""

    top: float
    height: float
    bottom: float




class _Widths(dict):
    """Character to advance in em; any character not listed is an em wide (few are wider)."""

    def __missing__(self, key: str) -> float:
        return 1.0


def _em_widths(bold: bool) -> _Widths:
    table = _BOLD if bold else _REGULAR
    out = _Widths({chr(32 + i): w / 1000 for i, w in enumerate(table)})
    out.update({ch: widths[1 if bold else 0] / 1000 for ch, widths in _OTHER.items()})
    return out


_EM = {False: _em_widths(False), True: _em_widths(True)}


def text_width(text: str, style: Style) -> float:
    """The advance of a piece of text (no line breaks in it), in px."""
    if style.mono:
        return len(text) * _MONO / 1000 * style.font
    return sum(map(_EM[style.bold].__getitem__, text)) * style.font


class _Word:
    """A word (text between spaces), possibly in several styles, e.g. "(" + a link's text + ")"."""

    __slots__ = ("width", "pieces")

    def __init__(self, width: float = 0.0, pieces: list | None = None) -> None:
        self.width = width
        self.pieces: list = pieces if pieces is not None else []  # (text, style) pairs, and the px width of an inline box's padding

    def chars(self) -> list[float]:
        out: list[float] = []
        for piece in self.pieces:
            if isinstance(piece, float):
                out.append(piece)
            else:
                out += [text_width(ch, piece[1]) for ch in piece[0]]
        return out

    def widest_char(self) -> float:
        return max(self.chars() or [0.0])


@dataclass
class _Run:
    """Inline content waiting to be set in lines: words, spaces (their width in px) and forced breaks
    (None), with white space collapsed as CSS collapses it."""

    tokens: list = field(default_factory=list)
    extra_lines: float = 0.0  # slack for raised text (sup, sub) and inline boxes
    has_text: bool = False  # a word with letters in it, not only an inline box's padding

    def add(self, text: str, style: Style) -> None:
        tokens = self.tokens
        words = text.split()
        space = text_width(" ", style)
        if text[:1].isspace() and (not tokens or type(tokens[-1]) is not float):
            tokens.append(space)
        if words:
            self.has_text = True
        ems = None if style.mono else _EM[style.bold].__getitem__
        for i, part in enumerate(words):
            width = sum(map(ems, part)) * style.font if ems else text_width(part, style)
            if i:
                tokens.append(space)
                tokens.append(_Word(width, [(part, style)]))
            elif tokens and type(tokens[-1]) is _Word:  # no space before it: it goes on the word before
                tokens[-1].width += width
                tokens[-1].pieces.append((part, style))
            else:
                tokens.append(_Word(width, [(part, style)]))
        if words and text[-1].isspace():
            tokens.append(space)

    def pad(self, width: float) -> None:
        """Horizontal padding of an inline box (inline code): part of the word it touches."""
        if not self.tokens or not isinstance(self.tokens[-1], _Word):
            self.tokens.append(_Word())
        self.tokens[-1].width += width
        self.tokens[-1].pieces.append(width)


    def widths(self) -> tuple[float, float]:
        """(the run on one line, its widest character): a table column's widest and narrowest."""
        one_line = sum(t.width if isinstance(t, _Word) else (t or 0.0) for t in self.tokens)
        return one_line, max([t.widest_char() for t in self.tokens if isinstance(t, _Word)] or [0.0])

    def lines(self, width: float) -> int:
        """How many lines the run takes at this width: greedy wrapping at spaces, a word longer than the
        line broken anywhere (site.css: overflow-wrap: anywhere)."""
        count, line, pending = 0, None, 0.0
        for token in self.tokens:
            if token is None:  # <br>
                count += 1 if line is None else 0
                line, pending = None, 0.0
            elif isinstance(token, float):  # a space: counts only between words on one line
                pending = token if line is not None else 0.0
            else:
                total = token.width
                if line is None:
                    count, line = count + 1, 0.0
                elif line + pending + total > width:
                    count, line = count + 1, 0.0
                else:
                    line += pending
                pending = 0.0
                if line + total <= width:
                    line += total
                else:
                    for w in token.chars():
                        if line > 0 and line + w > width:
                            count, line = count + 1, 0.0
                        line += w
        return count


class Layout:
    """Lays out one embed view at a frame's inner width."""

    def __init__(self, width: float, card: bool) -> None:
        self.width = width
        self.card = card
        self.narrow = width <= NARROW
        self.base = REM * (0.85 if self.narrow else 0.8)
        self.line = 1.65 if self.narrow else 1.6
        self._classes: dict[str, frozenset[str]] = {}  # a class attribute, split

    # Styles ------------------------------------------------------------------------------------
    def typeset(self) -> Style:
        return Style(self.base, self.line)

    def classes(self, el) -> frozenset[str]:
        attr = el.get("class") or ""
        found = self._classes.get(attr)
        if found is None:
            found = self._classes[attr] = frozenset(attr.split())
        return found

    def style_of(self, el, parent: Style) -> Style:
        tag, cls = el.tag, self.classes(el)
        font, line, bold, mono = parent.font, parent.line, parent.bold, parent.mono
        if "md-typeset" in cls:
            font, line = self.base, self.line
        if tag == "h1":
            if "iep-card__term" in cls:
                font, line, bold = 0.95 * REM, 1.3, True
            else:
                font, line, bold = font * (1.75 if self.narrow else 2), 1.3, False
        elif tag == "h2":
            font, line, bold = font * 1.5625, 1.4, False
        elif tag == "h3":
            font, line, bold = font * 1.25, 1.5, False
        elif tag == "h4":
            bold = True
        elif tag in ("h5", "h6"):
            font, bold = font * 0.8, True
        elif tag in ("strong", "b", "th", "dt", "summary") or "admonition-title" in cls:
            bold = True
        elif tag == "code":
            font, mono = font * 0.85, True
        elif tag == "pre":
            line, mono = 1.4, True
        elif tag == "table":
            font, line = 0.75 * REM, 1.65
        elif "admonition" in cls or tag == "details":
            font = font * 0.94
        elif "term-short" in cls:
            font = font * 1.1
        elif "page-trust" in cls or ("iep-embed__credit" in cls and tag == "div"):
            font = 0.75 * REM
        if tag == "p" and el.getparent() is not None and "iep-embed__credit" in self.classes(el.getparent()):
            font, line = 0.75 * REM, 1.5
        return Style(font, line, bold, mono)

    def box_of(self, el, style: Style, first: bool, last: bool, nested_list: bool, in_box: bool):
        """(margin top, margin bottom, padding+border top, padding+border bottom, horizontal space taken,
        max content width or None, new formatting context)."""
        tag, cls, em = el.tag, self.classes(el), style.font
        mt = mb = pt = pb = 0.0
        side = 0.0
        cap = None
        bfc = False
        if tag == "p":
            mt = mb = em
            if "iep-card__short" in cls or "iep-card__more" in cls or "iep-card__replaced" in cls:
                mt = mb = 0.4 * REM
            if "term-short" in cls:
                pt = pb = 0.6 * em
                side = 1.8 * em + 0.25 * REM
            parent = el.getparent()
            pcls = self.classes(parent) if parent is not None else set()
            if parent is not None and parent.tag == "li":
                mt = mb = 0.5 * em
            if "iep-embed__credit" in pcls or "page-trust" in pcls:
                mt = mb = 0.0
            cap = 68 * _ZERO / 1000 * em
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            if tag == "h1":
                mt, mb = (0.8 * REM, 0.4 * REM) if "iep-card__term" in cls else (0.0, 1.25 * em)
            elif tag == "h2":
                mt, mb = 1.6 * em, 0.64 * em
            elif tag == "h3":
                mt, mb = 1.6 * em, 0.8 * em
            elif tag == "h4":
                mt = mb = em
            else:
                mt = mb = 1.25 * em
            if tag in ("h1", "h2", "h3", "h4"):
                cap = 68 * _ZERO / 1000 * em
        elif tag in ("ul", "ol"):
            mt = mb = 0.5 * em if nested_list else em
            side = 0.625 * em
            cap = 68 * _ZERO / 1000 * em
            bfc = True
        elif tag == "li":
            mb = 0.0 if last else 0.5 * em
            side = 1.25 * em
        elif "admonition" in cls or tag == "details":
            mt = mb = em if in_box else 1.5625 * em
            side = 2 * 0.6 * REM + 2 * 1.5
            pt = pb = 1.5
            bfc = True
        elif "admonition-title" in cls or tag == "summary":
            pt = pb = 0.4 * REM
            side = 2.6 * REM - 2 * 0.6 * REM  # 2rem + .6rem padding, less the -.6rem margins either side
        elif "md-typeset__scrollwrap" in cls:
            mt = mb = em
            bfc = True
        elif tag == "pre":
            mt = mb = em
            bfc = True
        elif tag in ("blockquote", "dl", "figure"):
            mt = mb = em
            if tag == "blockquote":
                side = 0.6 * REM + 0.2 * REM
        elif tag == "dd":
            mt, mb = em, 1.5 * em
            side = 1.875 * em
        elif tag == "hr":
            mt = mb = 1.5 * em
            pb = 1.0
        elif "iep-embed__credit" in cls and tag == "div":
            pt = pb = 0.4 * REM
            if self.card:
                mt, pt = 0.6 * REM, pt + 1
            else:
                pb += 1
        elif "iep-embed__after" in cls:
            pb = 0.6 * REM
        elif "page-trust" in cls:
            mt = 1.5 * em
            pt = pb = 0.8 * em
            side = 2 * em + 0.25 * REM
        if first and el.getparent() is not None and "iep-embed__main" in self.classes(el.getparent()):
            mt = 0.8 * REM
        if in_box and last:
            mb = 0.6 * REM
        return mt, mb, pt, pb, side, cap, bfc

    # Layout ------------------------------------------------------------------------------------
    def height(self, root) -> float:
        """The height of the view's root element ([data-iep-embed]) in px."""
        pad = 0.8 * REM if self.card else REM
        box = self.block(root, Style(0.5 * REM, 1.6), self.width - 2 * pad, bfc=True)
        return box.height

    def _skip(self, el) -> bool:
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "template", "head", "title", "meta", "link"):
            return True
        cls = self.classes(el)
        return el.get("hidden") is not None or "iep-embed__skip" in cls or "iep-embed__end" in cls or "print-only" in cls

    def is_block(self, el) -> bool:
        return el.tag in _BLOCKS or bool(self.classes(el) & {"md-typeset__scrollwrap", "md-typeset__table", "iep-embed__address"})

    def block(self, el, style: Style, width: float, bfc: bool = False, pt: float = 0.0, pb: float = 0.0,
              in_box: bool = False) -> _Box:
        """Lay out the children of a block of this content width: the sum of its lines and child blocks,
        with margins collapsing between siblings and, unless it starts a formatting context or has padding
        or a border on that side, through its first and last child."""
        items: list[_Box] = []
        run = _Run()
        children = [c for c in el if not self._skip(c)] if isinstance(el.tag, str) else []
        block_children = [c for c in children if self.is_block(c)]

        def flush() -> None:
            nonlocal run
            if run.has_text:
                items.append(_Box(0, self.set_lines(run, style, width), 0))
            run = _Run()

        if el.text:
            run.add(el.text, style)
        nested = el.tag in ("ul", "ol") or (el.tag == "li")
        for i, child in enumerate(children):
            if self.is_block(child):
                flush()
                items.append(self.child_block(child, style, width, child is block_children[0] if block_children else False,
                                              child is block_children[-1], nested, in_box or "admonition" in self.classes(el)))
            else:
                self.inline(child, style, run)
            if child.tail:
                run.add(child.tail, style)
        flush()
        return _stack(items, bfc or pt > 0, bfc or pb > 0, pt, pb)

    def child_block(self, el, parent: Style, width: float, first: bool, last: bool, nested: bool, in_box: bool) -> _Box:
        style = self.style_of(el, parent)
        mt, mb, pt, pb, side, cap, bfc = self.box_of(el, style, first, last, nested and el.tag in ("ul", "ol"),
                                                     in_box and ("admonition" in self.classes(el) or el.tag == "details"))
        if in_box and last:
            mb = 0.6 * REM
        inner = width - side
        if cap is not None:
            inner = min(inner, cap)
        if {"grid", "cards"} <= self.classes(el):
            mt = mb = style.font
            box = _Box(0, self.cards(el, style, width), 0)
        elif el.tag == "pre":
            box = _Box(0, self.pre(el, style, inner), 0)
        elif el.tag == "table" or "md-typeset__table" in self.classes(el):
            table = el if el.tag == "table" else next(iter(el.iter("table")), None)
            height = self.table(table, style, width) if table is not None else 0.0
            box = _Box(0, height + 0.5 * parent.font + INLINE_SLACK, 0)
        elif el.tag == "iframe":
            box = _Box(0, float(el.get("height") or 150) + 2 + INLINE_SLACK, 0)
        elif el.tag == "img":
            box = _Box(0, float(el.get("height") or 0) + INLINE_SLACK, 0)
        else:
            box = self.block(el, style, inner, bfc, pt, pb, in_box=in_box or "admonition" in self.classes(el))
        top = mt if (bfc or pt > 0) else max(mt, box.top)
        bottom = mb if (bfc or pb > 0) else max(mb, box.bottom)
        return _Box(top, box.height, bottom)

    def inline(self, el, style: Style, run: _Run) -> None:
        """Add an inline element's text to the run."""
        if el.tag == "br":
            run.tokens.append(None)
            return
        if el.tag in ("input", "img", "iframe"):
            if el.tag != "input":
                run.extra_lines += float(el.get("height") or 0) / max(style.font * style.line, 1)
            return
        inner = self.style_of(el, style)
        if el.tag in ("sup", "sub"):
            run.extra_lines += 0.35
        if el.tag == "code":
            run.pad(0.294 * inner.font)
        if el.text:
            run.add(el.text, inner)
        for child in el:
            if not self._skip(child):
                self.inline(child, inner, run)
            if child.tail:
                run.add(child.tail, inner)
        if el.tag == "code":
            run.pad(0.294 * inner.font)

    def set_lines(self, run: _Run, style: Style, width: float) -> float:
        return (run.lines(width) + run.extra_lines) * style.font * style.line

    def cards(self, el, style: Style, width: float) -> float:
        """Material's grid cards: as many 16rem columns as fit, 0.4rem apart; each row as tall as its
        tallest card (padding 0.8rem, a 1 px border)."""
        gap = 0.4 * REM
        columns = max(1, int((width + gap) // (16 * REM + gap)))
        column = (width - gap * (columns - 1)) / columns
        items = [li for lst in el if isinstance(lst.tag, str) and lst.tag in ("ul", "ol") for li in lst if li.tag == "li"]
        heights = [self.block(li, style, column - 2 * 0.8 * REM - 2).height + 2 * 0.8 * REM + 2 for li in items]
        rows = [max(heights[i:i + columns]) for i in range(0, len(heights), columns)]
        return sum(rows) + gap * max(len(rows) - 1, 0)

    def pre(self, el, style: Style, width: float) -> float:
        code = el.find("code")
        text = (code if code is not None else el).text_content().rstrip("\n")
        lines = text.split("\n") if text else [""]
        font = style.font * 0.85
        height = len(lines) * font * style.line + 2 * 0.7720588235 * font
        if max(len(line) for line in lines) * _MONO / 1000 * font > width - 2 * 1.1764705882 * font:
            height += SCROLLBAR
        return height

    def table(self, table, style: Style, width: float) -> float:
        """A table as the automatic layout sets it: each column between its narrowest and its widest,
        sharing out the width it has; each row as tall as its tallest cell."""
        table_style = self.style_of(table, style)
        rows = [tr for tr in table.iter("tr")]
        if not rows:
            return 0.0
        pad_v, pad_h = ((0.6, 0.55) if self.narrow else (0.9375, 1.25))
        pad_v, pad_h = pad_v * table_style.font, pad_h * table_style.font
        cells = [[(c, self.style_of(c, table_style)) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")] for tr in rows]
        columns = max(len(r) for r in cells)
        widest = [0.0] * columns
        narrowest = [0.0] * columns
        runs: list[list[_Run]] = []
        for row in cells:
            row_runs = []
            for i, (cell, cell_style) in enumerate(row):
                run = _Run()
                if cell.text:
                    run.add(cell.text, cell_style)
                for child in cell:
                    self.inline(child, cell_style, run)
                    if child.tail:
                        run.add(child.tail, cell_style)
                row_runs.append(run)
                one_line, widest_char = run.widths()
                widest[i] = max(widest[i], one_line + 2 * pad_h)
                least = widest_char + 2 * pad_h  # site.css: min-width 0, overflow-wrap anywhere
                narrowest[i] = max(narrowest[i], least)
            runs.append(row_runs)
        avail = width - 2  # the table's border
        if sum(widest) <= avail:
            widths = widest
        elif sum(narrowest) >= avail:
            widths = narrowest
        else:
            spare = (avail - sum(narrowest)) / max(sum(widest) - sum(narrowest), 1e-6)
            widths = [n + (w - n) * spare for n, w in zip(narrowest, widest)]
        height = 2.0  # border top and bottom
        line = table_style.font * table_style.line
        for r, row_runs in enumerate(runs):
            tallest = max((run.lines(max(widths[i] - 2 * pad_h, 1)) + run.extra_lines) * line for i, run in enumerate(row_runs)) if row_runs else line
            height += tallest + 2 * pad_v + (1 if r else 0)
        if sum(widths) > avail + 0.5:
            height += SCROLLBAR
        return height


_BLOCKS = {"p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre", "blockquote", "dl", "dt",
           "dd", "hr", "nav", "main", "aside", "section", "article", "header", "footer", "details", "summary", "figure",
           "figcaption", "iframe", "form", "fieldset"}


def _stack(items: list[_Box], closed_top: bool, closed_bottom: bool, pt: float, pb: float) -> _Box:
    """Children stacked with their margins collapsed (all margins here are zero or positive)."""
    if not items:
        return _Box(0, pt + pb, 0)
    top = items[0].top
    height = items[0].height
    for prev, nxt in zip(items, items[1:]):
        height += max(prev.bottom, nxt.top) + nxt.height
    bottom = items[-1].bottom
    if closed_top:
        height += top
        top = 0.0
    if closed_bottom:
        height += bottom
        bottom = 0.0
    return _Box(top, height + pt + pb, bottom)


def estimate(view_html: str, width: float, card: bool = False) -> int:
    """The height in CSS px that a frame this wide inside needs to show the whole view, rounded up."""
    doc = lxml_html.document_fromstring(view_html)
    roots = doc.xpath("//*[@data-iep-embed]")
    if not roots:
        raise ValueError("the view has no element with data-iep-embed to measure")
    return math.ceil(Layout(width, card).height(roots[0]))




SAFETY = 1.01  # on top of the model: 1 % and
SAFETY_PX = 24  # about one line of text more
BORDER = 2  # the snippet's 1 px border, above and below, where a host's styles make it part of the height


def frame_height(view_html: str, max_width: int, card: bool = False) -> int:
    """The height to write in a view's snippet: its estimated content height inside a frame of max_width
    (less the frame's border), with a margin, plus the border."""
    return math.ceil(estimate(view_html, max_width - BORDER, card) * SAFETY + SAFETY_PX) + BORDER
