"""Reading level of a page's prose: Flesch-Kincaid grade from textstat 0.7.8.

Prose is the paragraphs and list items of the Markdown body. Front matter, headings, tables, code
blocks, admonition titles, citation links and the state-variation callouts are left out; macro calls
count as the words a reader sees.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat

MAX_GRADE = 8.0

_MACRO = re.compile(r"\{\{-?\s*(\w+)\((.*?)\)\s*-?\}\}", re.S)
_ARGS = re.compile(r"""["']((?:[^"'\\]|\\.)*)["']""")


def _macro_text(match: re.Match, names: dict[str, str]) -> str:
    name, args = match[1], _ARGS.findall(match[2])
    if name == "term" and args:
        return args[1] if len(args) > 1 else names.get(args[0], args[0].replace("-", " "))
    return ""


def prose(markdown: str, names: dict[str, str] | None = None) -> str:
    """Return the page's prose as sentences, one block or list item per line."""
    names = names or {}
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"^(\s*)(```|~~~).*?^\1\2\s*$", "", text, flags=re.S | re.M)
    text = _MACRO.sub(lambda m: _macro_text(m, names), text)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
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
            or line.startswith(("#", "|", "!!!", "???", "*[", "---"))
            or re.match(r"^[-:| ]+$", line)
            or re.match(r"^\{[:#.].*\}$", line)
        ):
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


def grade(markdown: str, names: dict[str, str] | None = None) -> float:
    """Flesch-Kincaid grade of a page's prose (0.0 for a page with no prose)."""
    text = prose(markdown, names)
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def term_names(glossary_dir: Path) -> dict[str, str]:
    """Link text that term() shows for each glossary id: the abbreviation, else the term.

    Read without validation, so a page's grade can be measured while the glossary is being edited.
    """
    import yaml

    names = {}
    for path in glossary_dir.glob("*.yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(data, dict):
            names[path.stem] = str(data.get("abbr") or data.get("term") or path.stem)
    return names


def main(argv: list[str]) -> int:
    """Print the grade of each Markdown file given (or every page in docs/); exit 1 above the limit."""
    root = Path(__file__).resolve().parents[1]
    files = [Path(a) for a in argv] or sorted((root / "docs").rglob("*.md"))
    names = term_names(root / "glossary")
    worst = 0
    for path in files:
        g = grade(path.read_text(encoding="utf-8"), names)
        flag = "" if g <= MAX_GRADE else f"  <- above grade {MAX_GRADE:g}: shorten sentences and words"
        print(f"{g:5.1f}  {path}{flag}")
        worst = max(worst, g > MAX_GRADE)
    return int(worst)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
