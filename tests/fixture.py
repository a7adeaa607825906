"""The small test site (tests/fixtures/mini/) as a project of its own, with the real engine and theme."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.sitebuild import ROOT, without_editions

MINI = ROOT / "tests" / "fixtures" / "mini"
ENGINE = ("macros", "checks", "overrides")


def config_with_nav(nav: str, config: str = "mkdocs.yml", editions: bool = True) -> str:
    """The real mkdocs.yml (or mkdocs.es.yml) with its nav replaced; without its other languages if
    editions is False."""
    text = (ROOT / config).read_text(encoding="utf-8")
    m = re.search(r"^nav:\n(?:[ \t].*\n|\n)*", text, re.M)
    assert m, f"{config} has no nav"
    text = text[:m.start()] + "nav:\n" + "".join(f"  {line}\n" for line in nav.splitlines()) + text[m.end():]
    return text if editions else without_editions(text, config)


def mini_project(dest: Path, spanish: bool = False, engine: bool = True) -> Path:
    """Copy the small site to dest with the real macros/, checks/, overrides/, assets and settings; with
    its Spanish edition (docs-es/, mkdocs.es.yml) if spanish is True. Without macros/, checks/ and overrides/
    if engine is False: enough for the checker run in the test's own process, which reads no code or
    template from the project (only a build, or a command run in dest, needs them)."""
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache")
    for part in ENGINE if engine else ():
        shutil.copytree(ROOT / part, dest / part, ignore=ignore)
    shutil.copytree(MINI / "docs", dest / "docs")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    shutil.copytree(MINI / "glossary", dest / "glossary")
    shutil.copytree(MINI / "facts", dest / "facts")
    shutil.copytree(MINI / "letters", dest / "letters")
    shutil.copy2(ROOT / ".codespell-words", dest / ".codespell-words")
    shutil.copy2(ROOT / ".codespell-words-es", dest / ".codespell-words-es")
    nav = (MINI / "nav.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config_with_nav(nav, editions=spanish), encoding="utf-8")
    if spanish:
        shutil.copytree(MINI / "docs-es", dest / "docs-es")
        nav_es = (MINI / "nav-es.yml").read_text(encoding="utf-8")
        (dest / "mkdocs.es.yml").write_text(config_with_nav(nav_es, "mkdocs.es.yml"), encoding="utf-8")
    return dest
