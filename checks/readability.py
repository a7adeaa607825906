"""Reading level of a page's prose: Flesch-Kincaid grade from textstat 0.7.8.

Prose is what a reader reads: the paragraphs, list items, table cells and callouts of the page, with each
macro call as the words it shows (a term's link text, a legal number, "law" for a citation, the whole
state note). Front matter, headings, code blocks and the Sources list are left out.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat

from macros.model.pages import Page
from macros.render.pages import Renderings

MAX_GRADE = 8.0
ENGLISH = "en_US"  # textstat's default language
MIN_SPANISH = 70.0  # Fernández Huerta reading ease: 70 and above reads at about grade 7



def visible_text(page: Page, renderings: Renderings) -> str:
    """The page body as a reader sees its words: every call rendered, its HTML read as text."""
    done = renderings.page(page.src)
    return done.stash.plain(re.split(r"\n\n## [^\n]* \{ #sources \}", done.markdown, maxsplit=1)[0])


def prose(markdown: str) -> str:
    """The prose of Markdown (macro calls already replaced by their words) as sentences, one block or
    list item per line."""
    text = re.sub(r"^(\s*)(```|~~~).*?^\1\2\s*$", "", markdown, flags=re.S | re.M)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            sentence = " ".join(block).strip()
            if sentence and sentence[-1] not in ".!?:;":
                sentence += "."
            out.append(sentence)
            block.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if (
            not line
            or line.startswith(("#", "!!!", "???", "*[", "---"))
            or re.match(r"^[-:| ]+$", line)
            or re.match(r"^\{[:#.].*\}$", line)
        ):
            flush()
            continue
        if line.startswith("|"):  # a table row: each cell is read as a sentence
            flush()
            for cell in line.strip("|").split("|"):
                block.append(cell.strip())
                flush()
            continue
        item = re.match(r"^(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?(.*)$", line)
        if item:
            flush()
            line = item[1]
        line = re.sub(r"[*_`]+", "", line)
        if line:
            block.append(line)
    flush()
    return "\n".join(s for s in out if re.search(r"[A-Za-z]", s))


def grade(markdown: str) -> float:
    """Flesch-Kincaid grade of the prose of Markdown (0.0 when there is none)."""
    text = prose(markdown)
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def spanish_ease(markdown: str) -> float:
    """Fernández Huerta reading ease of the prose of Spanish Markdown (100.0 when there is none)."""
    text = prose(markdown)
    if not text.strip():
        return 100.0
    textstat.set_lang("es")  # textstat keeps its language in one shared object: set it, then put it back
    try:
        return float(textstat.fernandez_huerta(text))
    finally:
        # Back to textstat's own default, the language English grades are worked out in: "en" would be
        # another language to textstat (Pyphen's "en" hyphenation, a second copy of the CMU dictionary
        # loaded), so an English grade would depend on whether a Spanish page was read before it.
        textstat.set_lang(ENGLISH)


def level_problem(markdown: str, language: str) -> str | None:
    """How a text misses the reading level of its language (the end of a message), or None."""
    if language == "es":
        ease = spanish_ease(markdown)
        return None if ease >= MIN_SPANISH else (f"reads at Fernández Huerta {ease:.1f}, below {MIN_SPANISH:g} (about grade 7); "
                                                  "use shorter sentences and everyday words")
    g = grade(markdown)
    return None if g <= MAX_GRADE else f"reads at grade {g:.1f}, above {MAX_GRADE:g}; use shorter sentences and everyday words"


def page_grade(page: Page, renderings: Renderings) -> float:
    """Flesch-Kincaid grade of a page's prose."""
    return grade(visible_text(page, renderings))


def main(argv: list[str]) -> int:
    """Print the grade of each page given (docs/... paths; default every page); exit 1 above the limit."""
    import datetime as dt

    from macros.model.site import load
    from macros.settings import Settings

    root = Path(__file__).resolve().parents[1]
    site, _ = load(Settings.from_file(root), dt.date.today())
    wanted = [Path(a).resolve().relative_to(root / "docs").as_posix() for a in argv] or sorted(site.pages)
    worst = 0
    for src in wanted:
        page = site.pages.get(src)
        if page is None:
            print(f"docs/{src}: not a page that could be read; run make lint to see why")
            worst = 1
            continue
        g = page_grade(page, Renderings(site))
        flag = "" if g <= MAX_GRADE else f"  <- above grade {MAX_GRADE:g}: shorten sentences and words"
        print(f"{g:5.1f}  docs/{src}{flag}")
        worst = max(worst, g > MAX_GRADE)
    return int(worst)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
