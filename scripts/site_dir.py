"""The one guard for the build folder (SITE in the Makefile, -d for mkdocs): nothing else gets deleted.

MkDocs empties its build folder before it writes, so `make build SITE=glossary` would delete the
glossary. Every make target that uses SITE asks here first:

  python -m scripts.site_dir build SITE   exit 1 with a message unless SITE is safe to build into
  python -m scripts.site_dir clean SITE   the same check, then remove SITE if a build wrote it, and .pytest_cache
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The project's own folders: a build folder may be none of them, nor inside one.
KEEP = ("docs", "glossary", "letters", "macros", "overrides", "tests", "checks", "scripts", "bench", "research",
        ".git", ".github", ".ci", ".venv")
# A folder holding any of these was written by a build (MkDocs writes sitemap.xml and 404.html first).
BUILT_MARKS = ("sitemap.xml", "404.html", "search")
CACHES = (".pytest_cache",)
FIX = "build into a folder of its own, like SITE=site (the default)"


def looks_built(path: Path) -> bool:
    """True for a folder a build wrote, or an empty one."""
    return not any(path.iterdir()) or any((path / mark).exists() for mark in BUILT_MARKS)


def problem(value: str, root: Path = ROOT) -> str | None:
    """Why SITE=value must not be a build folder, or None when it may be one."""
    if not value.strip():
        return f"SITE is empty; {FIX}"
    root = root.resolve()
    path = (root / value).resolve()
    where = f"SITE={value}"
    if path == root:
        return f"{where} is the project folder itself; MkDocs would empty it before building; {FIX}"
    if root.is_relative_to(path):
        return f"{where} is a folder that holds the project; MkDocs would empty it before building; {FIX}"
    for name in KEEP:
        if path.is_relative_to((root / name).resolve()):
            return f"{where} is the project's {name}/ folder or inside it; MkDocs would delete its files before building; {FIX}"
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


def clean(value: str, root: Path = ROOT) -> list[str]:
    """Remove the build folder SITE=value and the caches; return what was removed."""
    removed = []
    path = (root / value).resolve()
    if path.is_dir():
        shutil.rmtree(path)
        removed.append(value)
    for cache in CACHES:
        if (root / cache).is_dir():
            shutil.rmtree(root / cache)
            removed.append(cache)
    return removed


def main(argv: list[str]) -> int:
    """'build SITE' or 'clean SITE': print the problem and exit 1, or (for clean) remove the build."""
    if len(argv) != 2 or argv[0] not in ("build", "clean"):
        print("usage: python -m scripts.site_dir build|clean SITE", file=sys.stderr)
        return 2
    if why := problem(argv[1]):
        print(why, file=sys.stderr)
        return 1
    if argv[0] == "clean":
        print("removed: " + (", ".join(clean(argv[1])) or "nothing (no build here)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
