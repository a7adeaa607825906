"""The theme contract: the site's own copies of theme features still match the installed Material and
MkDocs. Runs in `make check` on the small test site, so an upgrade fails here first, with a message that
says what to update.

- The Python navigation (macros/render/navigation.py) writes what Material's nav templates write.
- A macro call rendered through Jinja (the mkdocs-macros front end) gives the same page as the engine's
  own rendering of the call grammar.
- The theme templates the site copies or depends on are the ones it was checked against
  (tests/data/theme-contract.json: their SHA-256 in the Material version named there).
- The search index keeps the shape Material's search reads.
- What the build writes into each page in place of Material's script at load time (tables wrapped, the
  focus-visible class) is still what the installed script does, and the site's light/dark switch
  (overrides/partials/palette.html) still keeps the script's palette code from starting.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
import shutil
from pathlib import Path

import jinja2
import pytest

from macros.model.site import load
from macros.outputs import tables
from macros.render.pages import PageRenderer
from macros.render.stash import Stash
from macros.settings import Settings
from tests.fixture import mini_project
from tests.helpers import TODAY
from tests.sitebuild import ROOT, build_each
from tests.test_golden import _markdown
from tests.test_navigation import _assert_same

CONTRACT = json.loads((ROOT / "tests" / "data" / "theme-contract.json").read_text(encoding="utf-8"))
MATERIAL = Path(importlib.import_module("material").__file__).parent / "templates"


def material_asset(pattern: str) -> str:
    """The text of the installed Material's built asset that matches `pattern` (its name carries a hash)."""
    return next((MATERIAL / "assets").glob(pattern)).read_text(encoding="utf-8")


def test_the_theme_templates_are_the_ones_the_site_was_checked_against() -> None:
    installed = importlib.metadata.version("mkdocs-material")
    changed = [name for name, digest in CONTRACT["templates"].items()
               if hashlib.sha256((MATERIAL / name).read_bytes()).hexdigest() != digest]
    assert not changed, (
        f"Material {installed} changed {', '.join(changed)} since {CONTRACT['mkdocs-material']}, the version the site's "
        "copies were made from. Compare them with overrides/partials/ (search.html, nav.html, palette.html, "
        "javascripts/palette.html) and "
        "macros/render/navigation.py (nav-item.html), carry the changes over, run the tests, then record the new "
        "hashes in tests/data/theme-contract.json.")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small site built twice, one build after the other in one Python: with the Python navigation, and
    with Material's own."""
    ours = mini_project(tmp_path_factory.mktemp("ours") / "p")
    theirs = mini_project(tmp_path_factory.mktemp("material") / "p")
    (theirs / "overrides" / "partials" / "nav.html").unlink()
    sites = (ours.parent / "site", theirs.parent / "site")
    for result in build_each([(ours, sites[0]), (theirs, sites[1])]):
        assert result.ok, result.output
    return sites


def test_python_navigation_matches_materials_templates(two_builds: tuple[Path, Path]) -> None:
    assert _assert_same(*two_builds) >= 10, "too few pages with a navigation to compare"


def test_search_index_keeps_the_shape_materials_search_reads(two_builds: tuple[Path, Path]) -> None:
    """Material's search box reads search/search_index.json's config; the site's own worker
    (docs/assets/javascripts/search-worker.js) reads the body index beside it."""
    index = json.loads((two_builds[0] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert set(index) == {"config", "docs"}, "Material's search reads 'config' and 'docs'"
    assert {"lang", "separator", "pipeline"} <= set(index["config"]), index["config"]
    pages = json.loads((two_builds[0] / "search" / "body" / "pages.json").read_text(encoding="utf-8"))
    assert pages["pages"] and all(isinstance(p, list) or isinstance(p, dict) for p in pages["pages"])


def test_a_call_through_jinja_renders_as_the_engine_renders_it(tmp_path: Path) -> None:
    """mkdocs-macros would evaluate a page's calls with Jinja; the engine renders them from the call grammar.
    Both routes, through the same macros, must give the same page."""
    site, problems = load(Settings.from_file(mini_project(tmp_path / "p")), TODAY)
    assert not problems
    page = site.pages["rights/consent.md"]
    grammar_stash = Stash()
    by_grammar = PageRenderer(site, "rights/consent/", grammar_stash).page(page)

    jinja_stash = Stash()
    renderer = PageRenderer(site, "rights/consent/", jinja_stash)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    from macros.grammar import MACROS, Call

    env.globals.update({name: (lambda n: lambda *args: renderer.call(Call(n, args, 0, n)))(name) for name in MACROS})
    by_jinja = env.from_string(page.body).render()
    body = by_grammar[:by_grammar.index("\n\n## Sources")]  # the engine adds the Sources list after the body

    def html(stash: Stash, text: str) -> str:
        return stash.restore(_markdown().convert(text + renderer.abbreviations(text)))
    assert html(grammar_stash, body) == html(jinja_stash, by_jinja)


def test_what_the_build_does_for_materials_script_is_still_what_the_script_does() -> None:
    """The build wraps tables (macros/outputs/tables.py) and sets the focus-visible class
    (overrides/main.html) so the browser need not restyle the page when Material's script does the same after
    the first paint. If the script changed, these are dead weight or, for tables, wrapped twice."""
    bundle = material_asset("javascripts/bundle.*.min.js")
    main_css = material_asset("stylesheets/main.*.min.css")
    assert 'M("table:not([class])",e)' in bundle and 'class:"md-typeset__scrollwrap"' in bundle \
        and 'class:"md-typeset__table"' in bundle, "Material's script no longer wraps tables this way: see macros/outputs/tables.py"
    assert "table:not([class])" in main_css, "Material's table styles changed: see macros/outputs/assets.py with_site_tables"
    assert 'document.documentElement.classList.add("js-focus-visible")' in bundle, \
        "Material's focus-visible script changed: see the class set in overrides/main.html"
    assert tables.CLASS not in main_css


def test_the_light_dark_switch_keeps_materials_palette_code_from_starting() -> None:
    """overrides/partials/palette.html replaces Material's palette form with a button the script does not
    look for (it starts its palette code on `[data-md-component=palette]`), and the switch pauses transitions
    for a frame with the palette stylesheet's own rule."""
    bundle = material_asset("javascripts/bundle.*.min.js")
    palette_css = material_asset("stylesheets/palette.*.min.css")
    ours = (ROOT / "overrides" / "partials" / "palette.html").read_text(encoding="utf-8")
    script = (ROOT / "overrides" / "partials" / "javascripts" / "palette.html").read_text(encoding="utf-8")
    assert 'me("palette")' in bundle and "[data-md-component=${e}]" in bundle, \
        "Material's script finds its palette form another way: check that it leaves overrides/partials/palette.html alone"
    assert "data-md-component" not in re.sub(r"\{#.*?#\}", "", ours, flags=re.S), "the switch must not be the theme's palette form"
    assert "[data-md-color-switching] *" in palette_css and "data-md-color-switching" in script, \
        "Material's pause of transitions while the palette switches changed: see overrides/partials/javascripts/palette.html"
