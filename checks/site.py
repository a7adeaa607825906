"""The checker: every rule of the site over every source file, reported at once, sorted by file and line.

`make lint` runs it alone and the tests call it. It reads the data once (macros/model/site.py: the
glossary, the facts and each page's front matter and macro calls, checked against the rulebook), then
applies the content rules and style lints. The build (macros/engine.py) runs the same two steps through
`start`: it loads and checks the data before it renders anything, and, when the data is sound, the content
rules and lints run in a second process while the pages render; the build waits for them before it ends.

Run: python -m checks   (`make lint`); in GitHub Actions each problem is also an annotation on its line.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from checks import content, lints
from macros.forked import Ahead, Failed
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
    return Checked(site, sorted(set(problems + rules(site, renderings, spelling))), renderings)


def rules(site: Site, renderings: Renderings, spelling: bool = True) -> list[Problem]:
    """The rules that read the loaded data: addresses, content rules and style lints."""
    return addresses.check(site) + content.rules(site, renderings) + lints.rules(site, spelling_check=spelling)


class Pending:
    """The rules of a loaded site running in a forked process (macros/forked.py), which shares the loaded
    data and the pages already rendered; `problems()` waits for what they found."""

    def __init__(self, site: Site, renderings: Renderings) -> None:
        self._ahead: Ahead[list[Problem]] = Ahead(functools.partial(_rules_of, site, renderings))

    def problems(self) -> list[Problem]:
        """Every problem the rules found (a failure of the checker itself is one, with its traceback)."""
        try:
            return self._ahead.take("rules")
        except (Failed, LookupError) as err:
            return [Problem("checks/site.py", 0, f"the checker itself failed; please report it: {err}")]
        finally:
            self._ahead.close()


def _rules_of(site: Site, renderings: Renderings) -> Iterator[tuple[str, list[Problem]]]:
    yield "rules", rules(site, renderings)


def start(settings: Settings, today: dt.date) -> tuple[Checked, Pending | None]:
    """The checker as the build runs it. The data is loaded and checked here; if that found problems, the
    other rules run here too and every problem is in Checked. Otherwise each page is rendered (the build
    needs it) and the other rules run in a second process: Pending."""
    site, problems = load(settings, today)
    renderings = Renderings(site)
    if problems:
        return Checked(site, sorted(set(problems + rules(site, renderings))), renderings), None
    for src in site.pages:
        renderings.page(src)
    return Checked(site, [], renderings), Pending(site, renderings)


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
