"""The site's other languages: built beside this one, and linked from every page.

The main edition's build (mkdocs.yml) starts each other edition's build (mkdocs.es.yml) in a second process
as soon as it starts, into a folder of its own beside the site folder; when its own pages are written it
waits for that build and moves the result into place below the site folder ("es/"). A failed edition
stops the whole build with that build's own messages. Every page names itself in each language: a switch
in the header (overrides/partials/alternate.html) and hreflang links in the head and the sitemap.
"""
from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.settings import Edition, Settings
from macros.words import words


@dataclass(frozen=True)
class Link:
    """A page in one language: the language, its name, its address from the page that links it, its full
    address, whether it is the page itself, and the switch's title in that language."""

    language: str
    name: str
    href: str
    url: str
    current: bool
    title: str


def links(settings: Settings, page_url: str) -> list[Link]:
    """The page at page_url (relative to this edition's root, "iep/iep-team/") in every language.

    Every edition has every page at the same address (the translated build fails on a missing page), so
    the link is the page's own address below each edition's folder."""
    own = settings.edition
    if own is None:
        return []
    main = settings.editions[0]
    here = own.folder(main) + page_url
    return [Link(e.language, e.name, relative(e.folder(main) + page_url, here), e.site_url + page_url,
                 e.config_file == own.config_file, words(e.language)["this_page"]) for e in settings.editions]


def relative(target: str, page: str) -> str:
    """The address of target from page, both site-relative ("es/iep/iep-team/", "" for the home page)."""
    rel = posixpath.relpath(target or ".", page.rsplit("/", 1)[0] if "/" in page else ".")
    if target.endswith("/") or not target:
        return "./" if rel == "." else rel + "/"
    return rel


class Builds:
    """The other editions' builds, started with this build and moved into its site folder at the end."""

    def __init__(self, settings: Settings, site_dir: Path, strict: bool) -> None:
        self._jobs: list[tuple[Edition, Path, subprocess.Popen]] = []
        # A build that fails before finish() (or a serve rebuild that replaces this one) drops its engine:
        # its editions' builds stop and their folders go with it.
        weakref.finalize(self, _stop, self._jobs)
        if settings.translation_of is not None or settings.edition is None:
            return  # only the main edition builds the others
        main = settings.editions[0]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        try:  # the editions build beside the site folder, which MkDocs makes later, with its parents
            site_dir.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PluginError(f"cannot make the folder {site_dir.parent} to build into ({error.strerror}); "
                              "build into a folder you can write to") from None
        for e in settings.other_editions:
            if not e.folder(main):
                raise PluginError(f"{e.config_file}: its site_url must be a folder below {main.site_url}, like "
                                  f"{main.site_url}{e.language}/")
            out = Path(tempfile.mkdtemp(prefix=f".edition-{e.language}-", dir=site_dir.parent))
            command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(settings.root / e.config_file), "-d", str(out)]
            if strict:
                command.insert(4, "--strict")
            process = subprocess.Popen(command, cwd=settings.root, env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, text=True)
            self._jobs.append((e, out, process))

    def finish(self, site_dir: Path, main: Edition) -> None:
        """Wait for each edition's build; move it below the site folder; stop on a failed one."""
        jobs = list(self._jobs)
        self._jobs.clear()
        failed = []
        for e, out, process in jobs:
            output, _ = process.communicate()
            if process.returncode != 0:
                failed.append(f"the {e.name} edition ({e.config_file}) did not build:\n{output.strip()}")
                shutil.rmtree(out, ignore_errors=True)
                continue
            dest = site_dir / e.folder(main)
            if dest.exists():
                shutil.rmtree(dest)
            dest.parent.mkdir(parents=True, exist_ok=True)
            out.rename(dest)
        if failed:
            raise PluginError("\n\n".join(failed))



def _stop(jobs: list[tuple[Edition, Path, subprocess.Popen]]) -> None:
    """Stop unfinished editions' builds and remove their folders."""
    for _, out, process in jobs:
        process.kill()
        process.wait()
        shutil.rmtree(out, ignore_errors=True)
    jobs.clear()
