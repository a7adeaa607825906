"""The macro front end (mkdocs-macros): the macros a page may call, rendered by the build's Engine.

Pages call {{ term("iep") }}, {{ term("iep", "link text") }}, {{ define("iep") }},
{{ cite("34 CFR 300.301(c)(1)") }}, {{ state_note("34 CFR 300.301(c)(1)", "extra sentence") }},
{{ fact("evaluation-days") }} and {{ glossary_index() }}. Only these names, with text in quotes, are
allowed (macros/grammar.py); the Engine renders every call itself, so Jinja never evaluates an editor's
text: each page is handed to mkdocs-macros with nothing left for it to render.
"""
from __future__ import annotations


def define_env(env) -> None:
    """Register the macros, so mkdocs-macros lists them; each renders through the build's Engine."""
    from macros.grammar import MACROS

    for name in MACROS:
        env.macro(_through_engine(env, name), name)


def _through_engine(env, name: str):
    def macro(*args: str) -> str:
        from macros.engine import Engine
        from macros.grammar import Call

        return Engine.of(env.conf).renderer(env.page).call(Call(name, args, 0, f"{name}(...)"))
    macro.__name__ = name
    return macro


def on_pre_page_macros(env) -> None:
    """Render the page (or generated glossary page) through the Engine; leave Jinja nothing to do."""
    from macros.engine import Engine

    env.markdown = Engine.of(env.conf).page_markdown(env.page)
    copy = env.variables["page"]
    copy.meta = {**copy.meta, "render_macros": False}
