"""Browser-test support: serve a built site on 127.0.0.1 and launch Debian's Chromium headless."""
from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, ContextManager, Iterator

from macros.render import scripts

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """Debian's Chromium (or the browser named by $CHROMIUM); a clear failure, never a skip, when missing."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if not path:
        raise RuntimeError(
            "Chromium is not installed, and the browser tests need it. Install Debian's package: "
            "sudo apt-get install chromium (CI's .ci/run does this)."
        )
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does for this site: quietly, and readable from any origin (a sandboxed
    embed view has an opaque origin; axe, run inside it by the tests, reads the stylesheets)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


class _QuietServer(ThreadingHTTPServer):
    """A threading server that lets a browser drop a request mid-file (it does, when a test moves on) without
    printing a traceback; any other error in a handler is still printed."""

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - stdlib signature
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_with(handler: Callable[..., BaseHTTPRequestHandler], host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run an HTTP server with the given request handler in a thread; yield its base URL (ending in '/')."""
    server = _QuietServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve(folder: Path, host: str = "127.0.0.1", port: int = 0) -> ContextManager[str]:
    """Serve a folder over HTTP in a thread; the context yields its base URL (ending in '/')."""
    return serve_with(functools.partial(_QuietHandler, directory=str(folder)), host, port)


def isolate_home(tmp: Path) -> None:
    """Point Chromium's config, cache, data and temp folders into the test run."""
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "TMPDIR"):
        path = tmp / var.lower()
        path.mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(path)


def wait_until(page, expression, timeout: float = 10.0, what: str = "") -> None:
    """Wait until a JavaScript function or expression is truthy in the page (or frame), or until a Python
    function (taking no argument) returns a true value while the page runs.

    Playwright's wait_for_function evaluates its text with eval() inside the page, which the site's
    Content Security Policy forbids, as it should; page.evaluate runs through the browser's devtools
    protocol, which the policy does not govern. So this polls with evaluate.
    """
    import time

    end = time.monotonic() + timeout
    check = expression if callable(expression) else lambda: page.evaluate(expression)
    while not check():
        if time.monotonic() > end:
            raise TimeoutError(f"waited {timeout:g} s for: {what or expression}")
        page.wait_for_timeout(50)  # lets Playwright handle the page's events (requests, routes) meanwhile


# The site's scripts start after the page's first paint (macros/render/scripts.py), which can come after
# the load event; a page with such scripts marks its <html> data-iep-started once they have all run. With
# JavaScript off, its <html> never gets the class "js" (overrides/main.html), and nothing is waited for.
STARTED = (f"!document.documentElement.classList.contains('js') || !document.querySelector('link[{scripts.MARK}]')"
           " || document.documentElement.hasAttribute('data-iep-started')")
_WAITS_FOR_LOAD = (None, "load", "networkidle")


def wait_started(page, timeout: float = 10.0) -> None:
    """Wait until the page's own scripts have started, as a reader's page has once it is painted. A page
    that moves on meanwhile (a redirect stub's refresh) is waited for at its new address."""
    from playwright.sync_api import Error

    def started() -> bool:
        try:
            return page.evaluate(STARTED)
        except Error as error:
            if "Execution context was destroyed" in str(error):
                return False
            raise

    wait_until(page, started, timeout, what=f"the page's scripts to start ({STARTED}) at {page.url}")


def navigations_wait_for_scripts() -> None:
    """Make every Playwright navigation that waits for the load event (goto, reload, go_back, go_forward,
    wait_for_url, wait_for_load_state, expect_navigation) also wait until the page's scripts have started:
    "loaded" then means what it meant when the scripts ran before the load event. One place for every
    browser test, instead of a wait after each of their navigations."""
    from playwright.sync_api import Page

    def waiting(method, state_of):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            result = method(self, *args, **kwargs)
            if state_of(args, kwargs) in _WAITS_FOR_LOAD:
                wait_started(self)
            return result
        return wrapper

    if getattr(Page, "_iep_waits_for_scripts", False):
        return
    until = lambda args, kwargs: kwargs.get("wait_until")  # noqa: E731
    for name in ("goto", "reload", "go_back", "go_forward", "wait_for_url"):
        setattr(Page, name, waiting(getattr(Page, name), until))
    Page.wait_for_load_state = waiting(Page.wait_for_load_state, lambda args, kwargs: args[0] if args else kwargs.get("state"))
    expect_navigation = Page.expect_navigation

    @contextmanager
    @functools.wraps(expect_navigation)
    def expecting(self, *args, **kwargs):
        with expect_navigation(self, *args, **kwargs) as info:
            yield info
        if until(args, kwargs) in _WAITS_FOR_LOAD:
            wait_started(self)

    Page.expect_navigation = expecting
    Page._iep_waits_for_scripts = True
