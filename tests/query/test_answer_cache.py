"""Kept canned-query answers: served until the next write, computed once when asked at once."""

from __future__ import annotations

import threading

import pytest

from graphsvc.errors import QueryTimeout
from graphsvc.query.answer_cache import AnswerCache, Served
from graphsvc.query.querying import QueryAnswer


def answer(body: str) -> QueryAnswer:
    return QueryAnswer("text/csv", body.encode(), truncated=False, kind="solutions")


class Counted:
    """A computation that counts its runs and can be held until released."""

    def __init__(self, body: str, hold: bool = False) -> None:
        self.body = body
        self.runs = 0
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self) -> QueryAnswer:
        self.runs += 1
        self.started.set()
        self.release.wait(10)
        return answer(self.body)


def test_an_answer_is_computed_once_then_kept() -> None:
    cache = AnswerCache(1024)
    compute = Counted("a,b\n")
    first = cache.serve(0, "q", compute)
    second = cache.serve(0, "q", compute)
    assert (first.hit, second.hit) == (False, True)
    assert second.answer.body == b"a,b\n"
    assert compute.runs == 1


def test_requests_asking_at_once_wait_for_one_computation() -> None:
    cache = AnswerCache(1024)
    compute = Counted("slow\n", hold=True)
    served: list[Served] = []
    threads = [threading.Thread(target=lambda: served.append(cache.serve(0, "q", compute)))]
    threads[0].start()
    assert compute.started.wait(10)
    threads += [
        threading.Thread(target=lambda: served.append(cache.serve(0, "q", compute)))
        for _ in range(5)
    ]
    for thread in threads[1:]:
        thread.start()
    compute.release.set()
    for thread in threads:
        thread.join(10)
    assert compute.runs == 1
    assert sorted(s.hit for s in served) == [False, True, True, True, True, True]
    assert {s.answer.body for s in served} == {b"slow\n"}


def test_a_failed_computation_fails_its_waiters_and_keeps_nothing() -> None:
    cache = AnswerCache(1024)
    started, release = threading.Event(), threading.Event()

    def fail() -> QueryAnswer:
        started.set()
        release.wait(10)
        raise QueryTimeout("ran past the time limit")

    errors: list[BaseException] = []

    def ask() -> None:
        try:
            cache.serve(0, "q", fail)
        except QueryTimeout as error:
            errors.append(error)

    leader = threading.Thread(target=ask)
    leader.start()
    assert started.wait(10)
    follower = threading.Thread(target=ask)
    follower.start()
    release.set()
    leader.join(10)
    follower.join(10)
    assert len(errors) == 2
    assert cache.size_bytes == 0
    assert cache.serve(0, "q", Counted("now\n")).hit is False


def test_a_waiter_gives_up_at_its_own_limit_and_the_computation_goes_on() -> None:
    """A request finding an answer computed ahead (under a longer limit) waits its own limit at
    most: 503 with Retry-After; the computation ends and its answer is kept for the next."""
    cache = AnswerCache(1024)
    ahead = Counted("network\n", hold=True)
    leader = threading.Thread(target=cache.serve, args=(0, "q", ahead))
    leader.start()
    assert ahead.started.wait(10)
    with pytest.raises(QueryTimeout) as refused:
        cache.serve(0, "q", Counted("never\n"), wait_limit=0.2)
    assert refused.value.status == 503
    assert refused.value.headers == {"Retry-After": "1"}
    assert "computing" in refused.value.message
    ahead.release.set()
    leader.join(10)
    kept = cache.serve(0, "q", Counted("never\n"), wait_limit=0.2)
    assert kept.hit and kept.answer.body == b"network\n"
    assert ahead.runs == 1


def test_a_write_makes_every_kept_answer_stale() -> None:
    cache = AnswerCache(1024)
    cache.serve(0, "q", Counted("old\n"))
    cache.serve(0, "r", Counted("other\n"))
    fresh = cache.serve(1, "q", Counted("new\n"))
    assert fresh.hit is False and fresh.answer.body == b"new\n"
    assert cache.size_bytes == len(b"new\n"), "answers of the old generation are dropped"


def test_the_byte_budget_drops_the_least_recently_used_and_skips_what_cannot_fit() -> None:
    cache = AnswerCache(10)
    cache.serve(0, "a", Counted("aaaa"))
    cache.serve(0, "b", Counted("bbbb"))
    assert cache.serve(0, "a", Counted("x")).hit is True  # "a" is now the most recent
    cache.serve(0, "c", Counted("cccc"))  # over 10 bytes: "b" goes
    assert cache.size_bytes == 8
    assert cache.serve(0, "b", Counted("bbbb")).hit is False
    huge = Counted("h" * 11)
    cache.serve(0, "huge", huge)
    cache.serve(0, "huge", huge)
    assert huge.runs == 2, "an answer bigger than the budget is never kept"


@pytest.mark.parametrize("budget", [0, -1])
def test_no_budget_means_no_keeping(budget: int) -> None:
    cache = AnswerCache(budget)
    compute = Counted("a\n")
    assert [cache.serve(0, "q", compute).hit for _ in range(3)] == [False] * 3
    assert compute.runs == 3
