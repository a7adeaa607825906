"""Scaffold a new page or glossary term with the right structure and PLACEHOLDER text to replace.

  python -m scripts.new page evaluations/my-topic "How do you ...?"
  python -m scripts.new term my-term "my term"

The build stops, naming the file and line, until every PLACEHOLDER is replaced.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

PAGE = '''---
title: "{title}"
description: "PLACEHOLDER: one or two plain sentences, at most 160 characters, for search results"
reviewed: {today}
sources:
  - label: "PLACEHOLDER: the rule this page rests on, like 34 CFR 300.320(a)"
---

# {title}

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

TERM = '''term: {term}
short: "PLACEHOLDER: one plain sentence, at most 30 words"
definition: |
  PLACEHOLDER: one to three short paragraphs in plain words: what it is and why it matters to a family.
citations:
  - label: "PLACEHOLDER: the rule that defines it, like 34 CFR 300.320(a); or delete citations and set practice: true"
related: []
tags: [PLACEHOLDER]
reviewed: {today}
'''


def new_page(path: str, title: str) -> Path:
    """Create docs/<path>.md from the page template."""
    rel = path.removesuffix(".md")
    if not re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)*", rel):
        raise SystemExit(f"'{path}' is not a good page path; use lowercase words and dashes, like evaluations/my-topic")
    target = ROOT / "docs" / f"{rel}.md"
    if target.exists():
        raise SystemExit(f"docs/{rel}.md already exists; edit it instead")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(title=title.replace('"', "'"), today=dt.date.today().isoformat()), encoding="utf-8")
    print(f"created docs/{rel}.md\nnext: replace every PLACEHOLDER, then add it to 'nav' in mkdocs.yml, e.g.\n"
          f"      - {title}: {rel}.md")
    return target


def new_term(term_id: str, term: str) -> Path:
    """Create glossary/<id>.yml from the term template."""
    if not ID_RE.match(term_id):
        raise SystemExit(f"'{term_id}' is not a valid term id; use lowercase words and dashes, like prior-written-notice")
    target = ROOT / "glossary" / f"{term_id}.yml"
    if target.exists():
        raise SystemExit(f"glossary/{term_id}.yml already exists; edit it instead")
    target.write_text(TERM.format(term=term, today=dt.date.today().isoformat()), encoding="utf-8")
    print(f"created glossary/{term_id}.yml\nnext: replace every PLACEHOLDER, then link it from a page with "
          f'{{{{ term("{term_id}") }}}}')
    return target


def main(argv: list[str]) -> int:
    """Dispatch 'page PATH TITLE' or 'term ID TERM'."""
    if len(argv) != 3 or argv[0] not in ("page", "term") or not all(a.strip() for a in argv[1:]):
        print(__doc__)
        return 2
    (new_page if argv[0] == "page" else new_term)(argv[1], argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
