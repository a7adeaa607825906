"""The engine of one build: made once from mkdocs.yml and the data, then handed every MkDocs event.

The way of a term id, from data to the reader:
glossary/<id>.yml -> macros/model/glossary.py (read, checked against the rulebook) -> macros/model/site.py
(with the pages and their calls) -> checks/site.py (the data's rules before anything renders, the
content rules beside the rendering) -> here, per page:
macros/render/pages.py renders each {{ term("<id>") }} of the page (the parsed call from
macros/grammar.py) into a link that carries the short definition, escaped by macros/render/safe.py
and held in the page's stash (macros/render/stash.py) while Markdown renders the rest -> the link is put
back into the page's HTML -> assets/javascripts/glossary-popover.js shows it on hover, focus and tap.

No module keeps state between builds or pages: everything a build knows lives on its Engine, which
macros/plugin.py creates in on_config and finds again through the config every event receives.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from checks.site import Pending, start
from macros import build_folder
from macros.forked import Ahead, Failed
from macros.model.problems import SiteProblems
from macros.model.site import Site
from macros.outputs import addresses, assets, csp, editions, embed, embed_views, glossary_json, provenance, structured_data, tables
from macros.outputs.marks import Marks
from macros.outputs import letters as letter_files
from macros.outputs import search_index
from macros.outputs.search_index import SearchIndex
from macros.render import letters as letter_page
from macros.render import safe, scripts
from macros.render.navigation import Navigation, check_features
from macros.render.pages import PageRenderer, Renderings
from macros.render.stash import Stash
from macros.settings import Settings, SettingsError
from macros.words import script_words, words

KEY = "iep_engine"


class Engine:
    """Everything one build knows, and what it does at each step."""

    def __init__(self, config, today: dt.date) -> None:
        if not config.get("use_directory_urls", True):
            raise PluginError("mkdocs.yml: the site needs 'use_directory_urls: true' (the default): embed views "
                              "and stable addresses are folders")
        try:
            self.settings = Settings.from_mkdocs(config)
        except SettingsError as err:
            raise PluginError(f"{Path(config['config_file_path']).name}: {err}") from None
        if why := build_folder.problem(str(config["site_dir"]), self.settings.root, name="site_dir"):
            raise PluginError(f"mkdocs.yml or -d: {why}")
        if not self.settings.site_url:
            raise PluginError("mkdocs.yml: set 'site_url'; embed snippets, oEmbed files and glossary.json need the "
                              "site's absolute address")
        check_features(self.settings.features)
        said = words(self.settings.language)
        config["mdx_configs"].setdefault("toc", {})["permalink_title"] = said["permalink_title"]
        for palette in config["theme"]["palette"] or []:  # the colour switch's name, in the page's language
            if isinstance(palette, dict) and isinstance(palette.get("toggle"), dict):
                palette["toggle"]["name"] = said["to_light" if palette.get("scheme") == "slate" else "to_dark"]
        if len(self.settings.editions) > 1:
            # Material includes partials/alternate.html (the site's language switch) when extra.alternate
            # is set. True, not a list: each page names its own alternates (main.html), not the home pages.
            config["extra"]["alternate"] = True
        self.editions = editions.Builds(self.settings, Path(config["site_dir"]), bool(config["strict"]))
        self.today = today
        self.site: Site | None = None
        self.renderings: Renderings | None = None
        self._rules: Pending | None = None
        self.navigation = Navigation()
        self.views: embed_views.Views | None = None
        self._embeds: Ahead[embed.PageEmbed | None] | None = None
        self._embeds_for: set[str] = set()  # the pages whose embed views are made ahead
        self._stashes: dict[str, Stash] = {}
        self.provenance = provenance.Provenance()
        self._search: SearchIndex | None = None
        self._marks: Marks | None = None

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

    @property
    def marks(self) -> Marks:
        if self._marks is None:
            self._marks = Marks(self.data.glossary, self.data.tooltips)
        return self._marks

    # Before rendering ----------------------------------------------------------------------------
    def add_files(self, files: Files, config) -> Files:
        """Check the data and stop the build on any problem; start the content rules beside the rendering
        (finish waits for them); then add one generated page per term."""
        (site, problems, self.renderings), self._rules = start(self.settings, self.today)
        if problems:
            raise SiteProblems(problems)
        self.site = site
        if self.settings.translation_of:
            self._add_shared_files(files, config)
        for t in site.glossary.terms.values():
            front = {"title": t.title, "description": site.tooltips[t.id], "reviewed": t.reviewed}
            content = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items()) + "---\n"
            files.append(File.generated(config, t.src, content=content))
        return files

    def _add_shared_files(self, files: Files, config) -> None:
        """A translated edition uses the original's stylesheets, scripts and images (its docs folder
        holds only the translated pages): they are copied into this build too."""
        original = self.settings.translation_of
        for path in sorted(original.rglob("*")):
            rel = path.relative_to(original).as_posix()
            if path.is_file() and path.suffix != ".md" and not any(p.startswith(".") for p in rel.split("/")) \
                    and files.get_file_from_path(rel) is None:
                files.append(File(rel, str(original), config["site_dir"], config["use_directory_urls"]))

    def install_templates(self, env) -> None:
        """Give the theme's templates what they print from Python: the navigation, the site's own words in
        the build's language (macros/words.py), the search worker's path, the scripts' preload links
        (macros/render/scripts.py) and each page in the site's other languages; keep the environment,
        which renders the embed views."""
        self.navigation.install(env, self.settings.features)
        env.globals["iep_words"] = words(self.settings.language)
        env.globals["iep_script_words"] = script_words(self.settings.language)
        env.globals["iep_search_worker"] = search_index.WORKER
        env.globals["iep_after_paint"] = scripts.after_paint
        env.globals["iep_editions"] = functools.partial(editions.links, self.settings)
        self.views = embed_views.Views(env)  # the embed views are rendered with the theme's environment

    def start_embeds(self, files: Files, config) -> None:
        """Every page's Markdown is rendered now: make their embed views in a second process
        (macros/forked.py), in the order MkDocs builds the pages, while it builds them; page_context takes
        each page's."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self._embeds_for = {p.file.src_uri for p in pages}
        self._embeds = Ahead(functools.partial(self._embeds_of, pages, config), expected=(PluginError,))

    def _embeds_of(self, pages: list, config) -> Iterator[tuple[str, embed.PageEmbed | None]]:
        for page in pages:
            yield page.file.src_uri, self.embed_of(page, config)

    def watch(self, server) -> None:
        """Under `mkdocs serve`: rebuild when another language's pages or config file change."""
        for e in self.settings.other_editions:
            server.watch(str(self.settings.root / e.config_file))
            other = Settings.from_config_file(self.settings.root, self.settings.root / e.config_file)
            server.watch(str(other.docs_dir))

    # Each page -----------------------------------------------------------------------------------
    def renderer(self, page) -> PageRenderer:
        """The renderer of a page's macro calls, whose HTML waits in the page's stash."""
        stash = self._stashes.setdefault(page.file.src_uri, Stash())
        return PageRenderer(self.data, page.url, stash)

    def page_markdown(self, page) -> str:
        """The page's Markdown with every macro call rendered (a docs page as the checker rendered it);
        where each of its links is written."""
        src = page.file.src_uri
        if src in self.data.pages:
            done = self.renderings.page(src)
            self._stashes[src] = done.stash
            markdown, source, links = done.markdown, f"{self.settings.docs_folder}/{src}", done.links
        elif term := embed.term_of(page, self.data):
            renderer = self.renderer(page)
            markdown, source, links = renderer.term_page(term), term.file, renderer.links
        else:
            raise PluginError(f"docs/{src}: the engine has no data for this page")
        self.provenance.page(provenance.built(page.url), source, links)
        return markdown

    def theme_meta(self, page) -> None:
        """The page's title and description as escaped Markup: Material prints them without escaping."""
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
                page.meta[key] = safe.text(" ".join(page.meta[key].split()))

    def page_content(self, html: str, page) -> str:
        """The page's HTML with its stashed macro output put back, and the marks its scripts and styles read
        (macros/outputs/marks.py: glossary data on abbreviations, column labels on table cells)."""
        try:
            html = self._stashes.pop(page.file.src_uri, Stash()).restore(html)
        except ValueError as err:
            raise PluginError(f"{self.settings.docs_folder}/{page.file.src_uri}: {err}; keep each macro call on a line with plain text around it") from None
        html = self.marks.add(html)
        self.search.hand_over(page)
        return html

    def page_context(self, context: dict, page, config) -> dict:
        """Record the page's search entry; give the template its structured data and Open Graph tags, and
        the data of its embed views (made ahead, or here for a page MkDocs did not list as built)."""
        self.search.record(page)
        context.update(structured_data.context(page, self.data, embed.term_of(page, self.data)))
        if self._embeds is not None and page.file.src_uri in self._embeds_for:
            try:
                info = self._embeds.take(page.file.src_uri)
            except (Failed, LookupError) as err:
                raise PluginError(str(err)) from None
        else:
            info = self.embed_of(page, config)
        for view in info.views if info else ():
            self.provenance.view(provenance.built(view.path), provenance.built(page.url))
        context["embed"] = info
        return context

    def embed_of(self, page, config) -> embed.PageEmbed | None:
        """Write the page's embed views (from the article MkDocs made, page.content) and return their data,
        each view's height measured; None for a page that has none."""
        info = embed.page_embed(page, self.settings, self.data)
        if info is None:
            return None
        if self.views is None:
            raise PluginError("the theme's templates are not set up yet (on_env has not run)")
        term = self.data.glossary.terms.get(info.term_id) if info.term_id else None
        card = None
        if term:
            renderer = PageRenderer(self.data, page.url, Stash())
            new = self.data.glossary.terms[term.replaced_by] if term.replaced_by else None
            card = embed_views.Card(term.title, renderer.short(term), renderer.tooltip(term), (
                new.title, embed_views.rebase(renderer.term_href(new.id), page.url, info.card.path)) if new else None)
        where = f"{term.file} (page /{info.page_path})" if term else f"{self.settings.docs_folder}/{page.file.src_uri}"
        return self.views.write(config, page, info, Path(config["site_dir"]), page.content, card, where)

    def post_page(self, output: str, page, config) -> str:
        """Wrap the page's tables as Material's script would as it loads, so the browser need not restyle the
        page after the first paint (macros/outputs/tables.py), and give the page its Content Security Policy."""
        return self.with_policy(tables.wrap(output), f"{self.settings.docs_folder}/{page.file.src_uri}")

    def with_policy(self, output: str, where: str, from_template: bool = False) -> str:
        """A built page with its Content Security Policy (macros/outputs/csp.py); inline scripts in the
        article are allowed only on a page the theme's templates write whole (404.html)."""
        try:
            return csp.add(output, article_is_trusted=from_template)
        except ValueError as err:
            raise PluginError(f"{where}: {err}; check overrides/main.html") from None

    # After rendering -----------------------------------------------------------------------------
    def finish(self, config) -> None:
        """Stop the build if the content rules found a problem; else write glossary.json, its schema, the search
        index and the stubs of moved pages (redirects.yml); make the site's stylesheets and scripts lighter;
        write the letters' Word files (macros/outputs/assets.py)."""
        if self._embeds is not None:
            self._embeds.close()
        if self._rules is not None and (problems := self._rules.problems()):
            raise SiteProblems(problems)
        site_dir = Path(config["site_dir"])
        glossary_json.write(self.data.glossary, self.data.facts, self.settings, site_dir)
        letter_files.write(self.data.letters, site_dir)
        try:
            addresses.write_stubs(self.data, site_dir, config["theme"].get("language") or "en", config["theme"].get("favicon"))
        except ValueError as err:
            raise PluginError(f"{err}; see macros/outputs/addresses.py") from None
        self.search.write(site_dir)
        self.provenance.write(site_dir)
        palettes = config["theme"]["palette"] or []
        colours = {str(p.get(k)) for p in (palettes if isinstance(palettes, list) else [palettes]) for k in ("primary", "accent") if p.get(k)}
        scripts = [str(x) for x in config["extra_javascript"]] + [letter_page.SCRIPT, search_index.WORKER]  # the last two load by themselves
        assets.shrink(site_dir, [str(x) for x in config["extra_css"]], scripts, colours)
        if self.settings.editions and self.settings.translation_of is None:  # the main edition: the others land in it
            main = self.settings.editions[0]
            self.editions.finish(site_dir, main)
            glossary_json.add_translations(site_dir, [(e.language, e.folder(main)) for e in self.settings.other_editions])


def forget_code() -> None:
    """Forget the imported engine so the next build under `mkdocs serve` runs edited code."""
    for name in [n for n in sys.modules if n.split(".")[0] in ("macros", "checks")]:
        del sys.modules[name]
