"""Run one timed child process for the benchmark, and serve a built site on 127.0.0.1.

Each child's wall time and peak memory (its own maximum resident set, from wait4) are measured.
"""
from __future__ import annotations

import functools
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ContextManager

from checks.browser import serve_with


@dataclass
class Run:
    """One child process: exit code, wall seconds, CPU seconds (user + system), peak resident MB, output."""

    code: int
    seconds: float
    cpu: float
    peak_mb: float
    output: str


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run cmd to the end; measure its wall time and its own peak memory."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(proc.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


@dataclass
class Timing:
    """The median of several runs of the same command."""

    runs: list[Run]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def repeat(times: int, make_cmd, cwd: Path, env: dict[str, str] | None = None, check: bool = True) -> Timing:
    """Run a command `times` times (make_cmd(i) gives the i-th command); stop on a failure if check."""
    runs = []
    for i in range(times):
        r = run(make_cmd(i), cwd, env)
        if check and r.code != 0:
            raise RuntimeError(f"{' '.join(make_cmd(i))} failed with code {r.code}:\n{r.output[-3000:]}")
        runs.append(r)
    return Timing(runs)


class _Handler(SimpleHTTPRequestHandler):
    """Serve files quietly, with the 'LinkChecker' header that lifts LinkChecker's per-host rate limit."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local benchmark")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass


def serve(folder: Path) -> ContextManager[str]:
    """Serve a folder on a free port of 127.0.0.1 from a thread; the context yields the base URL."""
    return serve_with(functools.partial(_Handler, directory=str(folder)))
