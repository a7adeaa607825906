"""The online external-link check, exercised against local servers (CI has no network), and that server."""
from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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


def test_a_dropped_request_prints_no_traceback(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """The test server lets a browser drop a request mid-file quietly (it used to print a BrokenPipeError)."""
    (tmp_path / "big.bin").write_bytes(b"x" * 8_000_000)
    with serve(tmp_path) as url:
        before = threading.active_count()
        address = urlsplit(url)
        with socket.create_connection((address.hostname, address.port)) as client:
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.0 200")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset, at once
        end = time.monotonic() + 10
        while threading.active_count() > before and time.monotonic() < end:  # the handler's thread meets the reset
            time.sleep(0.01)
    assert "Traceback" not in capfd.readouterr().err
