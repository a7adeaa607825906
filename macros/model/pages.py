"""Pages in docs/: each page's front matter checked against the rulebook, and its body split into text
and macro calls (macros/grammar.py), once per build."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from macros.grammar import MACROS, Call, Segment, arity, parse_body, split_front_matter
from macros.model import yamlfile
from macros.model.citations import Source, source_of
from macros.model.placeholders import placeholders
from macros.model.problems import Problem
from macros.model.rules import Rulebook
from macros.words import words

SCHEMA = "page.schema.json"
KNOWN = {name: arity(name) for name in MACROS}
_HEADING = re.compile(r"^#{1,6} ")


@dataclass(frozen=True)
class Piece:
    """A line of text (or part of one) or a macro call, where it stands in the page."""

    line: int  # its line in the file
    part: str | Call
    in_short: bool  # inside the "In short" box, which sums up what the sections below explain


@dataclass(frozen=True)
class Section:
    """The text under one heading (the first section is the title and the "In short" box)."""

    index: int
    pieces: tuple[Piece, ...]

    @property
    def calls(self) -> list[Call]:
        return [p.part for p in self.pieces if isinstance(p.part, Call)]


@dataclass
class Page:
    """A Markdown page of docs/, as checked."""

    src: str  # docs-relative path, e.g. "iep/what-is-an-iep.md"
    text: str  # the whole file
    title: str
    description: str  # whitespace collapsed
    reviewed: str
    sources: tuple[Source, ...]
    segments: list[Segment]  # the body: text and macro calls
    body_line: int  # the file line where the body starts
    meta: dict = field(default_factory=dict)  # the other front matter fields (hide, search, embed, translated_from)
    language: str = "en"
    folder: str = "docs"  # the docs folder, relative to the project (docs-es for the Spanish edition)

    @property
    def file(self) -> str:
        return f"{self.folder}/{self.src}"

    @property
    def calls(self) -> list[Call]:
        return [s for s in self.segments if isinstance(s, Call)]

    @property
    def body(self) -> str:
        return self.text.split("\n", self.body_line - 1)[-1] if self.body_line > 1 else self.text

    def uses(self, kind: str) -> dict[str, int]:
        """Each argument of the given kind ('term', 'fact', 'citation') with the first line that uses it."""
        return self._uses.get(kind, {})

    @cached_property
    def _uses(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for call in self.calls:
            for k, arg in zip(MACROS[call.name], call.args):
                out.setdefault(k.rstrip("?"), {}).setdefault(arg, call.line)
        return out

    @property
    def embed(self) -> bool:
        return self.meta.get("embed", True)

    @property
    def in_short_title(self) -> str:
        return words(self.language)["in_short"]

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """The body split at its headings, every line and call in order, with its file line."""
        sections: list[list[Piece]] = [[]]
        line, in_short, at_start = self.body_line, False, True
        for seg in self.segments:
            if isinstance(seg, Call):
                sections[-1].append(Piece(line, seg, in_short))
                line += seg.source.count("\n")
                at_start = False
                continue
            for piece in seg.splitlines(keepends=True):
                if at_start and _HEADING.match(piece):
                    sections.append([])
                if at_start and piece.startswith("!!! ") and f'"{self.in_short_title}"' in piece:
                    in_short = True
                elif at_start and in_short and piece.strip() and not piece.startswith((" ", "\t")):
                    in_short = False
                sections[-1].append(Piece(line, piece, in_short))
                line += piece.count("\n")
                at_start = piece.endswith("\n")
        return tuple(Section(n, tuple(pieces)) for n, pieces in enumerate(sections))


def load(path: Path, src: str, rules: Rulebook, language: str = "en", folder: str = "docs") -> tuple[Page | None, list[Problem]]:
    """Read and check one page: its front matter and the form of its macro calls."""
    rel = f"{folder}/{src}"
    text, problems = yamlfile.read_text(path, rel, "page")
    if text is None:
        return None, problems
    problems = [Problem(rel, *p) for p in placeholders(text)]
    split = split_front_matter(text)
    if split.yaml is None:
        return None, problems + [Problem(rel, 1, "has no front matter; start the file with '---', the fields title, "
                                                 "description, reviewed and sources, then '---' (see CONTRIBUTING.md#edit-a-page)")]
    data, more = yamlfile.load(split.yaml, rel, first_line=2)
    if more:
        return None, problems + more
    data = {} if data is None else data
    if not isinstance(data, dict):
        return None, problems + [Problem(rel, 2, "front matter must be fields like 'title: ...'")]
    problems += rules.check(SCHEMA, data, rel, split.yaml, first_line=2, what="front matter field")
    segments, errors = parse_body(split.body, KNOWN, split.body_line)
    problems += [Problem(rel, e.line, e.message) for e in errors]
    try:
        sources = tuple(source_of(s) for s in data.get("sources", []))
    except (ValueError, KeyError, TypeError):
        sources = ()  # already reported by the rulebook
    meta = {k: v for k, v in data.items() if k not in ("title", "description", "reviewed", "sources")}
    page = Page(src=src, text=text, title=str(data.get("title", src)), description=" ".join(str(data.get("description", "")).split()),
                reviewed=str(data.get("reviewed", "")), sources=sources, segments=segments, body_line=split.body_line, meta=meta,
                language=language, folder=folder)
    return page, problems
