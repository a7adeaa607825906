"""A page's Markdown as MkDocs renders it: the editor's text, with each macro call replaced by its output.

The output of a call is HTML built from data through macros/render/safe.py and set aside in the page's
stash (macros/render/stash.py), so Markdown only ever sees the editor's own text. The generated glossary
pages (the A-Z index and one page per term) are written here too.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from macros.grammar import Call, fact_refs, source_links
from macros.model.citations import parse
from macros.model.facts import Fact
from macros.model.glossary import Term
from macros.model.pages import Page
from macros.model.site import Site, url_of
from macros.outputs.provenance import hrefs, markdown_target, resolve
from macros.render import blocks, safe
from macros.render import letters as letter_blocks
from macros.render.stash import Stash
from macros.words import fold, words

_TAGS_AND_LINKS = re.compile(r"(<a\b.*?</a>|<abbr\b.*?</abbr>|<[^>]*>)", re.S)


class PageRenderer:
    """Renders the macro calls of one page, whose address is `url`, into its stash."""

    def __init__(self, site: Site, url: str, stash: Stash):
        self.site, self.url, self.stash = site, url, stash
        self.said = words(site.settings.language)  # the site's own words in the page's language
        self.links: list[tuple[int, str, str | None]] = []  # (line, link as written, site path it goes to)

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
        return self.site.tooltips[t.id]

    def short(self, t: Term) -> Markup:
        return self.explain(safe.data_markdown(self.site.facts.expand(t.short), inline=True, link=self.data_link))

    def definition(self, t: Term) -> Markup:
        return self.explain(safe.data_markdown(self.site.facts.expand(t.definition), inline=False, link=self.data_link))

    def explain(self, html: Markup) -> Markup:
        """HTML with each glossary abbreviation outside a link marked with its expansion and the data the
        glossary popover shows (as macros/outputs/marks.py marks the abbreviations in a page's own text)."""
        g = self.site.glossary
        pattern, _ = g.abbr_words

        def mark(m: re.Match) -> str:
            t = g.terms[g.names[m[1].lower()]]
            return str(blocks.abbr(m[1], t.name, blocks.term_data(t.id, t.title, self.tooltip(t))))

        parts = _TAGS_AND_LINKS.split(str(html))
        for i in range(0, len(parts), 2):
            parts[i] = pattern.sub(mark, parts[i])
        return Markup("".join(parts))

    # The macros --------------------------------------------------------------------------------
    def term_link(self, tid: str, label: str | None = None) -> Markup:
        """A link to the term's entry, carrying what the glossary popover shows (no title attribute: the
        popover is the one place the short definition is shown and read)."""
        t = self.site.glossary.terms[tid]
        return blocks.link(self.term_href(tid), label or t.link_text, **blocks.term_data(t.id, t.title, self.tooltip(t)))

    def term(self, tid: str, label: str | None = None) -> str:
        """Link a glossary term; its short definition shows in the glossary popover."""
        return self.stash.inline(self.term_link(tid, label))

    def define(self, tid: str) -> str:
        """A term's full definition as a callout, linking to its entry."""
        t = self.site.glossary.terms[tid]
        more = blocks.paragraph(blocks.link(self.term_href(tid), self.said["define_more"].format(name=t.link_text)))
        return self.stash.block(blocks.callout("info", t.title, Markup(f"{self.definition(t)}\n{more}")))

    def cite(self, label: str, where: Where | None = None) -> str:
        """A quiet link to the official text of a CFR or U.S.C. paragraph: the word "law", with the full
        label in its title (and in the page's Sources list)."""
        return self.stash.inline(blocks.citation(parse(label), self.said))

    def fact(self, fid: str, where: Where | None = None) -> str:
        """A legal number from facts/, linked to the note on how states may differ when they may."""
        f = self.site.facts.facts[fid]
        note = where.note_for_fact(fid) if where else None
        if f.state == "federal" or note is None:
            return self.stash.inline(Markup('<span class="fact">{}</span>').format(f.text))
        title = self.said["fact_title"].format(state=self.said[f"state_{f.state}"].lower())
        return self.stash.inline(blocks.link(f"#{note}", f.text, title, class_="fact"))

    def state_note(self, label: str, extra: str = "", where: Where | None = None) -> str:
        """A callout on how states may differ, in the words that fit the legal numbers of its section."""
        facts = where.facts() if where else []
        note_id = where.note_id() if where else None
        return self.stash.block(self.note(facts, [parse(label)], extra, note_id))

    def note(self, facts: list[Fact], cites: list, extra: str = "", note_id: str | None = None) -> Markup:
        """The state-variation callout for these facts (and citations): its title and words follow what a
        state may do with each number: set its own, or only do more for families."""
        own = [f for f in facts if f.state == "own"]
        floor = [f for f in facts if f.state == "floor"]
        shown: set[str] = set()

        def marks(sources: list) -> Markup:
            fresh = [s for s in dict.fromkeys(sources, None) if s.url not in shown and not shown.add(s.url)]
            return Markup(" ({})").format(Markup(", ").join(blocks.citation(s, self.said) for s in fresh)) if fresh else Markup("")

        groups = [(g, w) for g, w in ((own, self.said["note_own"]), (floor, self.said["note_floor"])) if g]
        parts = []
        for n, (group, words) in enumerate(groups, 1):
            sources = [c for f in group for c in f.citations] + (list(cites) if n == len(groups) else [])
            texts = list(dict.fromkeys(f.text for f in group))
            lead = _and(texts, self.said["and"])
            sentence = self.said["note_comes" if len(texts) == 1 else "note_come"]
            parts.append(Markup(sentence).format(numbers=lead[:1].upper() + lead[1:], marks=marks(sources)) + " " + words)
        if not parts:
            parts.append(Markup(self.said["note_generic"]).format(marks=marks(list(cites))))
        parts.append(self.said["note_ask"])
        if extra:
            parts.append(extra)
        title = self.said["note_both_title" if own and floor else "note_floor_title" if floor else "note_own_title"]
        body = Markup("<p>{}</p>").format(Markup(" ").join(parts))
        return blocks.callout("note", title, self.explain(body), note_id)

    def glossary_index(self) -> str:
        """The A-Z glossary: jump links, then every term and abbreviation under its letter."""
        entries: dict[str, list[tuple[str, Markup]]] = defaultdict(list)
        for t in self.site.glossary.terms.values():
            label = f"{t.name} ({t.abbr})" if t.abbr else t.name
            item = Markup("{}: {}").format(blocks.link(self.term_href(t.id), label), self.short(t))
            entries[_letter(t.name)].append((_sort_key(t.name), item))
            if t.abbr and _letter(t.abbr) != _letter(t.name):
                item = Markup("<strong>{}</strong>: {} {}").format(t.abbr, self.said["see"], blocks.link(self.term_href(t.id), t.name))
                entries[_letter(t.abbr)].append((_sort_key(t.abbr), item))
        letters = sorted(entries, key=lambda L: (L.isalpha(), _sort_key(L)))  # 0–9 first; Ñ after N
        jump = Markup(" · ").join(blocks.link(f"#{_anchor(L)}", L) for L in letters)
        out = [self.stash.block(Markup('<nav class="az-jump" aria-label="{}">\n<p>{}</p>\n</nav>').format(self.said["glossary_letters"], jump))]
        for L in letters:
            out.append(f"## {safe.markdown_text(L)} {{ #{_anchor(L)} }}\n")
            out.append(self.stash.block(blocks.bullets(item for _, item in sorted(entries[L], key=lambda e: e[0]))))
        return "\n".join(out)

    def deadlines(self, where: Where | None = None) -> str:
        """The deadlines page's tables, from facts/_deadlines.yml: one section each, with its state note."""
        out = []
        for n, section in enumerate(self.site.facts.deadlines, 1):
            rows, facts = [], []
            for row in section.rows:
                used = [self.site.facts.facts[fid] for fid in fact_refs(row.deadline)]
                facts += used
                step = self.term_link(row.term, row.step) if row.term else safe.text(row.step)
                words = self.explain(safe.data_markdown(self.site.facts.expand(row.deadline), inline=True, link=self.data_link))
                cites = Markup(" ").join(blocks.citation(c, self.said) for c in row.citations)
                rows.append((step, words, cites, _state_cell(used, self.said)))
            out.append(f"### {safe.markdown_text(section.title)}\n")
            out.append(self.stash.block(blocks.table(tuple(self.said["deadlines_head"].split("|")), rows)))
            kinds = [f for f in dict.fromkeys(facts) if f.state != "federal"]
            if kinds:
                out.append(self.stash.block(self.note(kinds, [], note_id=f"state-note-deadlines-{n}")))
        return "\n".join(out)

    def letter(self, lid: str) -> str:
        """A letter with the form that fills it in, its buttons and its Word file (macros/render/letters.py)."""
        letter = self.site.letters.letters[lid]
        return self.stash.block(letter_blocks.render(letter, self.href, self.said))

    def call(self, call: Call, where: Where | None = None) -> str:
        """The output of one macro call; `where` tells the calls that need it about their section."""
        if call.name in ("fact", "state_note", "cite", "deadlines"):
            return getattr(self, call.name)(*call.args, where=where)
        return getattr(self, call.name)(*call.args)

    # Whole pages -------------------------------------------------------------------------------
    def page(self, page: Page) -> str:
        """A docs page's Markdown: its body with every call rendered, then its Sources and abbreviations."""
        plan = NotePlan(page, self.site)
        out = []
        for section in page.sections:
            for p in section.pieces:
                if isinstance(p.part, str):
                    self.links += [(p.line, url, markdown_target(page.src, url) if md else resolve(self.url, url))
                                   for md, url in source_links(p.part)]
                    out.append(p.part)
                    continue
                mark = self.stash.mark()
                out.append(self.call(p.part, Where(plan, section.index, p.in_short)))
                self.links += [(p.line, h, resolve(self.url, h)) for frag in self.stash.since(mark) for h in hrefs(frag)]
        body = "".join(out)
        cited = [parse(c.args[0]) for c in page.calls if c.name in ("cite", "state_note")]
        cited += [c for c in plan.fact_citations()]
        sources = _sorted_sources([*page.sources, *cited])
        if sources:
            body += f"\n\n## {self.said['sources_heading']} {{ #sources }}\n\n" + self.stash.block(blocks.sources(sources, self.said))
            self.links += [(_line_of(page.text, s.label), s.url, None) for s in sources]
        return body + self.abbreviations(body)

    def term_page(self, t: Term) -> str:
        """A term's own page: names, definitions, citations, related terms and the pages that use it."""
        g = self.site.glossary
        out = [f"# {safe.markdown_text(t.title)}\n", self.stash.block(blocks.paragraph(self.short(t), "term-short"))]
        if t.aliases:
            out.append(self.stash.block(self.explain(blocks.paragraph(Markup("<strong>{}</strong> {}").format(self.said["also_called"], ", ".join(t.aliases))))))
        out.append(self.stash.block(self.definition(t)))
        used = [self.site.facts.facts[fid] for fid in dict.fromkeys(fact_refs(f"{t.short} {t.definition}"))
                if fid in self.site.facts.facts]
        if any(f.state != "federal" for f in used):
            out.append(self.stash.block(self.note([f for f in used if f.state != "federal"], [], note_id="state-note-1")))
        out.append(f"## {self.said['law_says']}\n")
        if t.citations:
            out.append(self.stash.block(blocks.bullets(blocks.source_link(c, self.said) for c in t.citations)))
        if t.practice:
            out.append(f"{self.said['practice']}\n")
        if t.related:
            out.append(f"## {self.said['related']}\n")
            out.append(self.stash.block(blocks.bullets(self.term_link(r, g.terms[r].title) for r in t.related)))
        out.append(f"## {self.said['used_on']}\n")
        used = self.site.used_on(t.id)
        if used:
            out.append(self.stash.block(blocks.bullets(blocks.link(self.href(url_of(p.src)), p.title) for p in used)))
        else:
            out.append(f"{self.said['no_page_yet']}\n")
        out.append(f"[{self.said['back_to_glossary']}](index.md)\n")
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


@dataclass
class Rendering:
    """A page rendered: its Markdown, the stash holding its macros' HTML, and where its links are written."""

    markdown: str
    stash: Stash
    links: list[tuple[int, str, str | None]]


class Renderings:
    """Each docs page rendered once per build: the checker reads its words (reading level), then the
    build hands the same Markdown to MkDocs."""

    def __init__(self, site: Site):
        self.site = site
        self._done: dict[str, Rendering] = {}

    def page(self, src: str) -> Rendering:
        if src not in self._done:
            stash = Stash()
            renderer = PageRenderer(self.site, url_of(src), stash)
            self._done[src] = Rendering(renderer.page(self.site.pages[src]), stash, renderer.links)
        return self._done[src]


def _line_of(text: str, needle: str) -> int:
    """The line of the first place needle stands in text (1 if nowhere)."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _state_cell(facts: list[Fact], said: dict[str, str]) -> str:
    """What a state may do with the numbers of one row of the deadlines table ('—' for a row without one)."""
    kinds = list(dict.fromkeys(f.state for f in facts))
    if not kinds:
        return "—"
    if len(kinds) == 1:
        return said[f"state_{kinds[0]}"]
    return " ".join(f"{f.text}: {said[f'state_{f.state}'][0].lower()}{said[f'state_{f.state}'][1:]}." for f in dict.fromkeys(facts))


def _and(items: list[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (with the language's 'and')."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _sorted_sources(sources: list) -> list:
    """Each source once, legal ones in the order of the law (title, part, section), then the others."""
    seen = {}
    for s in sources:
        seen.setdefault(s.url, s)

    def key(s) -> tuple:
        legal = re.match(r"^\d+ (CFR|U\.S\.C\.)", s.label)
        tokens = [(0, int(n), "") if n.isdigit() else (1, 0, n) for n in re.findall(r"\d+|[a-z]+", s.label.lower())]
        return (0 if legal else 1, legal[1] if legal else "", tokens)
    return sorted(seen.values(), key=key)


class NotePlan:
    """Where a page's state notes are, and which legal numbers each one speaks for: the non-federal facts
    of its section (and of the "In short" box, which points to the first note below it)."""

    def __init__(self, page: Page, site: Site):
        self.site = site
        self.notes: dict[int, str] = {}
        self.facts_by_section: dict[int, list[Fact]] = defaultdict(list)
        short_facts: list[Fact] = []
        for section in page.sections:
            for piece in section.pieces:
                call = piece.part
                if isinstance(call, Call) and call.name == "state_note" and section.index not in self.notes:
                    self.notes[section.index] = f"state-note-{len(self.notes) + 1}"
                elif isinstance(call, Call) and call.name == "fact" and call.args[0] in site.facts.facts:
                    fact = site.facts.facts[call.args[0]]
                    (short_facts if piece.in_short else self.facts_by_section[section.index]).append(fact)
        self.short_facts = short_facts
        self.fact_notes: dict[str, str] = {}  # a fact's id -> the first note that speaks for it
        for index, facts in sorted(self.facts_by_section.items()):
            for f in facts:
                if index in self.notes:
                    self.fact_notes.setdefault(f.id, self.notes[index])

    def fact_citations(self) -> list:
        return [c for facts in (*self.facts_by_section.values(), self.short_facts) for f in facts for c in f.citations]


@dataclass(frozen=True)
class Where:
    """A call's place in its page: the page's note plan, its section, and whether it is in "In short"."""

    plan: NotePlan
    section: int
    in_short: bool

    def note_id(self) -> str | None:
        return self.plan.notes.get(self.section)

    def note_for_fact(self, fid: str) -> str | None:
        """The note a fact here links to: its section's; from the "In short" box, the first note below
        that speaks for the same fact, or else the first note below."""
        if self.in_short:
            later = [nid for s, nid in sorted(self.plan.notes.items()) if s >= self.section]
            return self.plan.fact_notes.get(fid) or (later[0] if later else None)
        return self.plan.notes.get(self.section)

    def facts(self) -> list[Fact]:
        """The non-federal facts this section's note speaks for."""
        return list(dict.fromkeys(f for f in self.plan.facts_by_section.get(self.section, []) if f.state != "federal"))


def _sort_key(name: str) -> str:
    """Alphabetical order in both languages: accents do not count, and ñ comes after n (Spanish order)."""
    key = name.lower().lstrip("0123456789 ") or name.lower()
    return fold(key.replace("ñ", "n~"))


def _letter(name: str) -> str:
    """The A-Z heading a name goes under: its first letter without accents (Ñ is a letter of its own)."""
    first = name[:1].upper()
    if first == "Ñ":
        return first
    return fold(first) if first.isalpha() else "0–9"


def _anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter.isalpha() else "letter-numbers"
