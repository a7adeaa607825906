"""The benchmark's synthetic site (bench/site.py) keeps up with the engine: it builds strictly,
and its plain-link twin gives the same site, so `make bench` measures what it claims to."""
from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from bench.site import make_project
from tests.sitebuild import build


def _differences(cmp: filecmp.dircmp) -> list[str]:
    out = [f"{cmp.left}/{name}" for name in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    for sub in cmp.subdirs.values():
        out += _differences(sub)
    return out


@pytest.mark.rebuild
def test_synthetic_site_builds_strictly_and_its_plain_twin_is_the_same_site(tmp_path: Path) -> None:
    sites = {}
    for plain in (False, True):
        project = make_project(tmp_path / f"project-{plain}", 40, 30, plain=plain)
        sites[plain] = tmp_path / f"site-{plain}"
        result = build(project, sites[plain])
        assert result.ok, result.output[-3000:]
    cmp = filecmp.dircmp(sites[False], sites[True])
    assert not _differences(cmp), _differences(cmp)[:10]
