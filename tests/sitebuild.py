"""Build the site (strictly) and run the link check, as `make check` does; used by the tests."""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "docs", "glossary", "facts", "letters", "macros", "overrides", "tests", "checks", "bench", "scripts", ".codespell-words", ".codespell-words-es", "docs-es", "mkdocs.es.yml")


@dataclass
class Result:
    """Exit code and combined output of a build, or of a build followed by the link check."""

    code: int
    output: str

    @property
    def ok(self) -> bool:
        return self.code == 0


def env() -> dict[str, str]:
    """Environment for child builds: quiet end-of-life banner, unbuffered output."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def build(root: Path, dest: Path) -> Result:
    """`mkdocs build --strict` of the project at root into dest."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=root, env=env(), capture_output=True, text=True,
    )
    return Result(proc.returncode, proc.stdout + proc.stderr)


def _run(root: Path, module: str, *args: str) -> Result:
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=root, env=env(), capture_output=True, text=True)
    return Result(proc.returncode, proc.stdout + proc.stderr)


def build_and_check(root: Path, dest: Path) -> Result:
    """What `make check` does before the tests: content lints, strict build, then the link check."""
    linted = _run(root, "checks.lints")
    built = build(root, dest)
    output = linted.output + built.output
    if not built.ok:
        return Result(built.code, output)
    checked = _run(root, "checks.linkcheck", str(dest))
    return Result(linted.code or checked.code, output + checked.output)


def without_editions(config_text: str, config: str = "mkdocs.yml") -> str:
    """A config file's text without its extra.editions block: a build of that language alone."""
    text, n = re.subn(r"^  # The site's languages\..*\n(?:  #.*\n)*  editions:\n(?:    .*\n)*", "  editions: []\n", config_text, flags=re.M)
    assert n == 1, f"{config} has no extra.editions block to leave out"
    return text


def copy_project(dest: Path, editions: bool = False) -> Path:
    """Copy the parts of the project a build needs into dest (for planting defects); the English edition
    alone unless editions is True (a defect planted in an English page then shows in that build only)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        else:
            shutil.copy2(src, dest / part)
    if not editions:
        config = dest / "mkdocs.yml"
        config.write_text(without_editions(config.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


@functools.cache
def project_data():
    """The real project's checked data (glossary, pages), read once per test run."""
    from macros.model.site import load_project

    return load_project(ROOT)
