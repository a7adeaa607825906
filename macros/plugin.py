"""The site's only entry from MkDocs (mkdocs.yml: hooks): each event hands its work to the build's Engine.

mkdocs-macros is the macro front end (macros/__init__.py): it calls into the same Engine for each page.
"""
from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def _engine(config):
    return importlib.import_module("macros.engine").Engine.of(config)


def on_config(config):
    """Make the build's engine (it reads mkdocs.yml's settings) and keep it with the config."""
    engine = importlib.import_module("macros.engine")
    config[engine.KEY] = engine.Engine(config, dt.date.today())
    return config


def on_files(files, config):
    """Check everything (the build stops on any problem) and add the generated glossary pages."""
    return _engine(config).add_files(files, config)


def on_env(env, config, files):
    """Give the theme's templates the Python-rendered navigation, the site's words and its languages; start
    the embed views (every page's Markdown is rendered by now)."""
    engine = _engine(config)
    engine.install_templates(env)
    engine.start_embeds(files, config)
    return env


def on_page_markdown(markdown, page, config, files):
    """After the macros: the page's title and description, escaped for the theme."""
    _engine(config).theme_meta(page)
    return markdown


def on_page_content(html, page, config, files):
    """Put the macros' HTML back into the rendered page."""
    return _engine(config).page_content(html, page)


def on_page_context(context, page, config, nav):
    """Record the page's search entry; write its embed views and give its template their data."""
    return _engine(config).page_context(context, page, config)


def on_post_page(output, page, config):
    """Give the page its Content Security Policy."""
    return _engine(config).post_page(output, page, config)


def on_serve(server, config, builder):
    """`mkdocs serve` watches the other languages' pages and config files too (they build with this one)."""
    _engine(config).watch(server)
    return server


def on_post_template(output_content, template_name, config):
    """The theme's own pages (404.html) get the Content Security Policy too."""
    if not template_name.endswith(".html"):
        return output_content
    return _engine(config).with_policy(output_content, f"the theme template {template_name}", from_template=True)


def on_post_build(config):
    """Write glossary.json and the search index; then forget the code, so `mkdocs serve` reloads edits."""
    try:
        _engine(config).finish(config)
    finally:
        importlib.import_module("macros.engine").forget_code()


def on_build_error(error):
    """After a failed build, forget the code too."""
    if "macros.engine" in sys.modules:
        sys.modules["macros.engine"].forget_code()
