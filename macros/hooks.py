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


def on_post_build(config):
    """Make the search index compact (see macros.search_index), then forget the imported macros package
    so the next build (under `mkdocs serve`) uses fresh code."""
    if config is not None:  # on_build_error passes None
        importlib.import_module("macros.search_index").rewrite(config)
    for name in [n for n in sys.modules if n == "macros" or n.startswith("macros.")]:
        del sys.modules[name]


def on_build_error(error):
    """After a failed build too, forget the macros package so a fixed version loads next time."""
    on_post_build(None)


def on_page_content(html, page, config, files):
    """Tidy the rendered HTML of each page (see macros.build)."""
    return importlib.import_module("macros.build").unwrap_abbr_in_links(html)
