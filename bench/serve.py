"""How long a page edit takes to show under `mkdocs serve`, the preview `make serve` runs.

    .venv/bin/python -m bench.serve [--edits 5] [--english-only]

In a copy of the project it starts `mkdocs serve` (with IEP_PREVIEW=1, as `make serve` does), waits for
the first build, then appends a sentence to docs/about.md and polls the served page every 20 ms until the
sentence is there: the time from the write to the page showing it is one figure. It prints the figures
and their median; it asserts nothing. (A browser on the page also waits for livereload's reload, which
the poll leaves out: a few milliseconds on 127.0.0.1.)
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 2.0  # issue 13
PAGE = "docs/about.md"
IGNORE = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache", ".cache",
                                "bench-results", ".edition-*")


def copy_project(dest: Path, english_only: bool) -> str:
    """Copy the project to dest; return the config file to serve (one with no other languages if asked)."""
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    if not english_only:
        return "mkdocs.yml"
    (dest / "english-only.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  editions: []\n", encoding="utf-8")
    return "english-only.yml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at url holds text (polling every 20 ms); raises TimeoutError after timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _page(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def edit_times(project: Path, config: str, edits: int) -> list[float]:
    """Serve the project and time each of `edits` edits of docs/about.md until the served page shows it."""
    port = _free_port()
    env = {**os.environ, "IEP_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1"}
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", config, "--dev-addr", f"127.0.0.1:{port}",
                               "--livereload"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/about/"
    page = project / PAGE
    original = page.read_text(encoding="utf-8")
    try:
        try:
            _wait_for(url, "</html>", 300)
        except TimeoutError:
            log.seek(0)
            raise RuntimeError("mkdocs serve did not start:\n" + log.read().decode("utf-8", "replace")[-3000:]) from None
        times = []
        for n in range(1, edits + 1):
            # A sentence no earlier edit wrote, in this run or another: each figure waits for its own edit.
            sentence = f"This is edit number {n} of {edits}, {time.time_ns()}."
            time.sleep(1.0)  # let the server settle after the last build
            page.write_text(original + f"\n{sentence}\n", encoding="utf-8")
            times.append(_wait_for(url, sentence, 120))
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        page.write_text(original, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--english-only", action="store_true", help="serve a config with no other languages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="iep-serve-") as tmp:
        project = Path(tmp) / "project"
        config = copy_project(project, args.english_only)
        times = edit_times(project, config, args.edits)
    print(f"edit shown under mkdocs serve ({'English alone' if args.english_only else 'every language'}): "
          + ", ".join(f"{t:.2f}" for t in times) + f" s; median {statistics.median(times):.2f} s (target {TARGET_S:g} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
