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
sys.path.insert(0, str(ROOT))
# The project's own folders: a build folder may be none of them, nor inside one.
KEEP = ("docs", "glossary", "letters", "macros", "overrides", "tests", "checks", "scripts", "bench", "research",
        ".git", ".github", ".ci", ".venv")
# A folder holding any of these was written by a build (MkDocs writes sitemap.xml and 404.html first).
BUILT_MARKS = ("sitemap.xml", "404.html", "search")
CACHES = (".pytest_cache",)
FIX = "build into a folder of its own, like SITE=site (the default)"

from macros.build_folder import BUILT_MARKS, CACHES, FIX, KEEP, looks_built  # noqa: E402,F401
from macros.build_folder import problem as _problem  # noqa: E402


def problem(value: str, root: Path = ROOT) -> str | None:
    """Why SITE=value must not be a build folder (see macros/build_folder.py), or None."""
    return _problem(value, root)


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
