"""Limits announced, never silent; no outbound connection a user can trigger; junk refused.

The no-egress test records every ``socket.connect`` of this process with a Python audit hook
(the service runs in a thread of the test process) while hostile requests are sent: the only
connections allowed are the test client's own to the service.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
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
