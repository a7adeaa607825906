"""Style lints for editors: headings, alt text, link text, leftovers, duplicate titles and spelling.

Each lint takes a file's path and text and returns (file, line, message); `rules()` runs them all over
the site for the checker (checks/site.py).
"""
from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from macros.grammar import MACROS
from macros.model.problems import Problem
from macros.model.site import Site

ROOT = Path(__file__).resolve().parents[1]
WORDS_FILE = ".codespell-words"
WORDS_FILE_ES = ".codespell-words-es"  # Spanish words codespell's English list takes for misspellings
_FENCE = re.compile(r"^\s*(```|~~~)")
Found = tuple[str, int, str]  # (file, line, message)


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


def headings(path: str, text: str) -> list[Found]:
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


def images(path: str, text: str) -> list[Found]:
    """Every image has alt text."""
    problems = []
    for n, line, code in _lines(text):
        if code:
            continue
        if re.search(r"!\[\s*\]\(", line):
            problems.append((path, n, "image has no alt text; describe it inside the brackets: ![What the image shows](file.png)"))
        for tag in re.findall(r"<img\b[^>]*>", _CODE_SPAN.sub("", line)):
            if not re.search(r'\balt="[^"]+"', tag):
                problems.append((path, n, 'raw <img> has no alt text; add alt="what the image shows"'))
    return problems


def link_text(path: str, text: str) -> list[Found]:
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


def leftovers(path: str, text: str) -> list[Found]:
    """No TODO, FIXME or placeholder left in the page."""
    problems = []
    for n, line, _ in _lines(text):
        if m := re.search(r"\b(TODO|FIXME|TBD|XXX)\b|PLACEHOLDER|placeholder\(", line):
            problems.append((path, n, f"leftover '{m[0].rstrip('(')}'; finish or remove it before publishing"))
    return problems


_TAG = re.compile(r"<([A-Za-z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>", re.S)
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_CODE_SPAN = re.compile(r"`[^`]*`|\{\{.*?\}\}")  # code, and macro calls (whose text is shown escaped)
NEVER_IN_PAGES = {"object", "embed", "applet", "base", "meta", "link", "style", "form", "frame", "frameset", "svg", "math"}
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


def raw_html(path: str, text: str) -> list[Found]:
    """Raw HTML in a page may show content, never run code: no inline script or event attribute, no script
    address, no tag that loads or redirects (object, embed, base, meta, link, style, form, svg...)."""
    problems = []
    for n, line, code in _lines(text):
        if code:
            continue
        for m in _TAG.finditer(_CODE_SPAN.sub("", line)):
            tag, attrs = m[1].lower(), {a.lower(): (v or "").strip("\"'") for a, v in _ATTR.findall(m[2])}
            if tag in NEVER_IN_PAGES:
                problems.append((path, n, f"raw <{tag}> is not allowed in a page; write Markdown, or ask for a macro that makes it"))
            elif tag == "script" and not attrs.get("src", "").startswith(("../", "./", "assets/")):
                problems.append((path, n, "raw <script> is not allowed in a page (only the site's own script files, "
                                          "by a relative src); put behaviour in docs/assets/javascripts/"))
            for name, value in attrs.items():
                if name.startswith("on"):
                    problems.append((path, n, f"raw <{tag}> has an event attribute '{name}'; remove it: pages run no inline code"))
                elif name in ("href", "src", "action", "formaction", "srcdoc") and (name == "srcdoc" or _SCRIPT_URL.match(value)):
                    problems.append((path, n, f"raw <{tag}> has {name}='{value[:40]}', which runs code or hides content; "
                                              "link to a page or file of the site, or an https address"))
    return problems


def duplicate_titles(site: Site) -> list[Problem]:
    """No two pages share a title."""
    seen: dict[str, list[str]] = defaultdict(list)
    for page in site.pages.values():
        seen[page.title.strip().lower()].append(page.file)
    return [Problem(files[1], 2, f"title '{t}' is also used by {files[0]}; give each page its own title")
            for t, files in seen.items() if len(files) > 1]


def spelling(root: Path, files: list[str]) -> list[Found]:
    """codespell over the pages and glossary, with the project's word lists (legal terms; Spanish words)."""
    if not files:
        return []
    cmd = [sys.executable, "-m", "codespell_lib", "--quiet-level", "3"]
    if lists := [str(root / name) for name in (WORDS_FILE, WORDS_FILE_ES) if (root / name).exists()]:
        cmd += ["--ignore-words", ",".join(lists)]
    proc = subprocess.run(cmd + files, cwd=root, capture_output=True, text=True)
    problems = []
    for line in proc.stdout.splitlines():
        if m := re.match(r"^(.+?):(\d+): (\S+) ==> (.+)$", line):
            problems.append((m[1], int(m[2]), f"possible misspelling '{m[3]}' (did you mean {m[4]}?); fix it, or add the word to {WORDS_FILE} "
                                               f"(or {WORDS_FILE_ES}, for a Spanish word) if it is right"))
    return problems


PAGE_LINTS = (headings, images, link_text, leftovers, raw_html)
_CALL_ARGS = re.compile(r"\{\{\s*(?:" + "|".join(MACROS) + r")\(([^)]*)\)")


def _in_call(word: str, line: str) -> bool:
    """Whether a word flagged by the spelling lint is an argument of a macro call (an id the build
    checks itself, with its own 'did you mean')."""
    return any(word in args for args in _CALL_ARGS.findall(line))


def rules(site: Site, spelling_check: bool = True) -> list[Problem]:
    """Every lint over the pages, the glossary files and the letters."""
    root = site.settings.root
    problems: list[Problem] = []
    for page in site.pages.values():
        for lint in PAGE_LINTS:
            problems += [Problem(*p) for p in lint(page.file, page.text)]
    terms = {t.file: (root / t.file).read_text(encoding="utf-8") for t in site.glossary.terms.values()}
    terms |= {letter.file: (root / letter.file).read_text(encoding="utf-8") for letter in site.letters.letters.values()}
    for file, text in terms.items():
        problems += [Problem(*p) for p in leftovers(file, text)]
    problems += duplicate_titles(site)
    if spelling_check:
        texts = {page.file: page.text for page in site.pages.values()} | terms
        for file, line, msg in spelling(root, sorted(texts)):
            word = msg.split("'")[1]
            if not _in_call(word, texts[file].splitlines()[line - 1]):
                problems.append(Problem(file, line, msg))
    return problems
