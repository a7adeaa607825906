"""Render the simplest macro calls before Jinja sees the page: the same output, built faster.

mkdocs-macros compiles every page as a Jinja template, and each {{ ... }} adds to that compile time; for
a page with a dozen term links it is most of what the macros cost. A call of term, cite, state_note or
define whose arguments are plain string literals is rendered here by the very function Jinja would
call. Anything else (other macros, expressions, {% %} or {# #} blocks, a call that fails) is left to Jinja.
"""
from __future__ import annotations

import re

FAST = ("term", "cite", "state_note", "define")
_ARG = r"""\s*(?:"([^"\\{}]*)"|'([^'\\{}]*)')\s*"""
_SIMPLE = re.compile(rf"\{{\{{\s*({'|'.join(FAST)})\({_ARG}(?:,{_ARG})?\)\s*\}}\}}")
_JINJA = ("{{", "{%", "{#")


def needs_jinja(text: str) -> bool:
    """Whether text holds a Jinja expression, statement or comment."""
    return any(mark in text for mark in _JINJA)


def render(macros: dict, markdown: str) -> str:
    """markdown with each simple call replaced by its output, or unchanged if any part needs Jinja."""
    if "{%" in markdown or "{#" in markdown:
        return markdown

    def one(m: re.Match) -> str:
        args = [a for a in (m[2] if m[2] is not None else m[3], m[4] if m[4] is not None else m[5]) if a is not None]
        out = str(macros[m[1]](*args))
        if needs_jinja(out):
            raise ValueError("output that Jinja would read differently")
        return out

    try:
        return _SIMPLE.sub(one, markdown)
    except Exception:  # the same call through Jinja gives the user its usual error message
        return markdown
