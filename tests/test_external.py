"""The online external-link check, exercised against local servers (CI has no network)."""
from __future__ import annotations

from pathlib import Path

from checks.browser import serve
from checks.external import check_urls


def test_reports_broken_and_caches_good_links(tmp_path: Path) -> None:
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "ok.html").write_text("ok", encoding="utf-8")
    cache = tmp_path / "cache.json"
    with serve(tmp_path / "www") as base:
        good, bad = base + "ok.html#part", base + "gone.html"
        first = check_urls([good, bad], cache, now=1000.0, delay=0)
    assert first == {good: 200, bad: 404}
    # The server is gone now: a fresh good answer comes from the cache, a bad one is asked again.
    second = check_urls([good, bad], cache, now=2000.0, delay=0)
    assert second[good] == 200
    assert second[bad] != 200
