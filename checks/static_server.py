"""Serve a built site on 127.0.0.1 the way a static host does: gzip for text, 404.html for a miss.

Used by `make bench-pages` (bench/pages.py) to measure real transfer sizes, and by the browser
tests that need a host's behaviour (a missing address at any depth gets the site's 404 page).
"""
from __future__ import annotations

import gzip
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ContextManager
from urllib.parse import urlsplit

from checks.browser import serve_with

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
GZIP_LEVEL = 6  # the common default of web servers (nginx's gzip_comp_level is often set to 5-6)


class _Handler(SimpleHTTPRequestHandler):
    root: Path
    use_gzip: bool

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def _resolve(self) -> tuple[int, Path | None, str | None]:
        """(status, file to send, or the address to redirect to)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return 301, None, urlsplit(self.path).path + "/"
            path = path / "index.html"
        if path.is_file():
            return 200, path, None
        return 404, self.root / "404.html", None

    def _send(self, with_body: bool) -> None:
        status, path, location = self._resolve()
        if location:
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        assert path is not None
        body = path.read_bytes() if path.is_file() else b"Not found"
        ctype = self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        if self.use_gzip and ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, GZIP_LEVEL, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=600")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._send(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._send(with_body=False)


def serve(folder: Path, use_gzip: bool = True, host: str = "127.0.0.1") -> ContextManager[str]:
    """Serve folder in a thread; the context yields its base URL (ending in '/')."""
    handler = type("Handler", (_Handler,), {"root": Path(folder), "use_gzip": use_gzip})

    def make(*args, **kwargs):
        return handler(*args, directory=str(folder), **kwargs)

    return serve_with(make, host)
