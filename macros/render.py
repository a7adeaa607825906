"""Markdown that the macros put into pages: term links, callouts and the glossary pages."""
from __future__ import annotations

from collections import defaultdict
from html import escape

from macros.citations import parse
from macros.glossary import Glossary, Source, Term
from macros.state import SiteIndex


def title_attr(text: str) -> str:
    """Text safe inside a Markdown link title: straight double quotes become curly ones."""
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def term_link(t: Term, text: str | None = None) -> str:
    """A link to a term's entry whose title (shown as a tooltip) is its short definition."""
    return f'[{text or t.link_text}]({t.url} "{title_attr(t.short)}")'


def cite_link(label: str) -> str:
    """A link from a CFR or U.S.C. label to the official text of that paragraph."""
    c = parse(label)
    return f"[{c.label}]({c.url})"


def source_link(s: Source) -> str:
    """A Markdown link for a citation."""
    return f"[{s.label}]({s.url})"


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line.strip() else "" for line in text.splitlines())


def define_block(t: Term) -> str:
    """A term's full definition as a callout, linking to its entry."""
    body = f"{t.definition}\n\n[More about {t.link_text} in the glossary]({t.url})"
    return f'\n!!! info "{t.title}"\n\n{_indent(body)}\n'


def state_note(label: str, extra: str = "") -> str:
    """A callout saying a timeline is the federal rule and that a state may set its own."""
    body = (
        f"This is the federal rule ({cite_link(label)}). For many steps, a state may set its own "
        "timeline or add its own rules. Ask your school district or your state's parent center "
        "which rule applies where you live."
    )
    if extra:
        body += f" {extra}"
    return f'\n!!! note "Your state may set its own timeline"\n\n{_indent(body)}\n'


def sources_section(sources: list[Source]) -> str:
    """The Sources list appended to the bottom of a page."""
    items = "\n".join(f"- {source_link(s)}" for s in sources)
    return f"\n\n## Sources {{ #sources }}\n\n{items}\n"


def abbreviations(g: Glossary, markdown: str) -> str:
    """Abbreviation definitions (for the abbr extension) for the glossary abbreviations in a page.

    Only an abbreviation that occurs in the page's Markdown can be marked up, so the others are left
    out. Each definition is its own block: Markdown re-tests every block processor on the rest of a
    block after it takes one definition from it, which is quadratic in the length of the list.
    """
    found = g.abbrs_in(markdown)
    lines = [f"*[{t.abbr}]: {t.term[:1].upper() + t.term[1:]}" for t in g.terms.values() if t.abbr in found]
    return "".join(f"\n\n{line}" for line in sorted(lines)) + "\n"


def _sort_key(name: str) -> str:
    return name.lower().lstrip("0123456789 ") or name.lower()


def glossary_index(site: SiteIndex) -> str:
    """The A–Z glossary: jump links, then every term and abbreviation under its letter."""
    entries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for t in site.glossary.terms.values():
        name = t.term[:1].upper() + t.term[1:]
        label = f"{name} ({t.abbr})" if t.abbr else name
        entries[_letter(name)].append((_sort_key(name), f"- [{escape(label)}]({t.url}): {escape(t.short)}"))
        if t.abbr and _letter(t.abbr) != _letter(name):
            entries[_letter(t.abbr)].append((_sort_key(t.abbr), f"- **{t.abbr}**: see [{name}]({t.url})"))
    letters = sorted(entries)
    jump = " · ".join(f"[{L}](#letter-{L.lower()})" if L.isalpha() else f"[{L}](#letter-numbers)" for L in letters)
    parts = [f'<nav class="az-jump" aria-label="Glossary letters" markdown>\n{jump}\n</nav>\n']
    for L in letters:
        anchor = f"letter-{L.lower()}" if L.isalpha() else "letter-numbers"
        parts.append(f"## {L} {{ #{anchor} }}\n")
        parts.extend(line for _, line in sorted(entries[L]))
        parts.append("")
    return "\n".join(parts)


def _letter(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() else "0–9"


def glossary_entry(site: SiteIndex, t: Term) -> str:
    """A term's own page: names, definitions, citations, related terms and back-links."""
    g = site.glossary
    out = [f"# {escape(t.title)}\n", f'<p class="term-short">{escape(t.short)}</p>\n']
    if t.aliases:
        out.append(f"**Also called:** {escape(', '.join(t.aliases))}\n")
    out.append(t.definition + "\n")
    out.append("## What the law says\n")
    if t.citations:
        out.append("\n".join(f"- {source_link(c)}" for c in t.citations) + "\n")
    if t.practice:
        out.append("This is an everyday term used in schools. Federal law does not define it.\n")
    if t.related:
        out.append("## Related terms\n")
        out.append("\n".join(f"- {term_link(g.terms[r], g.terms[r].title)}" for r in t.related) + "\n")
    out.append("## Used on\n")
    used = site.used_on(t.id)
    if used:
        out.append("\n".join(f"- [{p.title}](/{p.src})" for p in used) + "\n")
    else:
        out.append("No page links this term yet.\n")
    out.append("[Back to the glossary](/glossary/index.md)\n")
    return "\n".join(out)
