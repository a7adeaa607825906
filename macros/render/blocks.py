"""The HTML the macros put into pages: term links, citation links, callouts and lists.

Every value from data goes through macros/render/safe.py; these functions only arrange it.
"""
from __future__ import annotations

from typing import Iterable

from markupsafe import Markup

from macros.model.citations import Source
from macros.render.safe import text


def link(href: str, label: str | Markup, title: str | None = None, **attrs: str) -> Markup:
    """<a href="..." title="...">label</a>; a plain-text label is escaped, Markup is kept."""
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{text(v)}"' for k, v in attrs.items())
    titled = f' title="{text(title)}"' if title else ""
    return Markup(f'<a href="{text(href)}"{titled}{extra}>{text(label)}</a>')


def source_link(source: Source, said: dict[str, str] | None = None) -> Markup:
    """A link from a citation's label to its source; on a page in another language, the label says the
    source is in English (the official texts are) and the link has hreflang="en"."""
    if said and said["in_english"]:
        return link(source.url, f"{source.label} {said['in_english']}", hreflang="en")
    return link(source.url, source.label)


def callout(kind: str, title: str, body: Markup | str, element_id: str | None = None) -> Markup:
    """An admonition, as Material styles it: a title, then the body (Markup, or text to escape)."""
    inner = body if isinstance(body, Markup) else Markup(f"<p>{text(body)}</p>")
    ident = f' id="{text(element_id)}"' if element_id else ""
    return Markup(f'<div class="admonition {text(kind)}"{ident}>\n<p class="admonition-title">{text(title)}</p>\n{inner}\n</div>')


def citation(source, said: dict[str, str]) -> Markup:
    """A quiet citation: the word "law" (in the page's language), linked to the paragraph, with the full
    label in its title and its accessible name (the name keeps the visible word, as WCAG's label-in-name
    asks). On a page in another language, the title says the source is in English."""
    label = f"{source.label} {said['in_english']}".strip()
    extra = {"hreflang": "en"} if said["in_english"] else {}
    return link(source.url, said["law"], label, class_="cite", aria_label=said["law_label"].format(label=label), **extra)


def sources(items: Iterable[Source], said: dict[str, str]) -> Markup:
    """The page's Sources, collapsed: every rule the page cites, with its full label."""
    items = list(items)
    listed = bullets(source_link(s, said) for s in items)
    summary = said["sources_summary_one" if len(items) == 1 else "sources_summary"].format(n=len(items))
    return Markup('<details class="sources">\n<summary>{}</summary>\n{}\n</details>').format(summary, listed)


def table(head: tuple[str, ...], rows: Iterable[tuple]) -> Markup:
    """A table with a header row; each cell is Markup or text to escape."""
    th = "".join(f"<th>{text(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>\n" for row in rows)
    return Markup(f"<table>\n<thead>\n<tr>{th}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>")


def bullets(items: Iterable[Markup | str], cls: str | None = None) -> Markup:
    """A bulleted list of Markup or text items."""
    attr = f' class="{text(cls)}"' if cls else ""
    return Markup(f"<ul{attr}>\n" + "".join(f"<li>{text(i)}</li>\n" for i in items) + "</ul>")


def paragraph(body: Markup | str, cls: str | None = None) -> Markup:
    attr = f' class="{text(cls)}"' if cls else ""
    return Markup(f"<p{attr}>{text(body)}</p>")


def term_data(term_id: str, name: str, short: str) -> dict[str, str]:
    """The attributes the glossary popover (assets/javascripts/glossary-popover.js) reads from a marked
    term: its id, its name and its short definition as plain text. For link() and abbr()."""
    return {"data_term": term_id, "data_name": name, "data_short": short}


def abbr(word: str, expansion: str, data: dict[str, str]) -> Markup:
    """<abbr title="expansion" data-...>word</abbr>: an abbreviation marked for the glossary popover (the
    popover's script moves the title into the popover, so it is not read or shown twice)."""
    extra = "".join(f' {k.replace("_", "-")}="{text(v)}"' for k, v in data.items())
    return Markup(f'<abbr title="{text(expansion)}"{extra}>{text(word)}</abbr>')
