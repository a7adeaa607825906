"""A translated edition (the Spanish site): every English page has its translation, at the same address,
made from the English page as it is now, with the same numbers, dates and section numbers.

The rules about legal numbers (each written with its fact, each a state may change beside a state note) are
checked on the English pages and entries; a translation keeps exactly their numbers, facts, citations and
state notes, so it keeps their correctness too.

A translated page names the version of the English page it translates in its front matter
(translated_from: the first 12 hex digits of the SHA-256 of the English file). When the English page
changes, the translation is stale until someone updates it and its translated_from; `make stale` lists
stale translations with the code to write.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

from macros.grammar import FACT_REF, fact_refs, split_front_matter
from macros.model import pages as pages_model
from macros.model.problems import Problem
from macros.model.rules import Rulebook

if TYPE_CHECKING:
    from macros.model.site import Site

_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)*(?:\([a-z0-9]+\))*")


def version(path: Path) -> str:
    """The version code of a page: the start of the SHA-256 of its file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def stale(docs: Path, original: Path) -> list[tuple[str, str | None, str, bool]]:
    """(page, the version it translates, the English page's version now, whether it exists) for every
    translation that is missing or not made from the English page as it is now."""
    from macros.model.site import docs_pages

    out = []
    for src in docs_pages(original):
        now = version(original / src)
        path = docs / src
        if not path.is_file():
            out.append((src, None, now, False))
            continue
        front = split_front_matter(path.read_text(encoding="utf-8")).yaml
        made_from = m[1] if (m := re.search(r"^translated_from:\s*['\"]?([0-9a-f]{12})", front or "", re.M)) else None
        if made_from != now:
            out.append((src, made_from, now, True))
    return out


def text_numbers(text: str) -> set[str]:
    """Every number in data text (counts, years, section numbers with their paragraphs) and each legal
    number it prints ([[fact:id]])."""
    return set(_NUMBER.findall(FACT_REF.sub(" ", text))) | {f"fact:{fid}" for fid in fact_refs(text)}


def numbers(page: pages_model.Page) -> set[str]:
    """Every number a reader meets in a page: in its text (section numbers with their paragraphs, years,
    counts), its legal numbers (the facts it prints), its citations and its state notes."""
    text = "".join(s for s in page.segments if isinstance(s, str))
    text = re.sub(r"\]\([^)]*\)|`[^`]*`", "", text)  # link targets and code are not read as numbers
    found = set(_NUMBER.findall(text))
    for call in page.calls:
        if call.name == "fact":
            found.add(f"fact:{call.args[0]}")
        elif call.name == "cite":
            found.add(f"cite:{call.args[0]}")
        elif call.name == "state_note":
            found.add(f"note:{call.args[0]}")
    return found


def differ(ours: set[str], want: set[str]) -> str | None:
    """How a translation's numbers differ from its original's ("missing 60; not in English: 45"), or None."""
    if ours == want:
        return None
    missing, extra = sorted(want - ours), sorted(ours - want)
    return "; ".join(x for x in (f"missing {', '.join(missing)}" if missing else "",
                                 f"not in English: {', '.join(extra)}" if extra else "") if x)


def check(site: "Site", original: Path, rules: Rulebook, allow_stale: bool = False) -> list[Problem]:
    """Missing, extra and stale translations, and numbers that differ from the English page. With
    allow_stale (a preview under `make serve`), a stale page is built as it is: an English edit shows at
    once, and `make check` still reports the translation to update."""
    from macros.model.site import docs_pages

    problems = []
    english = set(docs_pages(original))
    here = set(site.pages)
    folder = posixpath.relpath(site.settings.docs_dir, site.settings.root)
    theirs = posixpath.relpath(original, site.settings.root)
    for src in sorted(english - here):
        problems.append(Problem(f"{folder}/{src}", 0, f"is missing: {theirs}/{src} has no translation; translate it at this "
                                                      f"path with translated_from: {version(original / src)} (see CONTRIBUTING.md#the-spanish-edition)"))
    for src in sorted(here - english):
        problems.append(Problem(f"{folder}/{src}", 0, f"has no English page {theirs}/{src}; a translation keeps the address of "
                                                      "the page it translates: rename or remove it"))
    for src in sorted(here & english):
        page = site.pages[src]
        now = version(original / src)
        made_from = page.meta.get("translated_from")
        if made_from is None:
            problems.append(Problem(page.file, 2, f"front matter is missing 'translated_from'; add 'translated_from: {now}' "
                                                  f"once it translates {theirs}/{src} as it is now"))
        elif made_from != now:
            if allow_stale:
                continue
            problems.append(Problem(page.file, 2, f"is stale: {theirs}/{src} changed since it was translated "
                                                  f"(translated_from {made_from}, now {now}); bring the translation up to date, "
                                                  f"then set translated_from: {now} (make stale lists every stale page)"))
        en, _ = pages_model.load(original / src, src, rules, "en", theirs)
        if en is None:
            continue
        if said := differ(numbers(page), numbers(en)):
            problems.append(Problem(page.file, 0, f"the numbers differ from {theirs}/{src} ({said}); a translation keeps "
                                                  "every number, date, section number, fact and citation of the page it translates"))
    return problems
