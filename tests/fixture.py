"""The small test site (tests/fixtures/mini/) as a project of its own, with the real engine and theme."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.sitebuild import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini"
ENGINE = ("macros", "checks", "overrides")


def config_with_nav(nav: str) -> str:
    """The real mkdocs.yml with its nav replaced."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    m = re.search(r"^nav:\n(?:[ \t].*\n|\n)*", text, re.M)
    assert m, "mkdocs.yml has no nav"
    return text[:m.start()] + "nav:\n" + "".join(f"  {line}\n" for line in nav.splitlines()) + text[m.end():]


def mini_project(dest: Path) -> Path:
    """Copy the small site to dest with the real macros/, checks/, overrides/, assets and settings."""
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache")
    for part in ENGINE:
        shutil.copytree(ROOT / part, dest / part, ignore=ignore)
    shutil.copytree(MINI / "docs", dest / "docs")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    shutil.copytree(MINI / "glossary", dest / "glossary")
    shutil.copytree(MINI / "facts", dest / "facts")
    shutil.copytree(MINI / "letters", dest / "letters")
    shutil.copy2(ROOT / ".codespell-words", dest / ".codespell-words")
    (dest / "mkdocs.yml").write_text(config_with_nav((MINI / "nav.yml").read_text(encoding="utf-8")), encoding="utf-8")
    return dest
