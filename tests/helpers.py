"""Small builders for the fast tests: a page or a glossary entry from text, checked as the build checks it."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from hypothesis import strategies as st

from macros.model import pages as pages_model
from macros.model.pages import Page
from macros.model.problems import Problem
from macros.model.rules import Rulebook
from macros.render import safe

TODAY = dt.date(2026, 11, 30)
FRONT = "---\ntitle: A page\ndescription: A page for a test.\nreviewed: 2026-11-01\nsources:\n  - label: 34 CFR 300.320\n---\n"


def lint(root: Path, monkeypatch, capsys, **environ: str) -> tuple[int, str]:
    """`python -m checks ROOT` (make lint), run in this process with the environment given (GITHUB_ACTIONS,
    GITHUB_STEP_SUMMARY): its exit code and what it printed. The same code as the command, without a second
    Python starting and reading every dictionary again; tests/test_translations.py runs the command itself."""
    from checks.site import main

    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(root)
    capsys.readouterr()
    code = main([str(root)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out


@functools.cache
def rulebook() -> Rulebook:
    """A rulebook whose data links may point at any '/...md' page (one for the test run: it keeps no state
    but its compiled schemas)."""
    def link(target: str) -> str:
        if not target.startswith("/") or not target.split("#")[0].endswith(".md"):
            raise safe.Unsafe(f"links to '{target}'; data text may link only to the site's own pages")
        return target
    return Rulebook(TODAY, link)


def page(tmp_path: Path, body: str, front: str = FRONT, src: str = "test/page.md") -> tuple[Page | None, list[Problem]]:
    """A page written to tmp_path and read back as the build reads it."""
    path = tmp_path / src
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front + body, encoding="utf-8")
    return pages_model.load(path, src, rulebook())


# Strings an attacker would try in any field: quotes, tags, script addresses, template syntax, control
# characters, Markdown tricks, mixed with random text.
HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(['"', "'", "<", ">", "&", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                     "javascript:alert(1)", "{{ 7*7 }}", "{% raw %}", "</title><script>", "]]>", "\u2028", "\x00",
                     "[x](javascript:alert(1))", "{: onclick=alert(1) }", "*[IEP]: x", "<!--", "&lt;script&gt;",
                     "' onmouseover='alert(1)", "https://example.org/)<svg/onload=alert(1)>", "x" * 5000]),
).flatmap(lambda s: st.lists(st.one_of(st.just(s), st.text(max_size=20)), min_size=1, max_size=4).map("".join))
