"""The project's tools: the build-folder guard and `make clean` lose no file. Every make run here works
in a scratch copy of the project, never in the real one."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import site_dir
from tests.sitebuild import PROJECT_PARTS, ROOT

FIX = "build into a folder of its own, like SITE=site (the default)"
MAKE_PARTS = ("Makefile", "requirements.txt", "requirements-bench.txt", "scripts", "macros", "docs", "glossary")


def make_copy(dest: Path, parts: tuple[str, ...] = MAKE_PARTS) -> Path:
    """A scratch copy of the parts of the project that make needs."""
    dest.mkdir(parents=True)
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def make(copy: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run make in the copy. Its .venv runs this test's Python and is marked as set up, so make installs nothing."""
    bin_dir = copy / ".venv" / "bin"
    if not bin_dir.is_dir():
        bin_dir.mkdir(parents=True)
        for name, run in (("python", ""), ("mkdocs", " -m mkdocs")):
            (bin_dir / name).write_text(f'#!/bin/sh\nexec "{sys.executable}"{run} "$@"\n', encoding="utf-8")
            (bin_dir / name).chmod(0o755)
        cksum = subprocess.run(["cksum", "requirements.txt"], cwd=copy, capture_output=True, text=True, check=True)
        (copy / ".venv" / f".installed-{cksum.stdout.split()[0]}").touch()
    return subprocess.run(["make", "-s", *args], cwd=copy, capture_output=True, text=True, env=env)


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- The build folder -------------------------------------------------------------------------------

@pytest.fixture()
def fake_root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in site_dir.KEEP:
        (root / name).mkdir(parents=True)
        (root / name / "keep.txt").write_text("an editor's file", encoding="utf-8")
    (root / "README.md").write_text("# the project", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "draft.txt").write_text("not a build", encoding="utf-8")
    (root / "site" / "search").mkdir(parents=True)
    (root / "site" / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (root / "empty").mkdir()
    (root / "docs-link").symlink_to(root / "docs")
    return root


@pytest.mark.parametrize("value,message", [
    ("glossary", f"SITE=glossary is the project's glossary/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("docs", f"SITE=docs is the project's docs/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("docs/site", f"SITE=docs/site is the project's docs/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("./macros/", f"SITE=./macros/ is the project's macros/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("overrides", f"SITE=overrides is the project's overrides/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("tests", f"SITE=tests is the project's tests/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("checks", f"SITE=checks is the project's checks/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("scripts", f"SITE=scripts is the project's scripts/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("bench", f"SITE=bench is the project's bench/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    (".git", f"SITE=.git is the project's .git/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    ("docs-link", f"SITE=docs-link is the project's docs/ folder or inside it; MkDocs would delete its files before building; {FIX}"),
    (".", f"SITE=. is the project folder itself; MkDocs would empty it before building; {FIX}"),
    ("site/..", f"SITE=site/.. is the project folder itself; MkDocs would empty it before building; {FIX}"),
    ("..", f"SITE=.. is a folder that holds the project; MkDocs would empty it before building; {FIX}"),
    ("/", f"SITE=/ is a folder that holds the project; MkDocs would empty it before building; {FIX}"),
    ("", f"SITE is empty; {FIX}"),
    ("README.md", f"SITE=README.md is a file, not a folder; {FIX}"),
    ("notes", f"SITE=notes already holds files that no build wrote (no sitemap.xml, 404.html or search/); MkDocs would delete them; move them away or {FIX}"),
])
def test_the_guard_refuses_a_folder_a_build_would_empty(fake_root: Path, value: str, message: str) -> None:
    assert site_dir.problem(value, fake_root) == message


@pytest.mark.parametrize("value", ["site", "empty", "not-yet-built", "build/site"])
def test_the_guard_accepts_a_build_folder(fake_root: Path, value: str) -> None:
    assert site_dir.problem(value, fake_root) is None


def test_the_guard_accepts_a_build_folder_outside_the_project(fake_root: Path, tmp_path: Path) -> None:
    assert site_dir.problem(str(tmp_path / "elsewhere" / "site"), fake_root) is None


@pytest.mark.parametrize("target,value,folder", [("build", "glossary", "glossary"), ("check", "docs", "docs"), ("clean", "docs", "docs"),
                                                 ("clean", "glossary", "glossary"), ("build", ".", "docs")])
def test_make_refuses_a_project_folder_and_deletes_nothing(tmp_path: Path, target: str, value: str, folder: str) -> None:
    copy = make_copy(tmp_path / "copy", PROJECT_PARTS + ("Makefile", "requirements.txt", "requirements-bench.txt"))
    before = files_under(copy / folder)
    result = make(copy, target, f"SITE={value}")
    assert files_under(copy / folder) == before, f"make {target} SITE={value} changed {folder}/"
    assert result.returncode != 0, result.stdout + result.stderr
    assert problem_line(value) in result.stderr


def problem_line(value: str) -> str:
    return site_dir.problem(value, ROOT) or ""


def test_make_clean_removes_only_a_built_site_and_the_test_cache(tmp_path: Path) -> None:
    copy = make_copy(tmp_path / "copy", ("Makefile", "requirements.txt", "requirements-bench.txt", "scripts"))
    (copy / "site" / "search").mkdir(parents=True)
    for name in ("index.html", "404.html", "sitemap.xml", "search/search_index.json"):
        (copy / "site" / name).write_text("built", encoding="utf-8")
    (copy / ".pytest_cache").mkdir()
    (copy / "notes").mkdir()
    (copy / "notes" / "draft.txt").write_text("an editor's notes", encoding="utf-8")

    refused = make(copy, "clean", "SITE=notes")
    assert refused.returncode != 0
    assert f"SITE=notes already holds files that no build wrote (no sitemap.xml, 404.html or search/); MkDocs would delete them; move them away or {FIX}" in refused.stderr
    assert (copy / "notes" / "draft.txt").read_text(encoding="utf-8") == "an editor's notes"
    assert (copy / "site").is_dir() and (copy / ".pytest_cache").is_dir()

    cleaned = make(copy, "clean")
    assert cleaned.returncode == 0, cleaned.stderr
    assert cleaned.stdout == "removed: site, .pytest_cache\n"
    assert not (copy / "site").exists() and not (copy / ".pytest_cache").exists()
    assert (copy / "notes" / "draft.txt").is_file() and (copy / "scripts" / "new.py").is_file()
