"""The benchmark's synthetic site (bench/site.py) keeps up with the engine: it builds strictly, and its bare
twin (plain Material, plain links) builds the same pages, so `make bench` measures what it claims to."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.site import make_project
from tests.sitebuild import build


def _pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "embed"}


@pytest.mark.rebuild
def test_synthetic_site_builds_strictly_and_its_bare_twin_has_the_same_pages(tmp_path: Path) -> None:
    sites = {}
    for bare in (False, True):
        project = make_project(tmp_path / f"project-{bare}", 40, 30, bare=bare)
        sites[bare] = tmp_path / f"site-{bare}"
        result = build(project, sites[bare])
        assert result.ok, result.output[-3000:]
    assert _pages(sites[False]) == _pages(sites[True])
    assert len(_pages(sites[True])) == 40 + 30 + 4
