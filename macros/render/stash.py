"""HTML set aside while Markdown renders a page, and put back afterwards.

The macros write HTML (escaped by macros/render/safe.py); Markdown never sees it, so nothing in a term's
text can become Markdown or HTML markup. Each piece waits in the page's stash behind a token of letters
and digits that Markdown leaves alone, and comes back once the page is HTML.
"""
from __future__ import annotations

import re
import secrets

from markupsafe import Markup


class Stash:
    """The stashed HTML of one page."""

    def __init__(self) -> None:
        self._prefix = f"iepstash{secrets.token_hex(4)}n"
        self._items: list[str] = []

    def inline(self, html: Markup) -> str:
        """A token for HTML inside a line of text."""
        self._items.append(str(html))
        return f"{self._prefix}{len(self._items) - 1}x"

    def block(self, html: Markup) -> str:
        """A token, on a line of its own, for block HTML (a callout, a list)."""
        return f"\n\n{self.inline(html)}\n\n"

    def mark(self) -> int:
        """How many pieces the stash holds now (see since)."""
        return len(self._items)

    def since(self, mark: int) -> list[str]:
        """The HTML stashed since mark."""
        return self._items[mark:]

    def restore(self, html: str) -> str:
        """The page's HTML with every token replaced (a block token's paragraph goes with it)."""
        if not self._items:
            return html
        token = re.compile(rf"<p>{self._prefix}(\d+)x</p>|{self._prefix}(\d+)x")
        out = token.sub(lambda m: self._items[int(m[1] or m[2])], html)
        if self._prefix in out:
            raise ValueError("a macro's output was split by the Markdown around it")
        return out

    def plain(self, text: str) -> str:
        """Text with each token replaced by the words of its HTML, one line per paragraph, list item or
        table cell (what the reading-level check reads)."""
        from lxml import html as lxml_html

        def words(m: re.Match) -> str:
            root = lxml_html.fragment_fromstring(self._items[int(m[1])], create_parent="div")
            lines = [" ".join(el.text_content().split()) for el in root.iter()
                     if isinstance(el.tag, str) and el.tag in _BLOCKS and not any(
                         isinstance(c.tag, str) and c.tag in _BLOCKS for c in el)]
            return "\n\n".join(line for line in lines if line) or " ".join(root.text_content().split())
        return re.sub(rf"{self._prefix}(\d+)x", words, text)


_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "summary", "dt", "dd"}
