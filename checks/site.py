"""The checker: every rule of the site over every source file, reported at once, sorted by file and line.

The build runs it before it renders anything (macros/plugin.py), `make lint` runs it alone, and the tests
call it. It reads the data once (macros/model/site.py: the glossary, the facts and each page's front
matter and macro calls, checked against the rulebook), then applies the content rules and style lints.

Run: python -m checks   (`make lint`); in GitHub Actions each problem is also an annotation on its line.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import NamedTuple

from checks import content, lints
from macros.model.problems import Problem, report
from macros.model.site import Site, load
from macros.outputs import addresses
from macros.render.pages import Renderings
from macros.settings import CONFIG_FILE, Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]


class Checked(NamedTuple):
    """What the checker found: the site's data, every problem (sorted), and each page rendered once."""

    site: Site
    problems: list[Problem]
    renderings: Renderings


def check(settings: Settings, today: dt.date, spelling: bool = True) -> Checked:
    """The site's data and every problem in it, sorted by file and line."""
    site, problems = load(settings, today)
    renderings = Renderings(site)
    problems += addresses.check(site)
    problems += content.rules(site, renderings)
    problems += lints.rules(site, spelling_check=spelling)
    return Checked(site, sorted(set(problems)), renderings)


def annotate(problems: list[Problem]) -> None:
    """In GitHub Actions: an annotation per problem, and a summary table for the job's page."""
    for p in problems:
        print(p.annotation())
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        rows = "\n".join(f"| `{p.file}` | {p.line or ''} | {p.message.replace('|', '/')} |" for p in problems)
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(f"### Site checks: {len(problems)} problem(s)\n\n" + (f"| file | line | problem |\n|---|---:|---|\n{rows}\n"
                                                                          if problems else "Every check passed.\n"))


def main(argv: list[str]) -> int:
    """Print every problem (one per line: file:line: message); exit 1 if there is any.

    python -m checks [ROOT] [--config mkdocs.es.yml]   (every language edition by default; one with --config)
    """
    config = argv[argv.index("--config") + 1] if "--config" in argv else None
    rest = [a for i, a in enumerate(argv) if a != "--config" and (i == 0 or argv[i - 1] != "--config")]
    root = Path(rest[0]).resolve() if rest else ROOT
    try:
        if config is None:  # the site's every language: its main config, then each edition's (extra.editions)
            main_settings = Settings.from_file(root)
            editions = [main_settings, *(Settings.from_config_file(root, root / e.config_file) for e in main_settings.other_editions)]
        else:
            editions = [Settings.from_config_file(root, root / config)]
    except SettingsError as err:
        print(f"{config or CONFIG_FILE}: {err}")
        return 1
    problems = sorted({p for settings in editions for p in check(settings, dt.date.today()).problems})
    if problems:
        print(report(problems))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        annotate(problems)
    print(f"site checks: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
