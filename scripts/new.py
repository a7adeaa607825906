"""Scaffold a new page or glossary term with the right structure and PLACEHOLDER text to replace.

  python -m scripts.new page evaluations/my-topic "How do you ...?"   (make new-page PAGE=... TITLE=...)
  python -m scripts.new term my-term "my term"                        (make new-term ID=... TERM=...)

The title and the term are written with a YAML library, so quotes, colons, '&', '#' or 'yes' read back
exactly as typed. An existing file is never overwritten. The build stops, naming the file and line,
until every PLACEHOLDER is replaced.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.grammar import is_id, name_problem, text_problem  # noqa: E402  (the id rule the build checks; page paths use it per folder)

USAGE = """usage: make new-page PAGE=evaluations/my-topic TITLE="How do you ...?"
       make new-term ID=my-term TERM="my term\""""
JINJA = ("{{", "{%", "{#")

PAGE_BODY = '''
# {heading}

!!! abstract "In short"

    - PLACEHOLDER: first key point, in one short sentence.
    - PLACEHOLDER: second key point.
    - PLACEHOLDER: third key point.

## PLACEHOLDER: a question a parent asks?

PLACEHOLDER: answer it in short sentences. Link the first use of each glossary term, like
{{{{ term("iep") }}}}, and cite the rule after each legal statement, like {{{{ cite("34 CFR 300.320(a)") }}}}.
Put {{{{ state_note("34 CFR 300.301(c)(1)") }}}} on its own line after any deadline.

!!! question "Questions to ask"

    - PLACEHOLDER: a question a family could ask the school.

## Where can you read more?

- PLACEHOLDER: link two related pages, like [what an IEP is](../iep/what-is-an-iep.md).
'''


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with lists indented under their field as the site's files write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def dump(data: object) -> str:
    """YAML for data, quoted wherever YAML needs it, one line per value (no wrapping)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=float("inf"))


def heading(title: str) -> str:
    """The title as Markdown heading text: it renders as typed, and Jinja sees no braces in it."""
    text = re.sub(r"([\\`*_\[\]#!])", r"\\\1", html.escape(title, quote=False))
    return text.replace("{", "&#123;").replace("}", "&#125;")


def _one_line(what: str, value: str) -> str:
    """Refuse a title or term that is blank, spans lines, or holds template code."""
    if not value.strip():
        raise SystemExit(f"{what} is empty; give it after the make command, like {what}=\"...\"")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        raise SystemExit(f"{what} {value!r} holds a line break or control character; write it on one line")
    if any(j in value for j in JINJA):
        raise SystemExit(f"{what} {value!r} holds '{{{{', '{{%' or '{{#', which the site's macros read as code; leave them out")
    if why := (name_problem if what == "TERM" else text_problem)(value):
        raise SystemExit(f"{what} {value!r} {why}")
    return value


def _create(target: Path, folder: str, text: str) -> None:
    """Write a new file inside ROOT/folder; never overwrite one, never write outside the folder."""
    rel = target.relative_to(ROOT).as_posix()
    if not target.resolve().is_relative_to((ROOT / folder).resolve()):
        raise SystemExit(f"{rel} would be written outside {folder}/ (a link leads out of it); choose another path")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise SystemExit(f"{rel} already exists; edit it instead, or choose another name") from None
    except OSError as err:
        raise SystemExit(f"{rel} cannot be created ({err.strerror}); choose another path") from None


def new_page(path: str, title: str) -> Path:
    """Create docs/<path>.md from the page template."""
    rel = path.removesuffix(".md")
    if not all(is_id(part) for part in rel.split("/")):
        raise SystemExit(f"PAGE {path!r} is not a page path; use folders and a name of lowercase words and dashes "
                         "inside docs/, like evaluations/my-topic")
    title = _one_line("TITLE", title)
    for twin in (f"{rel}.md", f"{rel}/index.md"):
        if (ROOT / "docs" / twin).exists():
            raise SystemExit(f"docs/{twin} already exists (the same page); edit it instead, or choose another PAGE")
    front = {
        "title": title,
        "description": "PLACEHOLDER: one or two plain sentences, at most 160 characters, for search results",
        "reviewed": dt.date.today(),
        "sources": [{"label": "PLACEHOLDER: the rule this page rests on, like 34 CFR 300.320(a)"}],
    }
    target = ROOT / "docs" / f"{rel}.md"
    _create(target, "docs", f"---\n{dump(front)}---\n" + PAGE_BODY.format(heading=heading(title)))
    nav = "".join(f"      {line}\n" for line in dump([{title: f"{rel}.md"}]).splitlines())
    print(f"created docs/{rel}.md\nnext: replace every PLACEHOLDER, then add it to 'nav' in mkdocs.yml, e.g.\n{nav}", end="")
    return target


def new_term(term_id: str, term: str) -> Path:
    """Create glossary/<id>.yml from the term template."""
    if not is_id(term_id):
        raise SystemExit(f"ID {term_id!r} is not a valid term id; use lowercase words and dashes, like prior-written-notice")
    entry = {
        "term": _one_line("TERM", term),
        "short": "PLACEHOLDER: one plain sentence, at most 30 words",
        "definition": "PLACEHOLDER: one to three short paragraphs in plain words: what it is and why it matters to a family.",
        "citations": [{"label": "PLACEHOLDER: the rule that defines it, like 34 CFR 300.320(a); or delete citations and set practice: true"}],
        "related": [],
        "tags": ["PLACEHOLDER"],
        "reviewed": dt.date.today(),
    }
    target = ROOT / "glossary" / f"{term_id}.yml"
    _create(target, "glossary", dump(entry))
    print(f"created glossary/{term_id}.yml\nnext: replace every PLACEHOLDER, then link it from a page with "
          f'{{{{ term("{term_id}") }}}}')
    return target


def main(argv: list[str]) -> int:
    """Dispatch 'page PATH TITLE' or 'term ID TERM'."""
    if len(argv) != 3 or argv[0] not in ("page", "term"):
        print(USAGE, file=sys.stderr)
        return 2
    (new_page if argv[0] == "page" else new_term)(argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
