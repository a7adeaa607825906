"""The whole site's data, loaded and checked once per build: the glossary, the facts, the letters and the pages.

`load()` returns what could be read and every problem found, so an editor sees all of them at once.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from macros.grammar import MACROS
from macros.grammar import fact_refs
from macros.model import facts as facts_model
from macros.model import glossary as glossary_model
from macros.model import letters as letters_model
from macros.model import pages as pages_model
from macros.model import translations
from macros.model.citations import CitationError, parse
from macros.model.facts import Facts
from macros.model.glossary import Glossary
from macros.model.letters import Letters
from macros.model.pages import Page
from macros.model.problems import Problem, did_you_mean
from macros.model.rules import Rulebook
from macros.render import safe
from macros.settings import Settings

RESERVED = ("embed/", "card/")  # docs/ folders whose pages would collide with the generated embed views


def url_of(src: str) -> str:
    """The site address (directory style) of a docs-relative Markdown path: 'a/b.md' -> 'a/b/'."""
    base, _ = posixpath.splitext(src)
    if posixpath.basename(base) in ("index", "README"):
        base = posixpath.dirname(base)
    return f"{base}/" if base else ""


@dataclass
class Site:
    """Everything the engine renders from."""

    settings: Settings
    glossary: Glossary
    pages: dict[str, Page]  # by docs-relative path
    facts: Facts = field(default_factory=lambda: Facts({}))
    letters: Letters = field(default_factory=lambda: Letters({}, {}))

    def resolves(self, page: Page) -> bool:
        """Whether every macro call of a page names a real term, fact and citation, and the data it shows
        does too (a page that does not cannot be rendered; its problems are reported by load())."""
        for call in page.calls:
            if call.name == "deadlines" and any(fid not in self.facts.facts for s in self.facts.deadlines
                                                for r in s.rows for fid in fact_refs(r.deadline)):
                return False
            for kind, arg in zip(MACROS[call.name], call.args):
                kind = kind.rstrip("?")
                if ((kind == "term" and arg not in self.glossary.terms) or (kind == "fact" and arg not in self.facts.facts)
                        or (kind == "letter" and arg not in self.letters.letters)):
                    return False
                if kind == "citation":
                    try:
                        parse(arg)
                    except CitationError:
                        return False
        return True

    def used_on(self, term_id: str) -> list[Page]:
        """Pages that link a term, sorted by title."""
        return self._used_on.get(term_id, [])

    @cached_property
    def _used_on(self) -> dict[str, list[Page]]:
        index: dict[str, list[Page]] = {}
        for page in sorted(self.pages.values(), key=lambda p: p.title.lower()):
            for tid in page.uses("term"):
                index.setdefault(tid, []).append(page)
        return index

    @cached_property
    def tooltips(self) -> dict[str, str]:
        """Each term's short definition as plain text (its links' tooltips), worked out once per build."""
        return {tid: safe.plain(self.facts.expand(t.short)) for tid, t in self.glossary.terms.items()}


def docs_pages(docs: Path) -> list[str]:
    """Every Markdown page below docs/, as docs-relative paths."""
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
                  if not any(part.startswith(".") for part in p.relative_to(docs).parts))


def link_checker(docs: Path) -> safe.LinkResolver:
    """What data Markdown may link to: a page of the site, written '/path/page.md' or '/path/page.md#part'."""
    def check(target: str) -> str:
        path, _, _ = target.partition("#")
        if not path.startswith("/") or not path.endswith(".md") or ".." in path.split("/"):
            raise safe.Unsafe(f"links to '{target[:60]}'; data text may link only to the site's own pages, "
                              "written like [an IEP](/glossary/iep.md)")
        if not (docs / path[1:]).is_file() and not path.startswith("/glossary/"):
            raise safe.Unsafe(f"links to '{target}', which is not a page in docs/")
        return target
    return check


def load(settings: Settings, today: dt.date) -> tuple[Site, list[Problem]]:
    """Load and check the glossary and every page; return the site and all problems, sorted."""
    rules = Rulebook(today, link_checker(settings.docs_dir))
    rel = posixpath.relpath(settings.glossary_dir, settings.root)
    glossary, problems = glossary_model.load(settings.glossary_dir, rel, rules, settings.language)
    facts, more = facts_model.load(settings.facts_dir, posixpath.relpath(settings.facts_dir, settings.root), rules,
                                   settings.language)
    problems += more
    letters, more = letters_model.load(settings.letters_dir, posixpath.relpath(settings.letters_dir, settings.root), rules,
                                       settings.language)
    problems += more
    pages: dict[str, Page] = {}
    folder = posixpath.relpath(settings.docs_dir, settings.root)
    for src in docs_pages(settings.docs_dir):
        page, more = pages_model.load(settings.docs_dir / src, src, rules, settings.language, folder)
        problems += more
        if page:
            pages[src] = page
    site = Site(settings, glossary, pages, facts, letters)
    problems += _calls(site) + _places(site) + _fact_refs(site) + _unused_letters(site)
    if settings.translation_of:
        problems += translations.check(site, settings.translation_of, rules, allow_stale=settings.preview)
    return site, sorted(set(problems))


def _calls(site: Site) -> list[Problem]:
    """Every macro call's arguments name a real term, citation or fact."""
    problems = []
    for page in site.pages.values():
        for call in page.calls:
            for kind, arg in zip(MACROS[call.name], call.args):
                kind = kind.rstrip("?")
                if kind == "term" and arg not in site.glossary.terms:
                    problems.append(Problem(page.file, call.line, f"{site.glossary.unknown(arg)} (in {call.source})"))
                elif kind == "term" and (new := site.glossary.terms[arg].replaced_by):
                    problems.append(Problem(page.file, call.line, f"the glossary term '{arg}' is retired (replaced by "
                                                                  f"'{new}'); link term(\"{new}\") instead (in {call.source})"))
                elif kind == "citation":
                    try:
                        parse(arg)
                    except CitationError as err:
                        problems.append(Problem(page.file, call.line, str(err)))
                elif kind == "fact" and arg not in site.facts.facts:
                    problems.append(Problem(page.file, call.line, f"{site.facts.unknown(arg)} (in {call.source})"))
                elif kind == "letter" and not site.letters.known(arg):
                    problems.append(Problem(page.file, call.line, f"{site.letters.unknown(arg)} (in {call.source})"))
                elif kind == "text" and (bad := _text_problem(arg)):
                    problems.append(Problem(page.file, call.line, f"the text in {call.source} {bad}"))
    return problems


def _fact_refs(site: Site) -> list[Problem]:
    """Every [[fact:id]] in the glossary and the deadlines table names a fact; every linked term exists."""
    problems = []
    for t in site.glossary.terms.values():
        for key, text in (("short", t.short), ("definition", t.definition)):
            for fid in fact_refs(text):
                if fid not in site.facts.facts:
                    problems.append(Problem(t.file, 0, f"field '{key}': {site.facts.unknown(fid)}"))
    deadlines = f"{posixpath.relpath(site.settings.facts_dir, site.settings.root)}/{facts_model.DEADLINES_FILE}"
    for section in site.facts.deadlines:
        for row in section.rows:
            if row.term and row.term not in site.glossary.terms:
                problems.append(Problem(deadlines, 0, f"row '{row.step}': {site.glossary.unknown(row.term)}"))
    return problems


def _unused_letters(site: Site) -> list[Problem]:
    """Every letter is shown on a page (its Word file is linked from there)."""
    used = {lid for page in site.pages.values() for lid in page.uses("letter")}
    return [Problem(letter.file, 0, f"no page shows this letter; add {{{{ letter(\"{letter.id}\") }}}} to its page, "
                                    "or remove the file")
            for letter in site.letters.letters.values() if letter.id not in used]


def _text_problem(text: str) -> str | None:
    return "is empty; leave the second argument out, or write the words to show" if not text.strip() else None


def _places(site: Site) -> list[Problem]:
    """No page where the build makes one (glossary entries, embed views), and every page in the nav."""
    problems = []
    for t in site.glossary.terms.values():
        if t.src in site.pages:
            problems.append(Problem(f"{site.settings.docs_folder}/{t.src}", 0, f"remove this file; glossary pages are made from {t.file}"))
    for src in site.pages:
        if src.startswith(RESERVED):
            problems.append(Problem(f"{site.settings.docs_folder}/{src}", 0, f"pages under {site.settings.docs_folder}/{src.split('/')[0]}/ would collide with the "
                                                      "generated embed views; move the page to another folder"))
    problems += _nav(site)
    return problems


def _nav(site: Site) -> list[Problem]:
    """A page missing from the nav gets the section of mkdocs.yml to add it to, and the line."""
    s = site.settings
    if not s.nav:
        return []
    listed = {e.src for e in s.nav}
    problems = []
    for src in site.pages:
        if src in listed or _excluded(src, s.not_in_nav):
            continue
        folder = posixpath.dirname(src)
        near = [e for e in s.nav if posixpath.dirname(e.src) == folder] or [e for e in s.nav if e.src == "index.md"]
        last = near[-1]
        where = " > ".join(last.sections) or "the top level"
        problems.append(Problem(f"{s.docs_folder}/{src}", 0, (
            f"is not in the navigation; add a line like '- {site.pages[src].title}: {src}' to 'nav' in {s.config_file}, "
            f"under '{where}', after line {last.line} ({last.src})")))
    for e in s.nav:
        if e.src not in site.pages and not e.src.startswith(("http://", "https://")) and "://" not in e.src:
            problems.append(Problem(s.config_file, e.line, f"the nav lists '{e.src}', which is not a page in {posixpath.relpath(s.docs_dir, s.root)}/;"
                                                          f"{did_you_mean(e.src, site.pages)} fix the path or remove the line"))
    return problems


def _excluded(src: str, patterns: tuple[str, ...]) -> bool:
    """Whether mkdocs.yml's not_in_nav (gitignore-style lines) leaves a page out of the nav check."""
    out = False
    for pat in patterns:
        neg = pat.startswith("!")
        pat = pat.lstrip("!").lstrip("/")
        if fnmatch.fnmatch(src, pat):
            out = not neg
    return out


def load_project(root: Path, today: dt.date | None = None) -> Site:
    """The checked data of the project at root (for tools and tests); raises SiteProblems on any problem."""
    from macros.model.problems import SiteProblems

    site, problems = load(Settings.from_file(root), today or dt.date.today())
    if problems:
        raise SiteProblems(problems)
    return site
