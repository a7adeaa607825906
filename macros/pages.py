"""Page front matter: read and validate it for every docs/ page, and find the terms each page links."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from macros.citations import CitationError, parse
from macros.dates import reviewed_problem
from macros.glossary import Source, check_sources, line_of, load_yaml
from macros.placeholders import placeholders
from macros.state import PageInfo

REQUIRED = {"title", "description", "reviewed", "sources"}
OPTIONAL = {"hide", "search", "render_macros", "template", "embed"}
DESCRIPTION_MAX = 160
_FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)
TERM_CALL = re.compile(r"""\bterm\(\s*["']([^"']+)["']""")
CITE_CALL = re.compile(r"""\b(?:cite|state_note)\(\s*["']([^"']+)["']""")


def front_matter(text: str) -> tuple[dict | None, str | None]:
    """Parse a page's YAML front matter; return (data, error message)."""
    m = _FRONT.match(text)
    if not m:
        return None, "has no front matter; start the file with '---', the fields title, description, reviewed and sources, then '---'"
    try:
        data = load_yaml(m[1]) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark else ""
        return None, f"front matter is not valid YAML{line} ({getattr(err, 'problem', err)}); quote values that contain ': '"
    if not isinstance(data, dict):
        return None, "front matter must be fields like 'title: ...'"
    return data, None


def check_page(path: Path, src: str, today: dt.date) -> tuple[PageInfo | None, list[str]]:
    """Validate one page's front matter; return its info and the problems found."""
    text = path.read_text(encoding="utf-8")
    where = f"docs/{src}"
    data, err = front_matter(text)
    if err:
        return None, [f"{where}:1: {err}"]
    assert data is not None

    def at(key: str) -> str:
        return f"{where}:{line_of(text, key)}: front matter field '{key}'"

    problems = placeholders(where, text)
    problems += [f"{at(k)} is not allowed; allowed fields are {sorted(REQUIRED | OPTIONAL)}" for k in sorted(set(data) - REQUIRED - OPTIONAL)]
    problems += [f"{where}:1: front matter is missing '{k}'; add it (see CONTRIBUTING.md, 'Page front matter')" for k in sorted(REQUIRED - set(data))]
    title, desc = data.get("title"), data.get("description")
    if "title" in data and (not isinstance(title, str) or not title.strip()):
        problems.append(f"{at('title')} must be text: the question the page answers")
    if "description" in data:
        if not isinstance(desc, str) or not desc.strip():
            problems.append(f"{at('description')} must be text of at most {DESCRIPTION_MAX} characters")
        elif len(" ".join(desc.split())) > DESCRIPTION_MAX:
            problems.append(f"{at('description')} has {len(' '.join(desc.split()))} characters; shorten it to at most {DESCRIPTION_MAX}")
    if "reviewed" in data and (why := reviewed_problem(data["reviewed"], today)):
        problems.append(f"{at('reviewed')} {why}")
    sources: list[Source] = []
    if "sources" in data:
        if not data["sources"]:
            problems.append(f"{at('sources')} is empty; list the regulation or statute paragraphs the page rests on")
        else:
            sources, more = check_sources(data["sources"], at("sources"))
            problems += more
    terms: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        for tid in TERM_CALL.findall(line):
            terms.setdefault(tid, n)
        for label in CITE_CALL.findall(line):
            try:
                parse(label)
            except CitationError as err:
                problems.append(f"{where}:{n}: {err}")
    info = PageInfo(src=src, title=str(title or src), terms=terms,
                    description=" ".join(desc.split()) if isinstance(desc, str) else "", sources=sources)
    return info, problems
