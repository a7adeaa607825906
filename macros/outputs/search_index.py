"""Site search: every word of every page, fetched only when a reader starts to search.

Material's search plugin would index the full text of every page into one file that every first visit
downloads (over 130 KB gzipped, more than the rest of a page), and its parse of each page was a tenth of
the build. So this module indexes the pages itself, from what MkDocs already has (each page's table of
contents, front matter and rendered HTML), and writes:

- search/search_index.json: what Material's page script loads on every visit, cut to its configuration
  (a few hundred bytes; the theme uses the word separator to highlight a searched word on the page it
  opens), with the address of the files below and their version;
- search/body/pages.json: every page (address, title, teaser), every section (anchor and heading), each
  glossary term's names (its term, abbreviation, aliases and search words: the everyday words that lead to it) and
  the sections that link to each term;
- search/body/words-<c>.json: the body text's words that start with <c>, each with the sections it occurs
  in and how often: a query fetches only the files of its own words.

docs/assets/javascripts/search-worker.js, the theme's search worker in place of Material's, fetches those
files on the first search (not before), then ranks pages for the words typed: English stems, stop words
dropped, glossary names recognised as phrases; in Spanish, Spanish stems and stop words, and accents optional
("evaluacion" finds "evaluación"). Material's search box, results and highlighting stay as
they are. The README's "Search" section has the figures and the reasons.

What is left out of the body text: sources lists, the glossary's letter headings and A-Z list, and the
term pages' "What the law says", "Related terms" and "Used on" lists. Text reaches the files HTML-escaped
(macros/render/safe.py), as Material's index holds it: the worker adds only <mark> around whole words.

How: before Material's plugin sees a page (on_page_content), `hand_over` marks it `search: exclude`,
Material's documented switch; after it (on_page_context), `record` puts the page's own front matter back
and records the entry, unless the page's own front matter excludes it.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from macros.model.site import Site
from macros.render import safe
from macros.words import fold

INDEX = Path("search") / "search_index.json"
BODY = Path("search") / "body"
PAGES = BODY / "pages.json"
SKIPPED_ANCHORS = ("sources", "letter-")
TERM_PAGE_LISTS = ("what-the-law-says", "related-terms", "used-on")  # a term page's lists, not its text
VERSION = 1  # of the files' format; the worker refuses another

# A word: letters and digits, lower case (the worker splits queries the same way: [\p{L}\p{N}]+).
WORD = re.compile(r"[^\W_]+")

# Words that say little about what a parent is looking for, in each language: left out of the words files,
# and of a query (unless it has nothing else). Not "no", "not", "other" or "least": they are part of what
# pages and terms are called ("says no", "least restrictive environment", "other health impairment").
STOP_WORDS = {"en": frozenset("""
a about above after again all also am an and any are as at be because been before being between both but
by can cannot could did do does doing done during each few for from further get gets getting got had has
have having he her here hers herself him himself his how i if in into is it its itself just me might more
most much my myself now of off on once only or our ours ourselves out over own please same she should so
some such than that the their theirs them themselves then there these they this those through to too
under until up us very want wants was we were what when where which while who whom whose why will with would
you your yours yourself yourselves let lets may s t d ll re ve m
""".split()), "es": frozenset("""
a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde donde durante e el
ella ellas ellos en entre era eran es esa esas ese eso esos esta estas este esto estos fue fueron ha han
hasta hay la las le les lo los me mi mis muy nos nuestra nuestro o os para pero por porque que quien
quienes se sea sean ser si sin sobre son su sus también te tiene tienen toda todas todo todos tu tus un
una uno unos unas usted ustedes y ya yo él ella más qué cómo cuál cuándo dónde está están esté
""".split())}

# Forms the stemmer cannot join (said/say, got/get, expulsion/expel), and the words families use for their child: the
# worker maps a word through this table, then stems it (Porter), before it compares words.
SAME_WORDS = {"en": {
    "said": "say", "says": "say", "got": "get", "gotten": "get", "kept": "keep", "told": "tell", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "went": "go", "gone": "go", "made": "make", "sent": "send",
    "paid": "pay", "wrote": "write", "written": "write", "chose": "choose", "chosen": "choose", "met": "meet",
    "brought": "bring", "children": "child", "kids": "child", "kid": "child", "son": "child", "sons": "child",
    "daughter": "child", "daughters": "child", "suspension": "suspend", "suspensions": "suspend",
    "expulsion": "expel", "expulsions": "expel",
}, "es": {
    "hija": "hijo", "hijas": "hijo", "hijos": "hijo", "niño": "hijo", "niña": "hijo", "niños": "hijo", "niñas": "hijo",
    "expulsión": "expulsar", "expulsiones": "expulsar", "expulsado": "expulsar", "expulsada": "expulsar",
    "suspensión": "suspender", "suspensiones": "suspender", "suspendido": "suspender", "suspendida": "suspender",
    "suspendieron": "suspender", "suspendió": "suspender", "suspenden": "suspender", "suspende": "suspender",
    "expulsaron": "expulsar", "expulsó": "expulsar", "expulsan": "expulsar",
    "dijo": "dice", "dijeron": "dice", "dicen": "dice", "decir": "dice", "dicho": "dice",
    "negaron": "negar", "negó": "negar", "niega": "negar", "niegan": "negar",
}}

_STARTS_WITH_HEADING = re.compile(r"\s*<h[1-6][\s>]")
_UNREAD = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_SPLIT = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.S)
_ID = re.compile(r"""\bid=["']([^"']*)["']""")
_HREF = re.compile(r"""<a\b[^>]*?\bhref=["']([^"']*)["']""")
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|div|td|th|tr|table|dd|dt|dl|blockquote|details|summary|section|pre|br|hr|"
                        r"figure|figcaption|aside|nav)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_GLOSSARY_LINK = re.compile(r"/glossary/([a-z0-9-]+)/")


def word_key(word: str) -> str:
    """The words file a word is in: its first letter or digit without accents (a-z, 0-9), or '_' for any other."""
    first = fold(word[:1])
    return first if first.isascii() and first.isalnum() else "_"


WORKER = "assets/javascripts/search-worker.js"  # the theme's search worker; overrides/partials/search-config.html prints it


class SearchIndex:
    """The search entries of one build, recorded page by page."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.language = site.settings.language if site.settings.language in STOP_WORDS else "en"
        self.entries: list[dict] = []
        self._meta: dict[str, tuple[bool, object]] = {}  # each page's own `search` front matter, while Material skips it

    def hand_over(self, page) -> None:
        """Tell Material's search plugin to skip the page (it is indexed by `record`)."""
        own = page.meta.get("search")
        self._meta[page.file.src_uri] = ("search" in page.meta, own)
        page.meta["search"] = {**(own if isinstance(own, dict) else {}), "exclude": True}

    def record(self, page) -> None:
        """Give the page back its own `search` front matter and record its search entry."""
        had, own = self._meta.pop(page.file.src_uri)
        if had:
            page.meta["search"] = own
        else:
            del page.meta["search"]
        if isinstance(own, dict) and own.get("exclude"):
            return
        sections = [(item.id, _heading(item.title)) for item in _flat(page.toc)]
        # The first section is titled by the page's first heading when the page starts with one; otherwise
        # (text before any heading) by the page title, as Material does.
        if sections and _STARTS_WITH_HEADING.match(page.content or ""):
            title, sections = sections[0][1], sections[1:]
        else:
            title = _heading(str(page.meta.get("title", page.title)))
        info = self.site.pages.get(page.file.src_uri)  # None for a generated glossary page
        anchors = {anchor for anchor, _ in sections}
        self.entries.append({"location": page.url, "title": title, "sections": sections,
                             "description": info.description if info else "",
                             "body": _body(page.content or "", anchors, page.url)})

    # What the files hold -----------------------------------------------------------------------------
    def _terms_by_location(self) -> dict:
        return {f"glossary/{t.id}/": t for t in self.site.glossary.terms.values()}

    def compact(self) -> list[dict]:
        """One entry per page, in the order the pages were built: address, title and teaser (the page's
        description, or a term's short definition), HTML-escaped."""
        terms = self._terms_by_location()
        docs = []
        for entry in self.entries:
            term = terms.get(entry["location"])
            teaser = self.site.tooltips[term.id] if term else entry["description"]
            docs.append({"location": entry["location"], "title": entry["title"], "text": str(safe.text(teaser)) if teaser else ""})
        return docs

    def files(self) -> dict[Path, object]:
        """Every file of the search data below the site folder, as the data to write in it."""
        terms = self._terms_by_location()
        stop = {fold(w) for w in STOP_WORDS[self.language]}
        term_ids = list(self.site.glossary.terms)
        term_number = {tid: n for n, tid in enumerate(term_ids)}
        pages, sections, postings = [], [], {}
        links: list[list[int]] = [[] for _ in term_ids]
        for number, (doc, entry) in enumerate(zip(self.compact(), self.entries)):
            pages.append([doc["location"], doc["title"], doc["text"]])
            term = terms.get(entry["location"])
            skipped = SKIPPED_ANCHORS + (TERM_PAGE_LISTS if term else ())
            whole_page_listed = entry["location"] == "glossary/"  # the A-Z list repeats every term's entry
            headings = dict(entry["sections"])
            for anchor, words, linked in entry.get("body", [("", [], {})]):
                if anchor.startswith(skipped) or (anchor and anchor not in headings):
                    continue
                if whole_page_listed:
                    words, linked = [], {}
                index = len(sections)
                sections.append([number, anchor, headings.get(anchor, ""), len(words)])
                for word, count in sorted(Counter(w for w in words if fold(w) not in stop).items()):
                    postings.setdefault(word, []).append((index, count))
                for tid, count in sorted(linked.items()):
                    if tid in term_number:
                        links[term_number[tid]] += [index, count]
            # Headings without body text of their own still belong to the page.
            listed = {s[1] for s in sections if s[0] == number}
            for anchor, heading in entry["sections"]:
                if anchor not in listed and not anchor.startswith(skipped):
                    sections.append([number, anchor, heading, 0])
        page_of = {location: n for n, (location, _, _) in enumerate(pages)}
        names = [[page_of.get(f"glossary/{tid}/", -1), [n for n in (t.term, t.abbr, *t.aliases, *t.search_words) if n]]
                 for tid, t in self.site.glossary.terms.items()]
        shards: dict[str, dict[str, list[int]]] = {}
        for word, found in sorted(postings.items()):
            flat, previous = [], 0
            for index, count in found:  # section numbers as steps from the one before: smaller files
                flat += [index - previous, count]
                previous = index
            shards.setdefault(word_key(word), {})[word] = flat
        head = {"format": VERSION, "language": self.language, "stop": sorted(stop), "same": SAME_WORDS[self.language], "pages": pages, "sections": sections, "terms": names, "links": links,
                "words": sorted(shards)}
        out: dict[Path, object] = {PAGES: head}
        for key, words in shards.items():
            out[BODY / f"words-{key}.json"] = words
        return out

    def write(self, site_dir: Path) -> None:
        """Write the search data, and cut the file Material's plugin wrote to its configuration."""
        path = site_dir / INDEX
        if not path.is_file():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        texts = {rel: _json(data) for rel, data in self.files().items()}
        version = hashlib.sha256("".join(texts[rel] for rel in sorted(texts)).encode("utf-8")).hexdigest()[:12]
        for rel, text in texts.items():
            (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / rel).write_text(text, encoding="utf-8")
        config = {**index["config"], "body": {"pages": PAGES.relative_to("search").as_posix(), "version": version}}
        path.write_text(_json({"config": config, "docs": []}), encoding="utf-8")


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _heading(title: str) -> str:
    """A table-of-contents title as Material's index writes a heading: text, with <, > and & escaped."""
    return html.escape(html.unescape(title), quote=False)


def _flat(items) -> list:
    out = []
    for item in items:
        out.append(item)
        out.extend(_flat(item.children))
    return out


def _body(content: str, anchors: set[str], location: str) -> list[tuple[str, list[str], dict[str, int]]]:
    """The page's text split at its section headings: for each section (the text before the first heading
    is section ''), its anchor, its words in order, and how often it links to each glossary term. Heading
    text is left out (the worker reads headings from pages.json).

    Regular expressions over the HTML Python-Markdown wrote (lower-case tags, quoted attributes, '<' and
    '>' escaped in them): about twice as fast as walking a parsed tree, which a 2,000-page build notices.
    About 0.1 s for the whole site; writing the files about 0.08 s."""
    base = "https://site.invalid/" + location  # links are relative to the page: resolve them to find the glossary's
    in_glossary = location.startswith("glossary/")  # where a term's link may be just "../iep/"
    content = _UNREAD.sub(" ", content)
    pieces = _SPLIT.split(content)
    sections = [("", pieces[0])]
    for n in range(1, len(pieces), 4):  # heading level, its attributes, its text, the text up to the next one
        anchor = _ID.search(pieces[n + 1])
        if anchor and anchor[1] in anchors:
            sections.append((anchor[1], pieces[n + 3]))
        else:  # a heading that is not a section of its own (the page title): its text is left out
            sections[-1] = (sections[-1][0], sections[-1][1] + " " + pieces[n + 3])
    out = []
    for anchor, chunk in sections:
        linked = Counter(t for href in _HREF.findall(chunk)
                         if (in_glossary or "glossary/" in href) and (t := _linked_term(base, html.unescape(href))))
        text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", chunk)))
        out.append((anchor, WORD.findall(text.lower()), dict(linked)))
    return out


def _linked_term(base: str, href: str) -> str | None:
    """The glossary term id a link on the page at base points to, if it points to a term page."""
    try:
        m = _GLOSSARY_LINK.fullmatch(urlsplit(urljoin(base, href)).path)
    except ValueError:
        return None
    return m[1] if m else None
