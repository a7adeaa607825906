"""A page's Markdown as MkDocs renders it: the editor's text, with each macro call replaced by its output.

The output of a call is HTML built from data through macros/render/safe.py and set aside in the page's
stash (macros/render/stash.py), so Markdown only ever sees the editor's own text. The generated glossary
pages (the A-Z index and one page per term) are written here too.
"""
from __future__ import annotations

import re
from collections import defaultdict

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from macros.grammar import Call
from macros.model.citations import parse
from macros.model.glossary import Term
from macros.model.pages import Page
from macros.model.site import Site, url_of
from macros.render import blocks, safe
from macros.render.stash import Stash

STATE_NOTE_TITLE = "Your state may set its own timeline"
_TAGS_AND_LINKS = re.compile(r"(<a\b.*?</a>|<abbr\b.*?</abbr>|<[^>]*>)", re.S)


class PageRenderer:
    """Renders the macro calls of one page, whose address is `url`, into its stash."""

    def __init__(self, site: Site, url: str, stash: Stash):
        self.site, self.url, self.stash = site, url, stash

    # Addresses ---------------------------------------------------------------------------------
    def href(self, target_url: str) -> str:
        """A site address made relative to this page."""
        return get_relative_url(target_url or ".", self.url or ".") if target_url != self.url else "./"

    def term_href(self, tid: str) -> str:
        return self.href(f"glossary/{tid}/")

    def data_link(self, target: str) -> str:
        """The address of a link in data Markdown ('/iep/what-is-an-iep.md#part'), from this page."""
        path, _, frag = target.partition("#")
        return self.href(url_of(path.lstrip("/"))) + (f"#{frag}" if frag else "")

    # Data text ---------------------------------------------------------------------------------
    def tooltip(self, t: Term) -> str:
        """A term's short definition as plain text, for its links' tooltips."""
        return safe.plain(t.short)

    def short(self, t: Term) -> Markup:
        return self.explain(safe.data_markdown(t.short, inline=True, link=self.data_link))

    def definition(self, t: Term) -> Markup:
        return self.explain(safe.data_markdown(t.definition, inline=False, link=self.data_link))

    def explain(self, html: Markup) -> Markup:
        """HTML with each glossary abbreviation outside a link marked with its expansion, as the
        abbreviations in a page's own text are."""
        pattern, full = self.site.glossary.abbr_words
        parts = _TAGS_AND_LINKS.split(str(html))
        for i in range(0, len(parts), 2):
            parts[i] = pattern.sub(lambda m: f'<abbr title="{safe.text(full[m[1]])}">{m[1]}</abbr>', parts[i])
        return Markup("".join(parts))

    # The macros --------------------------------------------------------------------------------
    def term_link(self, tid: str, label: str | None = None) -> Markup:
        t = self.site.glossary.terms[tid]
        return blocks.link(self.term_href(tid), label or t.link_text, self.tooltip(t))

    def term(self, tid: str, label: str | None = None) -> str:
        """Link a glossary term; its short definition shows as a tooltip."""
        return self.stash.inline(self.term_link(tid, label))

    def define(self, tid: str) -> str:
        """A term's full definition as a callout, linking to its entry."""
        t = self.site.glossary.terms[tid]
        more = blocks.paragraph(blocks.link(self.term_href(tid), f"More about {t.link_text} in the glossary"))
        return self.stash.block(blocks.callout("info", t.title, Markup(f"{self.definition(t)}\n{more}")))

    def cite(self, label: str) -> str:
        """A link from a CFR or U.S.C. label to the official text of that paragraph."""
        c = parse(label)
        return self.stash.inline(blocks.link(c.url, c.label))

    def state_note(self, label: str, extra: str = "") -> str:
        """A callout: this is the federal rule, and a state may set its own timeline."""
        c = parse(label)
        body = Markup(
            "<p>This is the federal rule ({}). For many steps, a state may set its own timeline or add its own "
            "rules. Ask your school district or your state's parent center which rule applies where you live.{}</p>"
        ).format(blocks.link(c.url, c.label), Markup(" ") + extra if extra else "")
        return self.stash.block(blocks.callout("note", STATE_NOTE_TITLE, self.explain(body)))

    def glossary_index(self) -> str:
        """The A-Z glossary: jump links, then every term and abbreviation under its letter."""
        entries: dict[str, list[tuple[str, Markup]]] = defaultdict(list)
        for t in self.site.glossary.terms.values():
            label = f"{t.name} ({t.abbr})" if t.abbr else t.name
            item = Markup("{}: {}").format(blocks.link(self.term_href(t.id), label), self.retired_note(t) or self.short(t))
            entries[_letter(t.name)].append((_sort_key(t.name), item))
            if t.abbr and _letter(t.abbr) != _letter(t.name):
                item = Markup("<strong>{}</strong>: see {}").format(t.abbr, blocks.link(self.term_href(t.id), t.name))
                entries[_letter(t.abbr)].append((_sort_key(t.abbr), item))
        letters = sorted(entries)
        jump = Markup(" · ").join(blocks.link(f"#{_anchor(L)}", L) for L in letters)
        out = [self.stash.block(Markup('<nav class="az-jump" aria-label="Glossary letters">\n<p>{}</p>\n</nav>').format(jump))]
        for L in letters:
            out.append(f"## {safe.markdown_text(L)} {{ #{_anchor(L)} }}\n")
            out.append(self.stash.block(blocks.bullets(item for _, item in sorted(entries[L], key=lambda e: e[0]))))
        return "\n".join(out)

    def retired_note(self, t: Term) -> Markup | None:
        """For a retired term (replaced_by): where to read instead; None for a current term."""
        if not t.retired:
            return None
        new = self.site.glossary.terms[t.replaced_by]
        return Markup("no longer used here; see {}").format(blocks.link(self.term_href(new.id), new.title))

    def call(self, call: Call) -> str:
        """The output of one macro call."""
        return getattr(self, call.name)(*call.args)

    # Whole pages -------------------------------------------------------------------------------
    def page(self, page: Page) -> str:
        """A docs page's Markdown: its body with every call rendered, then its Sources and abbreviations."""
        body = "".join(s if isinstance(s, str) else self.call(s) for s in page.segments)
        if page.sources:
            body += "\n\n## Sources { #sources }\n\n" + self.stash.block(blocks.bullets(map(blocks.source_link, page.sources)))
        return body + self.abbreviations(body)

    def term_page(self, t: Term) -> str:
        """A term's own page: names, definitions, citations, related terms and the pages that use it."""
        g = self.site.glossary
        out = [f"# {safe.markdown_text(t.title)}\n"]
        if t.retired:
            out.append(self.stash.block(blocks.callout("warning", "This term is no longer used here", blocks.paragraph(self.retired_note(t)))))
        out.append(self.stash.block(blocks.paragraph(self.short(t), "term-short")))
        if t.aliases:
            out.append(self.stash.block(self.explain(blocks.paragraph(Markup("<strong>Also called:</strong> {}").format(", ".join(t.aliases))))))
        out.append(self.stash.block(self.definition(t)))
        out.append("## What the law says\n")
        if t.citations:
            out.append(self.stash.block(blocks.bullets(map(blocks.source_link, t.citations))))
        if t.practice:
            out.append("This is an everyday term used in schools. Federal law does not define it.\n")
        if t.related:
            out.append("## Related terms\n")
            out.append(self.stash.block(blocks.bullets(self.term_link(r, g.terms[r].title) for r in t.related)))
        out.append("## Used on\n")
        used = self.site.used_on(t.id)
        if used:
            out.append(self.stash.block(blocks.bullets(blocks.link(self.href(url_of(p.src)), p.title) for p in used)))
        else:
            out.append("No page links this term yet.\n")
        out.append("[Back to the glossary](index.md)\n")
        return "\n".join(out) + self.abbreviations("\n".join(out))

    def abbreviations(self, markdown: str) -> str:
        """Abbreviation definitions (for the abbr extension) for the glossary abbreviations in the text.

        Each definition is its own block: Markdown re-tests every block processor on the rest of a block
        after it takes one definition from it, which is quadratic in the length of the list.
        """
        g = self.site.glossary
        found = g.abbrs_in(markdown)
        lines = sorted(f"*[{t.abbr}]: {t.name}" for t in g.terms.values() if t.abbr in found)
        return "".join(f"\n\n{line}" for line in lines) + "\n"


def _sort_key(name: str) -> str:
    return name.lower().lstrip("0123456789 ") or name.lower()


def _letter(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() else "0–9"


def _anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter.isalpha() else "letter-numbers"
