"""``kill -9`` during an ingest leaves the on-disk store as before or as after, never between."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from mini import MINI, snapshot

from graphsvc.ingest import ingest
from graphsvc.settings import Settings
from graphsvc.store import OxigraphStore

BIG_GRAPH = "https://w3id.org/hlm/graph/source/big"
TRIPLES = 60_000


def write_big_source(folder: Path) -> Path:
    """A valid source file large enough that writing it takes a noticeable time."""
    path = folder / "big.ttl"
    with path.open("w", encoding="utf-8") as out:
        out.write("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
        for i in range(TRIPLES):
            out.write(
                f'<https://w3id.org/hlm/id/organisation/o{i}> rdfs:label "Organisme {i}"@fr .\n'
            )
    return path


@pytest.fixture(scope="module")
def big_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_big_source(tmp_path_factory.mktemp("big"))


@pytest.mark.parametrize(
    "delay", [0.0, 0.4, 0.6, 0.8, 1.0, 4.0], ids=lambda d: f"kill-{d}s-into-store"
)
def test_kill_during_ingest_leaves_before_or_after(
    tmp_path: Path, big_source: Path, delay: float
) -> None:
    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    ingest(store, [MINI / "ontology" / "hlm.ttl", MINI / "data"], Settings(project_root=MINI))
    before = snapshot(store)
    store.close()

    process = subprocess.Popen(
        [sys.executable, "-m", "graphsvc.cli", "ingest", "--store", str(folder), str(big_source)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "storing" in line:
            break
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    reopened = OxigraphStore(folder)
    after = snapshot(reopened)
    big = {q for q in after if q.graph_name == ox.NamedNode(BIG_GRAPH)}
    rest = after - big
    reopened.close()
    print(f"delay {delay}: big graph {len(big)} quads, returncode {process.returncode}")
    if big:
        assert len(big) == TRIPLES
        assert {q for q in rest if "graph/inferred" not in str(q.graph_name)} == {
            q for q in before if "graph/inferred" not in str(q.graph_name)
        }
    else:
        assert after == before
