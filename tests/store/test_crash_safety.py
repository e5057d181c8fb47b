"""``kill -9`` during an ingest leaves the on-disk store as before or as after, never between.

Both ways of writing are killed: the transaction (a write smaller than the store) and the new copy
swapped in (a lone writer's write at least as big as the store, ``OxigraphStore._rebuild``).
"""

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

from graphsvc.ingest.pipeline import ingest
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore
from graphsvc.store.swap import copy_dir

BIG_GRAPH = "https://w3id.org/hlm/graph/source/big"
TRIPLES = 60_000


def write_big_source(folder: Path, name: str = "big") -> Path:
    """A valid source file large enough that writing it takes a noticeable time."""
    path = folder / f"{name}.ttl"
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


@pytest.mark.parametrize("write", ["copy", "transaction"])
@pytest.mark.parametrize(
    ("phase", "delay"),
    [("validating", 0.0), ("validating", 0.8), ("storing", 0.0), ("storing", 0.4),
     ("storing", 1.5), ("storing", 4.0)],
    ids=lambda value: f"{value}s" if isinstance(value, float) else f"kill-{value}",
)  # fmt: skip
def test_kill_during_ingest_leaves_before_or_after(
    tmp_path: Path, big_source: Path, phase: str, delay: float, write: str
) -> None:
    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    first = [MINI / "ontology" / "hlm.ttl", MINI / "data"]
    if write == "transaction":  # a store bigger than the write: the write is one transaction
        first.append(write_big_source(tmp_path, "resident"))
    ingest(store, first, Settings(shipped_dir=MINI))
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
        if phase in line:
            break
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    reopened = OxigraphStore(folder)
    after = snapshot(reopened)
    for _ in range(50):  # the orphaned bulk loader deletes its copy as its input ends
        if not copy_dir(folder).exists():
            break
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    big = {q for q in after if q.graph_name == ox.NamedNode(BIG_GRAPH)}
    rest = after - big
    reopened.close()
    print(
        f"{phase} +{delay}s, {write}: big graph {len(big)} quads, returncode {process.returncode}"
    )
    if big:
        assert len(big) == TRIPLES
        assert {q for q in rest if "graph/inferred" not in str(q.graph_name)} == {
            q for q in before if "graph/inferred" not in str(q.graph_name)
        }
    else:
        assert after == before
