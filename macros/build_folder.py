"""The one guard for the build folder: MkDocs empties its build folder before it writes, so a build into
glossary/ or the project folder would delete them. The engine asks here in on_config, before MkDocs
cleans anything (so `mkdocs build -d glossary` stops too), and the Makefile through scripts/site_dir.py.
"""
from __future__ import annotations

from pathlib import Path

# The project's own folders: a build folder may be none of them, nor inside one.
KEEP = ("docs", "glossary", "macros", "overrides", "tests", "checks", "scripts", "bench", "research",
        ".git", ".github", ".ci", ".venv")
# A folder holding any of these was written by a build (MkDocs writes sitemap.xml and 404.html first).
BUILT_MARKS = ("sitemap.xml", "404.html", "search")
CACHES = (".pytest_cache",)
FIX = "build into a folder of its own, like SITE=site (the default)"


def looks_built(path: Path) -> bool:
    """True for a folder a build wrote, or an empty one."""
    return not any(path.iterdir()) or any((path / mark).exists() for mark in BUILT_MARKS)


def problem(value: str, root: Path, name: str = "SITE") -> str | None:
    """Why the build folder `value` (given as `name`, e.g. SITE or site_dir) must not be used, or None."""
    if not value.strip():
        return f"{name} is empty; {FIX}"
    root = root.resolve()
    path = (root / value).resolve()
    where = f"{name}={value}"
    if path == root:
        return f"{where} is the project folder itself; MkDocs would empty it before building; {FIX}"
    if root.is_relative_to(path):
        return f"{where} is a folder that holds the project; MkDocs would empty it before building; {FIX}"
    for folder in KEEP:
        if path.is_relative_to((root / folder).resolve()):
            return f"{where} is the project's {folder}/ folder or inside it; MkDocs would delete its files before building; {FIX}"
    if path.exists() and not path.is_dir():
        return f"{where} is a file, not a folder; {FIX}"
    try:
        built = not path.is_dir() or looks_built(path)
    except OSError as err:
        return f"{where} cannot be read ({err.strerror}); {FIX}"
    if not built:
        marks = f"{', '.join(BUILT_MARKS[:-1])} or {BUILT_MARKS[-1]}/"
        return f"{where} already holds files that no build wrote (no {marks}); MkDocs would delete them; move them away or {FIX}"
    return None
