"""Work done ahead in a second process, while the build goes on in this one.

A forked child runs a generator of (key, value) pairs and sends each pair as soon as it is made; the
build takes each value by its key when it needs it, waiting only if the child has not got there yet.
Forked, the child starts with everything the build has loaded (the site's data, the rendered pages, the
theme's templates): only the values travel back. Where fork is not available the generator runs here,
lazily, as values are taken: the same values in the same order, without the overlap.

Two uses: the content rules (checks/site.py) and the embed views (macros/engine.py).
"""
from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")
_FAILED = "\0failed"  # the key of the pair a failing child sends last: its message


class Failed(Exception):
    """The work raised: the message of an expected error, else the child's traceback."""


class Ahead(Generic[V]):
    """Values made by work() in a forked process, taken by key."""

    def __init__(self, work: Callable[[], Iterator[tuple[str, V]]],
                 expected: tuple[type[Exception], ...] = ()) -> None:
        self._got: dict[str, V] = {}
        self._expected = expected
        if "fork" not in multiprocessing.get_all_start_methods():
            self._pairs: Iterator[tuple[str, V]] | None = work()
            return
        self._pairs = None
        context = multiprocessing.get_context("fork")
        self._answers, answers = context.Pipe(duplex=False)
        self._process = context.Process(target=_send, args=(work, answers, expected), daemon=True)
        self._process.start()
        answers.close()

    def take(self, key: str) -> V:
        """The value of key, waiting for it. Raises Failed if the work failed before it, LookupError if the
        work ended without it."""
        while key not in self._got:
            k, value = self._next(key)
            if k == _FAILED:
                raise Failed(value)
            self._got[k] = value
        return self._got.pop(key)

    def close(self) -> None:
        """Wait for the child to end (call it once every value is taken)."""
        if self._pairs is None:
            self._answers.close()
            self._process.join()

    def _next(self, key: str) -> tuple[str, V]:
        if self._pairs is not None:  # no fork: the work runs here
            try:
                return next(self._pairs)
            except StopIteration:
                raise LookupError(f"the work ended without {key!r}") from None
            except self._expected as err:
                raise Failed(str(err)) from None
        try:
            return self._answers.recv()
        except EOFError:
            self._process.join()
            raise LookupError(f"the work ended without {key!r}") from None


def _send(work: Callable[[], Iterator[tuple[str, V]]], answers, expected: tuple[type[Exception], ...]) -> None:
    """In the child: send each pair, then a failure's message if the work raised."""
    try:
        for pair in work():
            answers.send(pair)
    except expected as err:
        answers.send((_FAILED, str(err)))
    except Exception:  # a bug: its traceback, which the parent shows
        answers.send((_FAILED, traceback.format_exc()))
    finally:
        answers.close()
