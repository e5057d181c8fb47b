"""Limits announced, never silent; no outbound connection a user can trigger; junk refused.

No egress is proved twice. A Python audit hook records every ``socket.connect`` of this process
(the service runs in a thread of it): it sees the web layer but neither the sockets opened by
pyoxigraph's Rust code nor those of the query worker processes. So a listener on 127.0.0.1 is the
proof where it happens: requests naming it in SERVICE, LOAD, FROM… go through the running
service, workers included, and the listener must accept no connection; it is shown to count one
first (from the test) and to see what pyoxigraph itself connects (which the audit hook misses).
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from livesvc import MINI, TEST_TOKEN, LiveService, StartService, serve, snapshot

from graphsvc.errors import IngestError
from graphsvc.ingest.pipeline import ingest
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore

CONNECTIONS: list[Any] = []
RECORDING = {"on": False}


def _record(event: str, args: tuple[Any, ...]) -> None:
    if RECORDING["on"] and event == "socket.connect":
        CONNECTIONS.append(args[1])


sys.addaudithook(_record)


@pytest.fixture(scope="module")
def guarded() -> Iterator[LiveService]:
    config = Settings(update_token=TEST_TOKEN, shipped_dir=MINI, max_rows=2, max_query_length=500)
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], config)
    with serve(config, store) as service:
        yield service


def test_hostile_requests_open_no_outbound_socket(guarded: LiveService) -> None:
    port = int(guarded.url.rsplit(":", 1)[1])
    hostile = [
        ("GET", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}),
        ("GET", {"query": "SELECT * FROM <http://169.254.169.254/latest> WHERE { ?s ?p ?o }"}),
        ("POST", {"update": "LOAD <http://127.0.0.1:9/x.ttl>"}),
        ("POST", {"update": "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://x/>"}),
    ]
    CONNECTIONS.clear()
    RECORDING["on"] = True
    try:
        with httpx.Client(
            base_url=guarded.url, headers={"Authorization": f"Bearer {TEST_TOKEN}"}
        ) as client:
            statuses = [
                client.get("/sparql", params=data).status_code
                if method == "GET"
                else client.post("/update", data=data).status_code
                for method, data in hostile
            ]
    finally:
        RECORDING["on"] = False
    assert statuses == [400, 200, 400, 400]  # a FROM graph the store lacks is read as empty
    others = [a for a in CONNECTIONS if not (isinstance(a, tuple) and a[1] == port)]
    assert others == [], f"the service connected out: {others}"
    assert CONNECTIONS, "the recorder saw the client's own connections"


class Listener:
    """A TCP listener on 127.0.0.1 counting the connections it accepts, in a thread.

    Each connection is answered with an empty SPARQL result set, so that a client which did
    connect finishes its request instead of hanging until a time-out.
    """

    ANSWER = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Content-Length: 46\r\nConnection: close\r\n\r\n"
        b'{"head":{"vars":[]},"results":{"bindings":[]}}'
    )

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.05)
        self.port: int = self.socket.getsockname()[1]
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            with connection:
                connection.settimeout(1)
                try:
                    connection.recv(65536)
                    connection.sendall(self.ANSWER)
                except OSError:
                    pass

    def count(self, settle: float = 0.3) -> int:
        """Connections accepted so far, once those already queued by the kernel are taken."""
        deadline = time.monotonic() + settle
        seen = -1
        while seen != self.accepted or time.monotonic() < deadline:
            seen = self.accepted
            time.sleep(0.05)
        return self.accepted

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@contextmanager
def listening() -> Iterator[Listener]:
    listener = Listener()
    try:
        yield listener
    finally:
        listener.close()


def hostile_queries(at: str) -> list[tuple[str, int]]:
    """Queries naming the listener, with the status each must get (nothing is ever fetched)."""
    return [
        (f"SELECT * WHERE {{ SERVICE <{at}/sparql> {{ ?s ?p ?o }} }}", 400),
        (f"SELECT * WHERE {{ SERVICE SILENT <{at}/sparql> {{ ?s ?p ?o }} }}", 400),
        (f"PREFIX r: <{at}/> SELECT * WHERE {{ service r:sparql {{ ?s ?p ?o }} }}", 400),
        (f"SELECT * WHERE {{ VALUES ?e {{ <{at}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}", 400),
        (f"ASK {{ SERVICE <{at}/sparql> {{ ?s ?p ?o }} }}", 400),
        (f"SELECT * FROM <{at}/g.ttl> WHERE {{ ?s ?p ?o }}", 200),
        (f"SELECT * FROM NAMED <{at}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", 200),
        (f"BASE <{at}/dir/> SELECT * FROM <g.ttl> WHERE {{ ?s ?p ?o }}", 200),
        (f"PREFIX r: <{at}/> CONSTRUCT {{ ?s ?p ?o }} FROM r:g.ttl WHERE {{ ?s ?p ?o }}", 200),
        (f"ASK FROM <{at}/a.ttl> FROM NAMED <{at}/b.ttl> {{ ?s ?p ?o }}", 200),
        (f"DESCRIBE <{at}/thing>", 200),
    ]


def hostile_updates(at: str) -> list[str]:
    """Updates naming the listener: every one reaches out, every one is refused with 400."""
    return [
        f"LOAD <{at}/x.ttl>",
        f"LOAD SILENT <{at}/x.ttl>",
        f"LOAD <{at}/x.ttl> INTO GRAPH <https://w3id.org/hlm/graph/x>",
        f"load silent <{at}/x.ttl> into graph <https://w3id.org/hlm/graph/x>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{at}/sparql> {{ ?s ?p ?o }} }}",
        f"CLEAR SILENT GRAPH <{at}/g> ; LOAD SILENT <{at}/x.ttl>",
    ]


def test_the_listener_counts_a_connection_and_sees_pyoxigraphs_own(
    guarded: LiveService,
) -> None:
    """The proof below can fail: the listener counts what connects to it, including pyoxigraph's
    Rust HTTP client, which the audit hook of the older proof does not see."""
    with listening() as listener:
        assert listener.count(settle=0.1) == 0
        socket.create_connection(("127.0.0.1", listener.port), timeout=5).close()
        assert listener.count() == 1
        CONNECTIONS.clear()
        RECORDING["on"] = True
        try:
            query = f"SELECT * WHERE {{ SERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}"
            solutions = ox.Store().query(query)
            assert isinstance(solutions, ox.QuerySolutions)
            assert list(solutions) == []  # pyoxigraph fetched the listener's empty answer
        finally:
            RECORDING["on"] = False
        assert listener.count() == 2
        assert CONNECTIONS == [], "the audit hook would have seen pyoxigraph's socket"


def test_requests_naming_a_local_listener_never_reach_it(guarded: LiveService) -> None:
    """SERVICE, LOAD, FROM and friends through the running service, its query workers and the
    write path: the listener must accept nothing (it accepts the test's own connection first,
    so that zero means something)."""
    token = {"Authorization": f"Bearer {TEST_TOKEN}"}
    before = snapshot(guarded.store)
    with listening() as listener, guarded.client() as client:
        socket.create_connection(("127.0.0.1", listener.port), timeout=5).close()
        assert listener.count() == 1
        at = listener.url
        seen: list[tuple[str, int]] = []
        for query, status in hostile_queries(at):
            answers = [
                client.get("/sparql", params={"query": query}),
                client.post("/sparql", data={"query": query}),
                client.post(
                    "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
                ),
            ]
            seen += [(query, a.status_code) for a in answers]
            assert [a.status_code for a in answers] == [status] * 3, (query, answers[0].text)
            if status == 200 and "FROM" in query:
                assert all("read as empty" in a.headers["warning"] for a in answers)
        graphs = {"default-graph-uri": f"{at}/d.ttl", "named-graph-uri": f"{at}/n.ttl"}
        dataset = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", **graphs})
        assert dataset.status_code == 200 and dataset.json() == {"head": {}, "boolean": False}
        for update in hostile_updates(at):
            answers = [
                client.post("/update", data={"update": update}, headers=token),
                client.post("/sparql", data={"update": update}, headers=token),
                client.post(
                    "/update",
                    content=update,
                    headers={**token, "Content-Type": "application/sparql-update"},
                ),
            ]
            assert [a.status_code for a in answers] == [400] * 3, (update, answers[0].text)
            assert all("never fetches remote data" in a.text for a in answers)
        assert listener.count(settle=1.0) == 1, f"the service connected to {at}"
    assert snapshot(guarded.store) == before
    assert len(seen) == 3 * len(hostile_queries(at))


def test_the_row_cap_is_announced(guarded: LiveService) -> None:
    answer = httpx.get(guarded.url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert answer.status_code == 200
    assert len(answer.json()["results"]["bindings"]) == 2
    assert answer.headers["x-result-limit"] == "2"
    assert answer.headers["x-result-truncated"] == "true"
    assert "truncated at 2 rows" in answer.headers["warning"]
    small = httpx.get(guarded.url + "/sparql", params={"query": "SELECT * WHERE { } LIMIT 1"})
    assert "x-result-truncated" not in small.headers


def test_an_overlong_query_is_refused_with_the_limit(guarded: LiveService) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 600
    answer = httpx.get(guarded.url + "/sparql", params={"query": query})
    assert answer.status_code == 400
    assert "the limit is 500" in answer.text


def test_a_runaway_query_is_stopped_and_others_are_served(start_service: StartService) -> None:
    config = Settings(shipped_dir=MINI, query_timeout=2.0)
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], config)
    service = start_service(config, store)
    runaway = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    )
    with httpx.Client(base_url=service.url, timeout=30) as client:
        stopped = client.get("/sparql", params={"query": runaway})
        after = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert stopped.status_code == 503
    assert "time limit of 2 s" in stopped.text
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_two_hundred_megabytes_of_junk_are_refused_and_change_nothing(tmp_path: Path) -> None:
    config = Settings(shipped_dir=MINI)
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], config)
    before = snapshot(store)
    junk = tmp_path / "junk.ttl"
    with junk.open("wb") as out:
        for _ in range(200):
            out.write(os.urandom(1024 * 1024))
    with pytest.raises(IngestError) as refused:
        ingest(store, [junk], config)
    assert str(junk) in str(refused.value)
    assert (
        ":1:" in str(refused.value) or "line" in str(refused.value) or "UTF-8" in str(refused.value)
    )
    assert snapshot(store) == before
