"""Killable query workers: the time limit really stops the work, and writes reach the workers."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphsvc.errors import BadRequest, GraphSvcError, QueryTimeout
from graphsvc.query.executor import (
    MEMORY_COPY_MAX_QUADS,
    RAW_BODY_BYTES,
    WorkerPool,
    workers_copy_to_memory,
)
from graphsvc.query.querying import QueryJob, evaluate
from graphsvc.rdf.results import Solutions
from graphsvc.store.oxigraph import GraphStore, OxigraphStore

GRAPH = "https://w3id.org/hlm/graph/source/test"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def count_labels(store: GraphStore) -> int:
    """Runs in a worker: how many rdfs:label triples its copy of the store holds."""
    result = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    )
    assert isinstance(result, Solutions)
    return int(next(iter(result))["n"].value)


def runaway(store: GraphStore) -> int:
    """Runs in a worker: a cartesian product that would take far longer than any limit."""
    result = store.query(RUNAWAY)
    assert isinstance(result, Solutions)
    return len(list(result))


def worker_pid(store: GraphStore, pause: float = 0.0) -> int:
    """Runs in a worker: which process it is (after ``pause`` seconds)."""
    time.sleep(pause)
    return os.getpid()


def refuse(store: GraphStore) -> int:
    """Runs in a worker: raises one of our errors, which must come back as itself."""
    raise BadRequest("refused on purpose")


def crash(store: GraphStore) -> int:
    """Runs in a worker: fails as a bug of ours would (not one of our errors)."""
    raise RuntimeError("a bug on purpose")


UNKNOWN = "<http://example.org/ns#function>"


def labels(n: int, start: int = 0) -> list[ox.Triple]:
    return [
        ox.Triple(
            ox.NamedNode(f"https://w3id.org/hlm/id/organisation/o{i}"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(f"O {i}", language="fr"),
        )
        for i in range(start, start + n)
    ]


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    store = OxigraphStore(None if request.param == "memory" else tmp_path / "store")
    store.replace_graphs({GRAPH: labels(200)})
    return store


def test_a_worker_starting_does_not_count_against_the_first_query(store: GraphStore) -> None:
    """Starting an interpreter and opening the store takes longer than 0.2 s; the query not."""
    pool = WorkerPool(store, size=1, timeout=0.2)
    count = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")
    try:
        for _ in range(2):
            answer = pool.call(evaluate, count)
            assert answer.body.decode().split() == ["n", "200"]
    finally:
        pool.close()


PAIRS = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r } ORDER BY ?a ?b"  # 200 x 200 rows


@pytest.mark.parametrize(
    ("max_rows", "big"), [(100_000, True), (50, False)], ids=["body-apart", "one-message"]
)
def test_an_answer_crosses_the_pipe_as_it_was_written(
    store: GraphStore, max_rows: int, big: bool
) -> None:
    """Small answers go pickled, big ones with the body apart (raw bytes, one copy at the
    receiver): either way every field arrives intact."""
    job = QueryJob(PAIRS, "text/tab-separated-values", max_rows=max_rows)
    pool = WorkerPool(store, size=1, timeout=60)
    try:
        answer = pool.call(evaluate, job)
    finally:
        pool.close()
    assert (len(answer.body) >= RAW_BODY_BYTES) is big
    assert answer == evaluate(store, job)
    assert answer.truncated is not big
    assert len(answer.body.splitlines()) == 1 + min(200 * 200, max_rows)


def test_a_runaway_query_is_stopped_at_the_limit_and_others_are_served(
    store: GraphStore,
) -> None:
    pool = WorkerPool(store, size=2, timeout=1.5)
    try:
        assert pool.call(count_labels) == 200
        outcome: dict[str, object] = {}

        def run_away() -> None:
            started = time.monotonic()
            try:
                pool.call(runaway)
            except QueryTimeout as error:
                outcome["error"] = error
            outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=run_away)
        thread.start()
        light = []
        while thread.is_alive():
            started = time.monotonic()
            assert pool.call(count_labels) == 200
            light.append(time.monotonic() - started)
        thread.join()
        assert isinstance(outcome["error"], QueryTimeout)
        assert outcome["error"].status == 503
        assert "time limit of 1.5 s" in outcome["error"].message
        assert 1.4 < float(str(outcome["seconds"])) < 5
        assert len(light) >= 3
        assert pool.call(count_labels) == 200
    finally:
        pool.close()


def both_pids(pool: WorkerPool) -> set[int]:
    """The two workers' processes, found by two calls at once."""
    pids: list[int] = []
    threads = [
        threading.Thread(target=lambda: pids.append(pool.call(worker_pid, 0.5))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return set(pids)


def test_calls_one_after_another_go_to_the_worker_that_finished_last(store: GraphStore) -> None:
    """Its copy of the store is warm in the processor's caches; at once, both are used."""
    pool = WorkerPool(store, size=2, timeout=30)
    try:
        assert pool.wait_started(60)
        assert len(both_pids(pool)) == 2
        assert len({pool.call(worker_pid) for _ in range(10)}) == 1
    finally:
        pool.close()


def test_a_free_worker_is_taken_before_the_one_replacing_a_stopped_one(store: GraphStore) -> None:
    """The replacement is still starting (an interpreter, the store's opening): not first."""
    pool = WorkerPool(store, size=2, timeout=1)
    try:
        assert pool.wait_started(60)
        started = both_pids(pool)
        with pytest.raises(QueryTimeout):
            pool.call(runaway)
        survivor = pool.call(worker_pid)
        assert survivor in started
        assert {pool.call(worker_pid) for _ in range(5)} == {survivor}
    finally:
        pool.close()


def test_our_errors_come_back_with_their_status(store: GraphStore) -> None:
    pool = WorkerPool(store, size=1, timeout=10)
    try:
        with pytest.raises(Exception) as caught:
            pool.call(refuse)
        assert getattr(caught.value, "status", None) == 400
        assert "refused on purpose" in str(caught.value)
        assert pool.call(count_labels) == 200
    finally:
        pool.close()


def test_a_failing_job_is_a_500_that_names_it_and_the_worker_serves_on(store: GraphStore) -> None:
    """Not a time-out (503) and no new worker: the same process answers the next call."""
    pool = WorkerPool(store, size=1, timeout=10)
    try:
        before = pool.call(worker_pid)
        with pytest.raises(GraphSvcError) as caught:
            pool.call(crash)
        assert caught.value.status == 500
        assert "RuntimeError: a bug on purpose" in caught.value.message
        assert pool.call(worker_pid) == before
    finally:
        pool.close()


def test_an_unknown_function_leaves_its_variable_unbound_in_the_same_worker(
    store: GraphStore,
) -> None:
    """SPARQL 1.1 §17.3: calling a function nobody defined is an expression error, not a failure
    of the query (W3C syntax-select-expr-04); in a FILTER it is false."""
    pool = WorkerPool(store, size=1, timeout=10)
    try:
        before = pool.call(worker_pid)
        bind = f"SELECT ?o ?f WHERE {{ ?s ?p ?o BIND({UNKNOWN}(?o) AS ?f) }} ORDER BY ?o LIMIT 3"
        answer = pool.call(evaluate, QueryJob(bind, "text/csv"))
        assert answer.body.decode().splitlines() == ["o,f", "O 0,", "O 1,", "O 10,"]
        two = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER({UNKNOWN}(?o) || <urn:other>(?s)) }}"
        assert pool.call(evaluate, QueryJob(two, "text/csv")).body.decode().splitlines() == [
            "s,p,o"
        ]
        assert pool.call(worker_pid) == before
    finally:
        pool.close()


def test_workers_see_a_write_after_invalidate(store: GraphStore) -> None:
    pool = WorkerPool(store, size=2, timeout=10)
    try:
        assert pool.call(count_labels) == 200
        store.replace_graphs({GRAPH + "-more": labels(5, start=1000)})
        pool.invalidate()
        assert [pool.call(count_labels) for _ in range(4)] == [205] * 4
    finally:
        pool.close()


def test_auto_copies_small_stores_to_memory_and_reads_large_ones_on_disk() -> None:
    assert workers_copy_to_memory("auto", 115_000) is True
    assert workers_copy_to_memory("auto", MEMORY_COPY_MAX_QUADS + 1) is False
    assert workers_copy_to_memory("memory", 10_000_000) is True
    assert workers_copy_to_memory("disk", 10) is False


def pid_after_pause(store: GraphStore, seconds: float) -> int:
    """Runs in a worker: which process answered (after holding the worker for a while)."""
    time.sleep(seconds)
    return os.getpid()


def test_the_second_worker_starts_after_the_first_and_serves_alongside(store: GraphStore) -> None:
    pool = WorkerPool(store, size=2, timeout=30)
    try:
        first = pool.call(pid_after_pause, 0.0)
        answers: list[int] = []
        threads = [
            threading.Thread(target=lambda: answers.append(pool.call(pid_after_pause, 1.0)))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert first in answers
        assert len(set(answers)) == 2, "both workers should have served at once"
    finally:
        pool.close()


def test_closing_while_the_others_start_is_clean(store: GraphStore) -> None:
    """``close`` right after the first answer, as a test server's shutdown does: the thread
    starting the other workers has ended when it returns, so it cannot read a pipe whose
    descriptor the next pool's worker gets (that pool's first query was lost so once)."""
    for _ in range(3):
        before = set(threading.enumerate())
        pool = WorkerPool(store, size=3, timeout=30)
        assert pool.call(count_labels) == 200
        pool.close()
        assert [t.name for t in set(threading.enumerate()) - before if t.is_alive()] == []
