"""Shared fixtures: the site is built once per test run into a temporary folder."""
from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest
from hypothesis import settings

from tests.sitebuild import ROOT, build

# Property tests: a few examples each in `make check` (HYPOTHESIS_PROFILE=check), many in `make test`.
settings.register_profile("check", max_examples=15, deadline=None)
settings.register_profile("test", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "test"))

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that rebuild a copy of the project are marked `rebuild` (make test runs them, make check not)."""
    for item in items:
        if "project" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.rebuild)


# The modules whose tests run the checker (checks.site.check) on copies of the small site.
CHECKER_MODULES = frozenset(f"tests/{name}.py" for name in ("test_faults", "test_translations", "test_addresses", "test_annotations"))
# Modules whose tests share a costly module fixture (test_theme_contract builds the small site twice):
# each is one unit of work, so that one worker makes the fixture, not both.
WHOLE_MODULES = frozenset(f"tests/{name}.py" for name in ("test_theme_contract",))


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With -n (xdist's default distribution, --dist load): the tests that run the checker go to one worker,
    as one unit of work, each module of WHOLE_MODULES to one worker, and every other test to whichever
    worker is free, one by one. The checker's reading levels read the CMU pronouncing dictionary (about a
    second) once, on that worker, rather than on each. (xdist's own --dist loadgroup would do this from
    xdist_group marks, but it groups nothing under pytest 9: pytest-xdist issue 1386.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class CheckerTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if module in CHECKER_MODULES:
                return "checker"
            return module if module in WHOLE_MODULES else nodeid

    return CheckerTogether(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session):
    """Collection (importing and rewriting every test module, reading the project for parameters) makes
    many objects and little garbage: the garbage collector waits until it ends (about 0.4 s less per
    process; each worker collects before it runs a test)."""
    gc.disable()
    try:
        return (yield)
    finally:
        gc.enable()


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run is over: move every object out of the garbage collector's sight, so that the Python exiting
    (each worker, then the main process, which waits for them) does not walk them all again. With the
    built pages parsed and the project loaded that walk takes about a second; nothing runs after it that
    needs it."""
    gc.freeze()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built strictly once for the whole run.

    `make check` has just built it strictly into site/ and passes BUILT_SITE, so it is not built twice.
    """
    if (prebuilt := os.environ.get("BUILT_SITE")) and (Path(prebuilt) / "index.html").is_file():
        return Path(prebuilt)
    dest = tmp_path_factory.mktemp("site")
    result = build(ROOT, dest)
    assert result.ok, f"the strict build failed:\n{result.output}"
    return dest


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A private copy of the project, for tests that plant a defect."""
    from tests.sitebuild import copy_project

    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 for the browser tests."""
    from checks.browser import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator["Browser"]:
    """Debian's Chromium, headless, driven by Playwright; fails (never skips) when missing."""
    from playwright.sync_api import sync_playwright

    from checks.browser import CHROMIUM_ARGS, chromium_path, isolate_home, navigations_wait_for_scripts

    isolate_home(tmp_path_factory.mktemp("chromium-home"))
    navigations_wait_for_scripts()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: "Browser") -> Iterator["Page"]:
    """A fresh browser page at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()
