"""Golden input/output pairs for each macro and the generated glossary page (tests/golden/).

Each tests/golden/<case>.md is rendered as a page of the small test site would be (its macro calls by the
engine, then the site's Markdown extensions, then the stashed HTML put back) and compared with
<case>.html. After an intended change, UPDATE_GOLDEN=1 rewrites the .html files; review the diff.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import markdown
import pytest
import yaml

from macros.model import pages as pages_model
from macros.model.rules import Rulebook
from macros.model.site import Site, link_checker, load
from macros.render.pages import PageRenderer
from macros.render.stash import Stash
from macros.settings import Settings
from macros.words import words
from tests.fixture import mini_project
from tests.sitebuild import ROOT

GOLDEN = Path(__file__).with_name("golden")
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))
CASES_ES = sorted(p.stem for p in (GOLDEN / "es").glob("*.md"))  # the Spanish edition's output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    data, problems = load(Settings.from_file(mini_project(tmp_path_factory.mktemp("mini") / "p", engine=False)), dt.date(2026, 11, 30))
    assert not problems, problems
    return data


@pytest.fixture(scope="module")
def site_es(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = mini_project(tmp_path_factory.mktemp("mini") / "p", spanish=True, engine=False)
    data, problems = load(Settings.from_config_file(root, root / "mkdocs.es.yml"), dt.date(2026, 11, 30))
    assert not problems, problems
    return data


def _markdown(language: str = "en") -> markdown.Markdown:
    """The site's Markdown, as the engine sets it up for a build in that language."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        name, conf = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        configs[name] = conf or {}
    configs["toc"]["permalink_title"] = words(language)["permalink_title"]
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _compare(name: str, got: str) -> None:
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden output {path.name}; run with UPDATE_GOLDEN=1 and review it"
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs; if the change is intended, run with UPDATE_GOLDEN=1"


@pytest.mark.parametrize("case", CASES)
def test_macro_output_matches_its_golden_file(site: Site, case: str, tmp_path: Path) -> None:
    page, problems = pages_model.load(GOLDEN / f"{case}.md", f"golden/{case}.md", Rulebook(dt.date(2026, 11, 30), link_checker(tmp_path)))
    assert page and not problems, problems
    url = "glossary/" if case == "glossary-index" else f"golden/{case}/"
    stash = Stash()
    text = PageRenderer(site, url, stash).page(page)
    _compare(case, stash.restore(_markdown().convert(text)) + "\n")


@pytest.mark.parametrize("tid", ["fape", "parent-center"])
def test_term_page_matches_its_golden_file(site: Site, tid: str) -> None:
    stash = Stash()
    text = PageRenderer(site, f"glossary/{tid}/", stash).term_page(site.glossary.terms[tid])
    _compare(f"term-page-{tid}", stash.restore(_markdown().convert(text)) + "\n")


@pytest.mark.parametrize("case", CASES_ES)
def test_spanish_output_matches_its_golden_file(site_es: Site, case: str, tmp_path: Path) -> None:
    """The same macros in the Spanish edition: its words, its data's Spanish blocks, its A-Z order, the
    letter in Spanish and in English, sources marked as English."""
    page, problems = pages_model.load(GOLDEN / "es" / f"{case}.md", f"golden/{case}.md", Rulebook(dt.date(2026, 11, 30), link_checker(tmp_path)), "es")
    assert page and not problems, problems
    url = "glossary/" if case == "glossary-index" else f"golden/{case}/"
    stash = Stash()
    text = PageRenderer(site_es, url, stash).page(page)
    _compare(f"es/{case}", stash.restore(_markdown("es").convert(text)) + "\n")


def test_spanish_term_page_matches_its_golden_file(site_es: Site) -> None:
    stash = Stash()
    text = PageRenderer(site_es, "glossary/fape/", stash).term_page(site_es.glossary.terms["fape"])
    _compare("es/term-page-fape", stash.restore(_markdown("es").convert(text)) + "\n")
