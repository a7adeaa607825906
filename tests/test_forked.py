"""macros/forked.py: work done ahead in a forked process gives the same values, in any order they are
taken, as the same work done in line; failures arrive as Failed with their message."""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest

from macros.forked import Ahead, Failed


class Refused(Exception):
    pass


def squares(n: int, fail_at: int | None = None, error: type[Exception] = Refused) -> Iterator[tuple[str, int]]:
    for i in range(n):
        if i == fail_at:
            raise error(f"item {i} is refused")
        yield f"k{i}", i * i


@pytest.fixture(params=["forked", "in line"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "in line":  # a platform without fork
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    return request.param


def test_values_are_taken_by_key_in_any_order(mode: str) -> None:
    ahead = Ahead(lambda: squares(50))
    assert [ahead.take(k) for k in ("k7", "k0", "k49", "k3")] == [49, 0, 2401, 9]
    with pytest.raises(LookupError, match="'k50'"):
        ahead.take("k50")
    ahead.close()


def test_an_expected_failure_arrives_with_its_message_after_the_values_before_it(mode: str) -> None:
    ahead = Ahead(lambda: squares(10, fail_at=4), expected=(Refused,))
    assert ahead.take("k3") == 9
    with pytest.raises(Failed, match=r"^item 4 is refused$"):
        ahead.take("k5")
    ahead.close()


def test_a_bug_in_the_forked_work_arrives_with_its_traceback() -> None:
    ahead = Ahead(lambda: squares(10, fail_at=2, error=KeyError), expected=(Refused,))
    with pytest.raises(Failed, match=r"(?s)Traceback.*KeyError: 'item 2 is refused'"):
        ahead.take("k9")
    ahead.close()
