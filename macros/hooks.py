"""MkDocs hooks: thin wrappers that call macros.build, so `mkdocs serve` reloads the logic on edits."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def on_files(files, config):
    """Check the glossary and front matter, index the site and add the generated glossary pages."""
    return importlib.import_module("macros.build").prepare(files, config)


def _forget_macros() -> None:
    """Forget the imported macros package so the next build (under `mkdocs serve`) uses fresh code."""
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]


def on_post_build(config):
    """Wait for the embed views, write glossary.json and its schema (see macros.glossary_json) and the
    compact search index, then forget the macros package."""
    importlib.import_module("macros.embed_views").WRITER.finish()
    importlib.import_module("macros.glossary_json").write(config)
    importlib.import_module("macros.search_index").rewrite(config)
    _forget_macros()


def on_build_error(error):
    """After a failed build too, stop the embed-view worker and forget the macros package so a fixed
    version loads next time."""
    if "macros.embed_views" in sys.modules:
        sys.modules["macros.embed_views"].WRITER.close()
    _forget_macros()


def on_page_context(context, page, config, nav):
    """Record the page's search entry (see macros.search_index) and give the page template its embed
    snippets and oEmbed address (see macros.embed)."""
    importlib.import_module("macros.search_index").record(page)
    return importlib.import_module("macros.embed").add_to_context(context, page, config)


def on_post_page(output, page, config):
    """Have the page's embed view, oEmbed file and term card written from its built HTML (see macros.embed_views)."""
    return importlib.import_module("macros.embed_views").write_page_view(output, page, config)


def on_page_content(html, page, config, files):
    """Tidy the rendered HTML of each page (see macros.build); the site indexes it for search itself
    (see macros.search_index)."""
    importlib.import_module("macros.search_index").hand_over(page)
    return importlib.import_module("macros.build").unwrap_abbr_in_links(html)


def on_env(env, config, files):
    """Give the theme's templates the Python-rendered navigation (see macros.navigation)."""
    importlib.import_module("macros.navigation").install(env, config)
    return env
