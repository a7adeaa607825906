"""The online external-link check, exercised against local servers (CI has no network)."""
from __future__ import annotations

import json
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


def test_a_link_with_letters_outside_ascii_is_checked(tmp_path: Path) -> None:
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "café.html").write_text("ok", encoding="utf-8")
    with serve(tmp_path / "www") as base:
        url = base + "café.html"
        assert check_urls([url], tmp_path / "cache.json", now=1000.0, delay=0) == {url: 200}


def test_a_broken_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "ok.html").write_text("ok", encoding="utf-8")
    cache = tmp_path / "cache.json"
    with serve(tmp_path / "www") as base:
        url = base + "ok.html"
        for text in ("not json", "[1, 2]", json.dumps({url: {"status": 200, "at": "yesterday"}})):
            cache.write_text(text, encoding="utf-8")
            assert check_urls([url], cache, now=1000.0, delay=0) == {url: 200}
    assert json.loads(cache.read_text(encoding="utf-8")) == {url: {"status": 200, "at": 1000.0}}
