"""One fact, one number: the same legal paragraph, cited on two pages, must not come with two numbers.

Numbers are facts (facts/*.yml) and pages print them, so this should find nothing; it reads the built
pages, as a reader does, to catch a number written some other way. Each citation (a quiet "law" link,
whose title is the label) belongs to its sentence; where the sentence holds one number of a unit, that
number must agree with every other sentence, on any page, that cites the same label. The state notes
are left out: the engine writes them from the facts, several numbers to a sentence.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from checks.sitepages import html_files, read_html

NUMBER = re.compile(r"\b(\d+)[ -](calendar |school |business )?(day|month|year)s?\b", re.I)
BLOCKS = {"p", "li", "td", "th"}
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _sentences(block) -> list[tuple[str, list[str]]]:
    """The sentences of a block, each with the labels of the citations in it."""
    out: list[tuple[str, list[str]]] = [("", [])]

    def text(chunk: str) -> None:
        parts = _SENTENCE_END.split(chunk)
        out[-1] = (out[-1][0] + parts[0], out[-1][1])
        out.extend((part, []) for part in parts[1:])

    def walk(el) -> None:
        if "cite" in (el.get("class") or "").split():
            out[-1][1].append(el.get("title", ""))
        else:
            text(el.text or "")
            for child in el:
                if isinstance(child.tag, str) and child.tag not in BLOCKS:
                    walk(child)
                text(child.tail or "")
    walk(block)
    return out


def numbers_by_citation(site: Path) -> dict[tuple[str, str], dict[str, set[str]]]:
    """(label, unit) -> number -> the built pages whose sentences say it, for sentences with one number
    of that unit."""
    found: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in html_files(site, "index.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("embed/"):
            continue  # views repeat their page
        doc = read_html(path)
        blocks = {b for a in doc.xpath("//article//a[contains(concat(' ', @class, ' '), ' cite ')]")
                  for b in [next((x for x in a.iterancestors() if x.tag in BLOCKS), None)] if b is not None}
        for block in blocks:
            if block.xpath("ancestor::div[starts-with(@id, 'state-note')]"):
                continue
            for sentence, labels in _sentences(block):
                by_unit: dict[str, set[str]] = defaultdict(set)
                for n, kind, unit in NUMBER.findall(" ".join(sentence.split())):
                    by_unit[f"{(kind or '').strip().lower()} {unit.lower()}".strip()].add(n)
                for unit, values in by_unit.items():
                    if len(values) == 1:
                        for label in labels:
                            found[(label, unit)][next(iter(values))].add(rel)
    return found


def contradictions(site: Path) -> list[str]:
    """One line per label and unit that comes with more than one number."""
    out = []
    for (label, unit), values in sorted(numbers_by_citation(site).items()):
        if len(values) > 1:
            said = "; ".join(f"{n} {unit}s on {', '.join(sorted(pages)[:3])}" for n, pages in sorted(values.items()))
            out.append(f"{label}: {said}")
    return out
