"""Content lints for editors: each problem names the file and line and says how to fix it.

Run: python -m checks.lints   (part of `make check`)
"""
from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from macros.pages import front_matter

ROOT = Path(__file__).resolve().parents[1]
WORDS_FILE = ".codespell-words"
MACRO_NAMES = ("term", "define", "cite", "state_note", "glossary_index", "glossary_entry", "placeholder")
_FENCE = re.compile(r"^\s*(```|~~~)")
Problem = tuple[str, int, str]


def _lines(text: str) -> list[tuple[int, str, bool]]:
    """(line number, line, inside a code block) for each line of a Markdown file."""
    out, fenced = [], False
    for n, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            out.append((n, line, True))
            continue
        out.append((n, line, fenced))
    return out


def _front_end(text: str) -> int:
    m = re.match(r"\A---\n.*?\n---\n", text, re.S)
    return m.group(0).count("\n") if m else 0


def headings(path: str, text: str) -> list[Problem]:
    """No skipped heading levels (## then ####)."""
    problems, last = [], 0
    for n, line, code in _lines(text):
        if code or n <= _front_end(text):
            continue
        if m := re.match(r"^(#{1,6})\s", line):
            level = len(m[1])
            if last and level > last + 1:
                problems.append((path, n, f"heading level jumps from h{last} to h{level}; use {'#' * (last + 1)} here"))
            last = level
    return problems


def images(path: str, text: str) -> list[Problem]:
    """Every image has alt text."""
    problems = []
    for n, line, code in _lines(text):
        if code:
            continue
        if re.search(r"!\[\s*\]\(", line):
            problems.append((path, n, "image has no alt text; describe it inside the brackets: ![What the image shows](file.png)"))
        for tag in re.findall(r"<img\b[^>]*>", line):
            if not re.search(r'\balt="[^"]+"', tag):
                problems.append((path, n, 'raw <img> has no alt text; add alt="what the image shows"'))
    return problems


def link_text(path: str, text: str) -> list[Problem]:
    """No bare URLs and no 'click here' link text."""
    problems = []
    for n, line, code in _lines(text):
        if code or n <= _front_end(text):
            continue
        for m in re.finditer(r"\[([^\]]+)\]\(", line):
            if re.fullmatch(r"\s*(click\s+)?here\s*|\s*(this\s+)?link\s*|\s*read more\s*", m[1], re.I):
                problems.append((path, n, f"link text '{m[1]}' does not say where it goes; describe the target, like [how evaluations work](...)"))
        stripped = re.sub(r"\]\([^)]*\)|<[^>]+>|`[^`]*`", "", line)
        if re.search(r"(?<![\w(<\"'=])https?://\S+", stripped):
            problems.append((path, n, "bare URL in the text; make it a link with words that say where it goes: [Office for Civil Rights](https://...)"))
    return problems


def leftovers(path: str, text: str) -> list[Problem]:
    """No TODO, FIXME or placeholder left in the page."""
    problems = []
    for n, line, _ in _lines(text):
        if m := re.search(r"\b(TODO|FIXME|TBD|XXX)\b|PLACEHOLDER|placeholder\(", line):
            problems.append((path, n, f"leftover '{m[0].rstrip('(')}'; finish or remove it before publishing"))
    return problems


def raw_braces(path: str, text: str) -> list[Problem]:
    """No raw '{{' except a call to one of the site's macros."""
    problems = []
    for n, line, _ in _lines(text):
        for m in re.finditer(r"\{\{-?\s*(\w*)", line):
            if m[1] not in MACRO_NAMES:
                problems.append((path, n, f"raw '{{{{' that is not a site macro ({', '.join(MACRO_NAMES[:4])}, ...); "
                                          "remove it, or wrap literal braces in {% raw %}...{% endraw %}"))
    return problems


def duplicate_titles(pages: dict[str, str]) -> list[Problem]:
    """No two pages share a title."""
    seen: dict[str, list[str]] = defaultdict(list)
    for path, text in pages.items():
        data, _ = front_matter(text)
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            seen[data["title"].strip().lower()].append(path)
    return [(paths[1], 2, f"title '{t}' is also used by {paths[0]}; give each page its own title")
            for t, paths in seen.items() if len(paths) > 1]


def spelling(root: Path, files: list[str]) -> list[Problem]:
    """codespell over the pages and glossary, with the project's word list for legal terms."""
    if not files:
        return []
    words = root / WORDS_FILE
    cmd = [sys.executable, "-m", "codespell_lib", "--quiet-level", "3"]
    if words.exists():
        cmd += ["--ignore-words", str(words)]
    proc = subprocess.run(cmd + files, cwd=root, capture_output=True, text=True)
    problems = []
    for line in proc.stdout.splitlines():
        if m := re.match(r"^(.+?):(\d+): (\S+) ==> (.+)$", line):
            problems.append((m[1], int(m[2]), f"possible misspelling '{m[3]}' (did you mean {m[4]}?); fix it, or add the word to {WORDS_FILE} if it is right"))
    return problems


PAGE_LINTS = (headings, images, link_text, leftovers, raw_braces)


def run(root: Path = ROOT) -> list[Problem]:
    """Every lint over docs/ and glossary/."""
    pages = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted((root / "docs").rglob("*.md"))}
    terms = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted((root / "glossary").glob("*.yml"))}
    problems: list[Problem] = []
    for path, text in pages.items():
        for lint in PAGE_LINTS:
            problems += lint(path, text)
    for path, text in terms.items():
        problems += leftovers(path, text) + raw_braces(path, text)
    problems += duplicate_titles(pages)
    problems += spelling(root, list(pages) + list(terms))
    return problems


def main() -> int:
    """Print every lint problem; exit 1 if there is any."""
    problems = run()
    for path, line, msg in problems:
        print(f"{path}:{line}: {msg}")
    print(f"content lints: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
