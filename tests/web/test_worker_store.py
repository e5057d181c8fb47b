"""The query workers over an on-disk store, as ``GRAPHSVC_WORKER_STORE`` asks: ``disk`` (each worker
reads the RocksDB folder read-only: what ``auto`` picks above 300,000 quads) or ``memory`` (each
copies it). Either way the service answers from them and they see each write at once.

Which one a worker does is seen from outside: a worker reading on disk holds files of the store
folder open (``/proc/PID/fd``), one holding a copy does not.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from livesvc import MINI, TEST_TOKEN, LiveService, StartService

from graphsvc.ingest.pipeline import ingest
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore

LABELS = (
    "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)
C1 = "https://w3id.org/hlm/id/agreement/c1"
NEW_SOURCE = """@prefix hlm: <https://w3id.org/hlm/def/hlm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/hlm/id/agreement/c1> a hlm:Convention ; rdfs:label "C1"@fr ;
    hlm:party <https://w3id.org/hlm/id/organisation/foph> .
"""
LABEL_B1 = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA { GRAPH <https://w3id.org/hlm/graph/source/src2> {
  <https://w3id.org/hlm/id/agreement/b1> rdfs:label "B1 bis"@fr } }"""


def children_holding(folder: Path) -> set[int]:
    """The processes started by this one that hold a file under ``folder`` open."""
    holding = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != os.getpid():
                continue
            targets = [os.readlink(fd) for fd in (entry / "fd").iterdir()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if any(target.startswith(str(folder) + os.sep) for target in targets):
            holding.add(int(entry.name))
    return holding


def labels(service: LiveService) -> list[str]:
    with service.client() as client:
        answer = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200, answer.text
    return [row[0] for row in csv.reader(io.StringIO(answer.text))][1:]


def ask(service: LiveService, query: str) -> bool:
    with service.client() as client:
        answer = client.get("/sparql", params={"query": query})
    assert answer.status_code == 200, answer.text
    value: bool = answer.json()["boolean"]
    return value


@pytest.mark.parametrize("kind", ["disk", "memory"])
def test_workers_over_the_store_folder_answer_and_see_every_write(
    tmp_path: Path, start_service: StartService, kind: str
) -> None:
    folder = tmp_path / "store"
    settings = Settings(
        store_dir=folder,
        update_token=TEST_TOKEN,
        shipped_dir=MINI,
        worker_store=kind,
        query_workers=1,
    )
    store = OxigraphStore(folder)
    ingest(store, [MINI / "ontology", MINI / "data"], settings)
    service = start_service(settings, store)

    assert labels(service) == ["B1", "FOPH", "OPH A"]
    assert bool(children_holding(folder)) is (kind == "disk")
    token = {"Authorization": f"Bearer {TEST_TOKEN}"}
    with service.client() as client:
        put = client.put(
            "/store",
            params={"graph": "https://w3id.org/hlm/graph/source/src3"},
            content=NEW_SOURCE,
            headers={**token, "Content-Type": "text/turtle"},
        )
        assert put.status_code in (201, 204), put.text
        assert labels(service) == ["B1", "C1", "FOPH", "OPH A"]
        assert ask(service, f"ASK {{ <{C1}> a <https://w3id.org/hlm/def/hlm#Agreement> }}")
        update = client.post("/update", data={"update": LABEL_B1}, headers=token)
        assert update.status_code == 204, update.text
    assert labels(service) == ["B1", "B1 bis", "C1", "FOPH", "OPH A"]
    assert bool(children_holding(folder)) is (kind == "disk")
