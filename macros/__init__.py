"""The site's macros (mkdocs-macros): term links, definitions, citations and the glossary pages.

Pages call them as {{ term("iep") }}, {{ define("iep") }}, {{ cite("34 CFR 300.301(c)(1)") }},
{{ state_note("34 CFR 300.301(c)(1)") }}, {{ glossary_index() }} and {{ glossary_entry("iep") }}.
The glossary is loaded and checked once per build by macros/hooks.py.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros import fastcalls, render, state
from macros.citations import CitationError
from macros.glossary import Source, Term


class MacroError(PluginError):
    """A macro call that the build cannot render; the message names the file, line and fix."""


def _where(env, needle: str) -> str:
    """'docs/page.md:LINE' for the first line of the current page that contains needle."""
    page = env.page
    src = page.file.src_uri if page else "?"
    path = Path(page.file.abs_src_path) if page and page.file.abs_src_path else None
    if path and path.exists():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return f"docs/{src}:{n}"
    return f"docs/{src}"


def _term(env, term_id: str, call: str) -> Term:
    terms = state.current().glossary.terms
    if term_id in terms:
        return terms[term_id]
    near = difflib.get_close_matches(term_id, list(terms), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
    raise MacroError(
        f"{_where(env, term_id)}: unknown glossary term '{term_id}' in {call}; {hint}"
        f"use the file name of an entry in glossary/ (without .yml), or add the term there"
    )


MACROS = ("term", "define", "cite", "state_note", "glossary_index", "glossary_entry")


def define_env(env) -> None:
    """Register the macros with mkdocs-macros."""

    @env.macro
    def term(term_id: str, text: str | None = None) -> str:
        """Link a glossary term; its short definition shows as a tooltip."""
        return render.term_link(_term(env, term_id, f'term("{term_id}")'), text)

    @env.macro
    def define(term_id: str) -> str:
        """Show a term's full definition as a callout."""
        return render.define_block(_term(env, term_id, f'define("{term_id}")'))

    @env.macro
    def cite(label: str) -> str:
        """Link a CFR or U.S.C. citation to the official text of its paragraph."""
        try:
            return render.cite_link(label)
        except CitationError as err:
            raise MacroError(f"{_where(env, label)}: {err}") from None

    @env.macro
    def state_note(label: str, extra: str = "") -> str:
        """Callout: this is the federal timeline, and a state may set its own."""
        try:
            return render.state_note(label, extra)
        except CitationError as err:
            raise MacroError(f"{_where(env, label)}: {err}") from None

    @env.macro
    def glossary_index() -> str:
        """The A–Z list of every term."""
        return render.glossary_index(state.current())

    @env.macro
    def glossary_entry(term_id: str) -> str:
        """The full entry of one term (used by the generated glossary pages)."""
        return render.glossary_entry(state.current(), _term(env, term_id, f'glossary_entry("{term_id}")'))


_CALL = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)")


def on_pre_page_macros(env) -> None:
    """Stop the build on a macro or variable name that does not exist, naming the line and the fix;
    then render the simple calls directly (see macros.fastcalls)."""
    known = set(env.macros) | set(env.variables) | set(env.filters)
    for n, line in enumerate(env.markdown.splitlines(), 1):
        for name in _CALL.findall(line):
            if name not in known:
                near = difflib.get_close_matches(name, sorted(env.macros), n=2, cutoff=0.5)
                hint = f"did you mean {' or '.join(repr(x) for x in near)}? " if near else ""
                raise MacroError(
                    f"{_where(env, name)}: unknown macro or variable '{name}'; "
                    f"{hint}the macros are {', '.join(MACROS)}. To show literal braces, "
                    "wrap the text in {% raw %}...{% endraw %}"
                )
    env.markdown = fastcalls.render(env.macros, env.markdown)
    if not fastcalls.needs_jinja(env.markdown):
        # Nothing is left for Jinja, so mkdocs-macros need not compile the page: its copy of the page
        # (not the page itself) gets render_macros: false, which the plugin reads before rendering.
        copy = env.variables["page"]
        copy.meta = {**copy.meta, "render_macros": False}


def on_post_page_macros(env) -> None:
    """Append the page's Sources (checked with its front matter, macros/pages.py), and the glossary's
    abbreviations that the page uses."""
    site = state.current()
    info = site.pages.get(env.page.file.src_uri)  # None for a generated glossary page
    if info and info.sources:
        env.markdown += render.sources_section(info.sources)
    env.markdown += render.abbreviations(site.glossary, env.markdown)


__all__ = ["define_env", "on_post_page_macros", "MacroError", "Source"]
