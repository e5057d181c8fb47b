"""``kill -9`` during an ingest leaves the on-disk store as before or as after, never between.

Both ways of writing are killed: the transaction (a write smaller than the store) and the new copy
swapped in (a lone writer's write at least as big as the store, ``OxigraphStore._rebuild``).
Each case must kill a running ingest (exit status -SIGKILL): when the ingest finished before the
moment chosen, the case starts again from the same store and kills sooner, a few times at most.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
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


TRIES = 5


@dataclass(frozen=True)
class Killed:
    """One ingest run and its kill: the store folder, the quads before, how the process ended."""

    folder: Path
    before: set[ox.Quad]
    returncode: int
    delay: float
    finished_after: float | None  # seconds from the phase line to the ingest's own exit


def kill_ingest(
    folder: Path, big_source: Path, first: list[Path], phase: str, delay: float
) -> Killed:
    """Fill a fresh store with ``first``, start ``graphsvc ingest`` of the big source in a
    process, and ``kill -9`` it ``delay`` seconds after it says ``phase``."""
    store = OxigraphStore(folder)
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
    said = time.monotonic()
    while process.poll() is None and time.monotonic() < said + delay:
        time.sleep(0.01)
    finished_after = None if process.poll() is None else time.monotonic() - said
    if finished_after is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    if process.returncode != -signal.SIGKILL and finished_after is None:
        finished_after = time.monotonic() - said  # it ended between poll and kill
    process.stderr.close()
    return Killed(folder, before, process.returncode, delay, finished_after)


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
    first = [MINI / "ontology" / "hlm.ttl", MINI / "data"]
    if write == "transaction":  # a store bigger than the write: the write is one transaction
        first.append(write_big_source(tmp_path, "resident"))
    runs = [kill_ingest(tmp_path / "store-0", big_source, first, phase, delay)]
    while runs[-1].returncode != -signal.SIGKILL and len(runs) < TRIES:
        last = runs[-1]
        assert last.returncode == 0, f"the ingest failed by itself ({last.returncode})"
        assert last.finished_after is not None
        sooner = min(last.delay, last.finished_after) / 2
        runs.append(kill_ingest(tmp_path / f"store-{len(runs)}", big_source, first, phase, sooner))
    killed = runs[-1]
    tried = [(run.delay, run.returncode) for run in runs]
    assert killed.returncode == -signal.SIGKILL, f"no kill hit a running ingest: {tried}"
    folder, before = killed.folder, killed.before

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
    print(f"{phase} +{delay}s, {write}: big graph {len(big)} quads, (delay, exit) {tried}")
    if big:
        assert len(big) == TRIPLES
        assert {q for q in rest if "graph/inferred" not in str(q.graph_name)} == {
            q for q in before if "graph/inferred" not in str(q.graph_name)
        }
    else:
        assert after == before
