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


# Each build in turn in one Python, as `mkdocs build --strict -d DEST` run in its project folder (the same command
# line, through MkDocs's own click entry point), its output (stdout and stderr) written to its own file. The
# engine forgets its code after each build (macros/engine.py forget_code, as under `mkdocs serve`), so each
# build runs its own project's macros/ and checks/. The garbage collector runs less often (what a build
# writes does not depend on it), for these small builds.
_BUILD_EACH = r"""
import gc, os, sys, traceback
gc.set_threshold(100_000, 50, 100)  # far fewer collections while MkDocs, the theme and the dictionaries load
import click
from mkdocs.__main__ import cli
args = sys.argv[1:]
for root, dest, log in zip(args[0::3], args[1::3], args[2::3]):
    sys.stdout.flush(); sys.stderr.flush()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1); os.dup2(fd, 2); os.close(fd)
    os.chdir(root)
    try:
        cli.main(["build", "--strict", "-d", dest], prog_name="mkdocs", standalone_mode=False)
        code = 0
    except click.exceptions.Exit as err:
        code = err.exit_code
    except click.ClickException as err:
        err.show()
        code = err.exit_code
    except SystemExit as err:
        code = err.code if isinstance(err.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush(); sys.stderr.flush()
    with open(log + ".code", "w") as fh:
        fh.write(str(code))
"""


def build_each(jobs: list[tuple[Path, Path]]) -> list[Result]:
    """`mkdocs build --strict` of each (project, dest), one after the other in one child Python: what build()
    does for each, without a Python starting (and MkDocs, Material and the dictionaries loading) per build."""
    logs = [dest.parent / f".{dest.name}.build-log" for _, dest in jobs]
    args = [str(a) for (root, dest), log in zip(jobs, logs) for a in (root, dest, log)]
    proc = subprocess.run([sys.executable, "-c", _BUILD_EACH, *args], cwd=jobs[0][0], env=env(), capture_output=True, text=True)
    results = []
    for log in logs:
        code_file = log.with_name(log.name + ".code")
        output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        if not code_file.exists():  # the child died before this build ended
            results.append(Result(proc.returncode or 1, output + proc.stdout + proc.stderr))
            continue
        results.append(Result(int(code_file.read_text()), output))
        log.unlink()
        code_file.unlink()
    return results


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
