"""The engine of one build: made once from mkdocs.yml and the data, then handed every MkDocs event.

The way of a term id, from data to the reader:
glossary/<id>.yml -> macros/model/glossary.py (read, checked against the rulebook) -> macros/model/site.py
(with the pages and their calls) -> checks/site.py (every rule, before anything renders) -> here, per page:
macros/render/pages.py renders each {{ term("<id>") }} of the page (the parsed call from
macros/grammar.py) into a link whose tooltip is the short definition, escaped by macros/render/safe.py
and held in the page's stash (macros/render/stash.py) while Markdown renders the rest -> the link is put
back into the page's HTML -> Material shows the tooltip.

No module keeps state between builds or pages: everything a build knows lives on its Engine, which
macros/plugin.py creates in on_config and finds again through the config every event receives.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from checks.site import check
from macros.model.problems import SiteProblems
from macros.model.site import Site
from macros.outputs import addresses, csp, embed, embed_views, glossary_json, structured_data
from macros.outputs.search_index import SearchIndex
from macros.render import safe
from macros.render.navigation import Navigation, check_features
from macros.render.pages import PageRenderer
from macros.render.stash import Stash
from macros.settings import Settings

KEY = "iep_engine"


class Engine:
    """Everything one build knows, and what it does at each step."""

    def __init__(self, config, today: dt.date) -> None:
        if not config.get("use_directory_urls", True):
            raise PluginError("mkdocs.yml: the site needs 'use_directory_urls: true' (the default): embed views "
                              "and stable addresses are folders")
        self.settings = Settings.from_mkdocs(config)
        if not self.settings.site_url:
            raise PluginError("mkdocs.yml: set 'site_url'; embed snippets, oEmbed files and glossary.json need the "
                              "site's absolute address")
        check_features(self.settings.features)
        self.today = today
        self.site: Site | None = None
        self.navigation = Navigation()
        self.views: embed_views.Views | None = None
        self._stashes: dict[str, Stash] = {}
        self._search: SearchIndex | None = None

    @staticmethod
    def of(config) -> "Engine":
        """The engine of the build that config belongs to."""
        engine = config.get(KEY) if hasattr(config, "get") else None
        if engine is None:
            raise PluginError("mkdocs.yml: the site's engine is not set up; keep 'hooks: [macros/plugin.py]' in mkdocs.yml")
        return engine

    @property
    def data(self) -> Site:
        if self.site is None:
            raise PluginError("the site's data is not loaded yet (on_files has not run)")
        return self.site

    @property
    def search(self) -> SearchIndex:
        if self._search is None:
            self._search = SearchIndex(self.data)
        return self._search

    # Before rendering ----------------------------------------------------------------------------
    def add_files(self, files: Files, config) -> Files:
        """Run every check; stop the build on any problem; then add one generated page per term."""
        site, problems = check(self.settings, self.today)
        if problems:
            raise SiteProblems(problems)
        self.site = site
        for t in site.glossary.terms.values():
            front = {"title": t.title, "description": safe.plain(t.short), "reviewed": t.reviewed}
            content = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items()) + "---\n"
            files.append(File.generated(config, t.src, content=content))
        return files

    def install_navigation(self, env) -> None:
        self.navigation.install(env, self.settings.features)

    def install_templates(self, env) -> None:
        """Keep the theme's template environment: the embed views are rendered with it."""
        self.views = embed_views.Views(env)

    # Each page -----------------------------------------------------------------------------------
    def renderer(self, page) -> PageRenderer:
        """The renderer of a page's macro calls, whose HTML waits in the page's stash."""
        stash = self._stashes.setdefault(page.file.src_uri, Stash())
        return PageRenderer(self.data, page.url, stash)

    def page_markdown(self, page) -> str:
        """The page's Markdown with every macro call rendered."""
        renderer = self.renderer(page)
        src = page.file.src_uri
        if src in self.data.pages:
            return renderer.page(self.data.pages[src])
        term = embed.term_of(page, self.data)
        if term is None:
            raise PluginError(f"docs/{src}: the engine has no data for this page")
        return renderer.term_page(term)

    def theme_meta(self, page) -> None:
        """The page's title and description as escaped Markup: Material prints them without escaping."""
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
                page.meta[key] = safe.text(" ".join(page.meta[key].split()))

    def page_content(self, html: str, page) -> str:
        """The page's HTML with its stashed macro output put back."""
        try:
            html = self._stashes.pop(page.file.src_uri, Stash()).restore(html)
        except ValueError as err:
            raise PluginError(f"docs/{page.file.src_uri}: {err}; keep each macro call on a line with plain text around it") from None
        self.search.hand_over(page)
        return html

    def page_context(self, context: dict, page, config) -> dict:
        """Record the page's search entry; give the template its structured data and Open Graph tags; write
        its embed views (from the article MkDocs made, page.content) and give the template their data."""
        self.search.record(page)
        context.update(structured_data.context(page, self.data, embed.term_of(page, self.data)))
        info = embed.page_embed(page, self.settings, self.data)
        if info is not None:
            if self.views is None:
                raise PluginError("the theme's templates are not set up yet (on_env has not run)")
            term = self.data.glossary.terms.get(info.term_id) if info.term_id else None
            card = None
            if term:
                renderer = PageRenderer(self.data, page.url, Stash())
                new = self.data.glossary.terms[term.replaced_by] if term.replaced_by else None
                card = embed_views.Card(term.title, renderer.short(term), renderer.tooltip(term), (
                    new.title, embed_views.rebase(renderer.term_href(new.id), page.url, info.card.path)) if new else None)
            where = f"{term.file} (page /{info.page_path})" if term else f"docs/{page.file.src_uri}"
            info = self.views.write(context, page, info, Path(config["site_dir"]), page.content, card, where)
        context["embed"] = info
        return context

    def post_page(self, output: str, page, config) -> str:
        """Give the page its Content Security Policy."""
        return self.with_policy(output, f"docs/{page.file.src_uri}")

    def with_policy(self, output: str, where: str) -> str:
        """A built page with its Content Security Policy (macros/outputs/csp.py)."""
        try:
            return csp.add(output)
        except ValueError as err:
            raise PluginError(f"{where}: {err}; check overrides/main.html") from None

    # After rendering -----------------------------------------------------------------------------
    def finish(self, config) -> None:
        """Write glossary.json, its schema, the search index and the stubs of moved pages (redirects.yml)."""
        site_dir = Path(config["site_dir"])
        glossary_json.write(self.data.glossary, self.settings, site_dir)
        try:
            addresses.write_stubs(self.data, site_dir, config["theme"].get("language") or "en", config["theme"].get("favicon"))
        except ValueError as err:
            raise PluginError(f"{err}; see macros/outputs/addresses.py") from None
        self.search.write(site_dir)


def forget_code() -> None:
    """Forget the imported engine so the next build under `mkdocs serve` runs edited code."""
    for name in [n for n in sys.modules if n.split(".")[0] in ("macros", "checks")]:
        del sys.modules[name]
