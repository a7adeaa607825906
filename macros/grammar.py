"""Every grammar the site reads, written once: ids, plain names, front matter, and macro calls.

A page body may call a macro only as `{{ name("literal", ...) }}`, with a known name and text in quotes;
`{% raw %}...{% endraw %}` shows braces literally. Anything else that looks like a template is refused,
so an editor's text is never evaluated as code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from macros.model.problems import did_you_mean

ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 60
ID_RULE = "lowercase letters, digits and single hyphens, like 'prior-written-notice'"
# A plain name (a term, an abbreviation, an alias, a title, a citation label): no markup, no control
# characters, no line breaks.
NAME_FORBIDDEN = re.compile(r"[<>\[\]{}`*_|\\#\x00-\x1f\x7f\u2028\u2029]")
# Plain text (a page's title or description, a citation label): no tags, no control characters or breaks.
TEXT_FORBIDDEN = re.compile(r"[<>\x00-\x1f\x7f\u2028\u2029]")
TEMPLATE_MARKS = ("{{", "{%", "{#")
# The macros a page may call, each with the kinds of its arguments ("?" marks an optional one):
# term: a glossary id; citation: a CFR or U.S.C. label; fact: a fact id; text: words shown as written;
# letter: a letter id (letters/<id>.yml).
MACROS: dict[str, tuple[str, ...]] = {
    "term": ("term", "text?"),
    "define": ("term",),
    "cite": ("citation",),
    "state_note": ("citation", "text?"),
    "fact": ("fact",),
    "glossary_index": (),
    "deadlines": (),
    "letter": ("letter",),
}
# The links an editor writes in a page: Markdown links and images, reference definitions, raw HTML attributes.
SOURCE_LINK = re.compile(r"\]\(\s*<?([^\s)>]+)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|\b(?:href|src)\s*=\s*[\"']([^\"']*)[\"']", re.M)
# In data text (glossary entries, the deadlines table), a legal number is written [[fact:<id>]].
FACT_REF = re.compile(r"\[\[fact:([^\]]*)\]\]")


def arity(name: str) -> tuple[int, int]:
    """(least, most) arguments of a macro."""
    kinds = MACROS[name]
    return sum(not k.endswith("?") for k in kinds), len(kinds)
_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def fact_refs(text: str) -> list[str]:
    """The fact ids that data text refers to with [[fact:<id>]], in order."""
    return FACT_REF.findall(text)


def source_links(text: str) -> list[tuple[bool, str]]:
    """Every link target written in a piece of page text, in order: (written in Markdown, so MkDocs
    resolves it from the page's file; or in raw HTML, so the browser resolves it from the page's address)."""
    return [(not c, a or b or c) for a, b, c in SOURCE_LINK.findall(text)]


def is_id(text: object) -> bool:
    """Whether text is a valid id (a glossary term's or a fact's file name)."""
    return isinstance(text, str) and len(text) <= ID_MAX and ID.fullmatch(text) is not None


def _forbidden(pattern: re.Pattern, text: str, what: str) -> str | None:
    if m := pattern.search(text):
        ch = m[0]
        shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
        return f"contains {shown}; {what}"
    return None


def name_problem(text: str) -> str | None:
    """What makes text unfit as a plain name (a term, an abbreviation, an alias), or None."""
    return _forbidden(NAME_FORBIDDEN, text, "names are plain text without markup, line breaks or control characters")


def text_problem(text: str) -> str | None:
    """What makes text unfit as plain text (a title, a description, a label), or None."""
    return _forbidden(TEXT_FORBIDDEN, text, "write plain text without tags, line breaks or control characters")


def template_mark(text: str) -> str | None:
    """The first template marker ({{, {% or {#) in text, or None."""
    found = [(text.find(m), m) for m in TEMPLATE_MARKS if m in text]
    return min(found)[1] if found else None


@dataclass(frozen=True)
class FrontMatter:
    """A page split into its front matter (YAML text, or None) and its body, with the body's first line."""

    yaml: str | None
    body: str
    body_line: int  # file line number of the body's first line


def split_front_matter(text: str) -> FrontMatter:
    """Split '---\\n<yaml>---\\n<body>' (a page without front matter has yaml None)."""
    m = _FRONT.match(text)
    if not m:
        return FrontMatter(None, text, 1)
    return FrontMatter(m["yaml"] or "", text[m.end():], m.group(0).count("\n") + 1)


@dataclass(frozen=True)
class Call:
    """A macro call in a page: its name, its literal arguments and its line in the file."""

    name: str
    args: tuple[str, ...]
    line: int
    source: str  # the call as written


@dataclass(frozen=True)
class CallError:
    """A template expression that is not an allowed macro call."""

    line: int
    message: str


Segment = str | Call
_SPACE = re.compile(r"\s*")
_NAME = re.compile(r"[A-Za-z_]\w*")
_STRING = re.compile(r'"([^"\\\n]*)"|\'([^\'\\\n]*)\'')
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
FORM = 'write a macro call as {{ name("text") }}, with its text in quotes'


def _call_at(text: str, pos: int, known: Mapping[str, tuple[int, int]]) -> tuple[Call | None, int, str]:
    """Read the call that starts at text[pos] ('{{'); return (call, end, '') or (None, pos, why)."""
    i = _SPACE.match(text, pos + 2).end()
    name = _NAME.match(text, i)
    if not name:
        return None, pos, f"'{{{{' does not start a macro call; {FORM}, or show braces with {{% raw %}}...{{% endraw %}}"
    i = _SPACE.match(text, name.end()).end()
    if name[0] not in known:
        return None, pos, (f"unknown macro or variable '{name[0]}';{did_you_mean(name[0], known)} the macros are "
                           f"{', '.join(known)}. To show literal braces, wrap the text in {{% raw %}}...{{% endraw %}}")
    if not text.startswith("(", i):
        return None, pos, f"'{name[0]}' must be called with its text in brackets: {{{{ {name[0]}(\"...\") }}}}"
    i, args = i + 1, []
    while True:
        i = _SPACE.match(text, i).end()
        if text.startswith(")", i) and not args:
            i += 1
            break
        s = _STRING.match(text, i)
        if not s:
            return None, pos, f"{name[0]}(...) takes only text in quotes, like {name[0]}(\"...\"), without variables, expressions or escapes"
        args.append(s[1] if s[1] is not None else s[2])
        i = _SPACE.match(text, s.end()).end()
        if text.startswith(",", i):
            i += 1
            continue
        if text.startswith(")", i):
            i += 1
            break
        return None, pos, f"{name[0]}(...) takes only text in quotes, separated by commas"
    i = _SPACE.match(text, i).end()
    if not text.startswith("}}", i):
        return None, pos, f"the call to {name[0]} must end right after its brackets with '}}}}'"
    lo, hi = known[name[0]]
    if not lo <= len(args) <= hi:
        want = f"{lo}" if lo == hi else f"{lo} to {hi}"
        return None, pos, f"{name[0]}(...) takes {want} quoted argument{'s' if hi != 1 else ''}, not {len(args)}"
    end = i + 2
    return Call(name[0], tuple(args), 0, text[pos:end]), end, ""


def parse_body(text: str, known: Mapping[str, tuple[int, int]], first_line: int = 1) -> tuple[list[Segment], list[CallError]]:
    """Split a page body into text and macro calls; known maps each macro name to (min, max) arguments.

    Raw blocks become text (their markers removed). Every other template expression is an error.
    """
    out: list[Segment] = []
    errors: list[CallError] = []
    pos = 0
    scan = re.compile(r"\{\{|\{%|\{#")
    while m := scan.search(text, pos):
        start = m.start()
        line = first_line + text.count("\n", 0, start)
        if start > pos:
            out.append(text[pos:start])
        if m[0] == "{{":
            call, end, why = _call_at(text, start, known)
            if call:
                out.append(Call(call.name, call.args, line, call.source))
                pos = end
                continue
            errors.append(CallError(line, why))
        elif raw := _RAW_OPEN.match(text, start):
            close = _RAW_CLOSE.search(text, raw.end())
            if close:
                out.append(text[raw.end():close.start()])
                pos = close.end()
                continue
            errors.append(CallError(line, "{% raw %} has no {% endraw %}; close it"))
        else:
            what = "template comments ({# #})" if m[0] == "{#" else "template statements ({% %})"
            errors.append(CallError(line, f"{what} are not allowed in pages; remove it (only "
                                          "{% raw %}...{% endraw %} is allowed, to show braces literally)"))
        out.append(m[0])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out, errors
