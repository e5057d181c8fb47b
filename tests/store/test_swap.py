"""A lone writer's big write goes to a new copy swapped in; a crash mid-swap is finished or undone.

``graphsvc.store.swap.recover_swap`` is what makes the copy-and-swap as safe as a transaction: these
tests leave the folders in each state a kill can leave them in, then open the store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from mini import BROKEN, MINI, snapshot

from graphsvc.errors import IngestError
from graphsvc.ingest.pipeline import ingest
from graphsvc.settings import Settings
from graphsvc.store import oxigraph as store_module
from graphsvc.store.oxigraph import OxigraphStore, begin_write
from graphsvc.store.swap import COMPLETE_MARK

A = "https://w3id.org/hlm/graph/source/a"
B = "https://w3id.org/hlm/graph/source/b"


def labels(count: int, prefix: str) -> list[ox.Triple]:
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    return [
        ox.Triple(ox.NamedNode(f"https://w3id.org/hlm/id/x/{prefix}{i}"), label, ox.Literal(str(i)))
        for i in range(count)
    ]


def contents(folder: Path) -> dict[str, int]:
    """Quads per graph of the store in ``folder``, opened the way the service opens it."""
    store = OxigraphStore(folder)
    try:
        counts: dict[str, int] = {}
        for quad in store.quads():
            name = str(quad.graph_name)
            counts[name] = counts.get(name, 0) + 1
        return counts
    finally:
        store.close()


def filled(folder: Path, graphs: dict[str, list[ox.Triple]]) -> Path:
    store = OxigraphStore(folder)
    store.replace_graphs(graphs)
    store.close()
    return folder


@pytest.fixture(autouse=True)
def small_rebuilds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Swap from 10 quads up, so that the tests stay small."""
    monkeypatch.setattr(store_module, "REBUILD_MIN_QUADS", 10)


def test_a_big_exclusive_write_swaps_in_a_copy_with_the_kept_graphs(tmp_path: Path) -> None:
    folder = filled(tmp_path / "store", {A: labels(5, "a")})
    store = OxigraphStore(folder)
    inode = folder.stat().st_ino
    write = begin_write(store, {B: labels(20, "b")}, exclusive=True)
    assert len(store) == 5, "the store is unchanged until the write finishes"
    write.finish({})
    assert folder.stat().st_ino != inode, "the write should have gone to a new folder"
    assert len(store) == 25
    assert store.graph_names() == [A, B]
    store.close()
    assert contents(folder) == {f"<{A}>": 5, f"<{B}>": 20}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_replaced_graph_loses_its_old_triples_in_the_copy(tmp_path: Path) -> None:
    folder = filled(tmp_path / "store", {A: labels(5, "a"), B: labels(3, "old")})
    store = OxigraphStore(folder)
    begin_write(store, {B: labels(12, "new")}, exclusive=True).finish({f"{B}-more": labels(2, "m")})
    store.close()
    assert contents(folder) == {f"<{A}>": 5, f"<{B}>": 12, f"<{B}-more>": 2}


def test_an_abandoned_copy_leaves_the_store_and_no_folder(tmp_path: Path) -> None:
    folder = filled(tmp_path / "store", {A: labels(5, "a")})
    store = OxigraphStore(folder)
    begin_write(store, {B: labels(5000, "b")}, exclusive=True).abandon()
    assert len(store) == 5
    store.close()
    assert contents(folder) == {f"<{A}>": 5}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


@pytest.mark.parametrize("exclusive", [False, True])
def test_writes_smaller_than_the_store_or_shared_stay_in_place(
    tmp_path: Path, exclusive: bool
) -> None:
    folder = filled(tmp_path / "store", {A: labels(30, "a")})
    store = OxigraphStore(folder)
    inode = folder.stat().st_ino
    begin_write(store, {B: labels(20 if exclusive else 40, "b")}, exclusive=exclusive).finish({})
    store.close()
    assert folder.stat().st_ino == inode
    assert contents(folder) == {f"<{A}>": 30, f"<{B}>": 20 if exclusive else 40}


def test_killed_between_the_renames_with_a_complete_copy_rolls_forward(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    filled(tmp_path / ".store.old", {A: labels(5, "a")})
    copy = filled(tmp_path / ".store.new", {A: labels(5, "a"), B: labels(20, "b")})
    (copy / COMPLETE_MARK).touch()
    assert contents(folder) == {f"<{A}>": 5, f"<{B}>": 20}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_killed_before_the_copy_was_complete_rolls_back(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    filled(tmp_path / ".store.old", {A: labels(5, "a")})
    filled(tmp_path / ".store.new", {B: labels(20, "b")})  # no completion mark
    assert contents(folder) == {f"<{A}>": 5}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_killed_while_loading_the_copy_keeps_the_store(tmp_path: Path) -> None:
    folder = filled(tmp_path / "store", {A: labels(5, "a")})
    filled(tmp_path / ".store.new", {B: labels(20, "b")})
    (tmp_path / ".store.parts").mkdir()
    (tmp_path / ".store.parts" / "part-0.nq").write_text("<urn:a> <urn:b> <urn:c> .\n")
    assert contents(folder) == {f"<{A}>": 5}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_killed_after_the_swap_keeps_the_new_store(tmp_path: Path) -> None:
    folder = filled(tmp_path / "store", {B: labels(20, "b")})
    (folder / COMPLETE_MARK).touch()
    filled(tmp_path / ".store.old", {A: labels(5, "a")})
    assert contents(folder) == {f"<{B}>": 20}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert not (folder / COMPLETE_MARK).exists()


def without_blank_nodes(quads: set[ox.Quad]) -> set[ox.Quad]:
    """Quads comparable across two parses (a parse gives ``[]`` fresh blank nodes)."""
    return {
        q for q in quads if not isinstance(q.subject, ox.BlankNode | ox.Triple)
        and not isinstance(q.object, ox.BlankNode | ox.Triple)
    }  # fmt: skip


def test_an_ingest_through_the_copy_stores_what_a_transaction_stores(tmp_path: Path) -> None:
    settings = Settings(shipped_dir=MINI)
    stored: dict[bool, set[ox.Quad]] = {}
    for exclusive in (False, True):
        store = OxigraphStore(tmp_path / f"store-{exclusive}")
        ingest(store, [MINI / "ontology", MINI / "data"], settings, exclusive=exclusive)
        stored[exclusive] = snapshot(store)
        store.close()
    assert len(stored[True]) == len(stored[False]) > 20
    assert without_blank_nodes(stored[True]) == without_blank_nodes(stored[False])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store-False", "store-True"]


@pytest.mark.parametrize("name", ["unlabelled.ttl", "inconsistent.ttl"])
def test_a_refused_ingest_through_the_copy_changes_nothing(tmp_path: Path, name: str) -> None:
    settings = Settings(shipped_dir=MINI)
    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    ingest(store, [MINI / "ontology"], settings)
    before = snapshot(store)
    with pytest.raises(IngestError):
        ingest(store, [MINI / "data", BROKEN / name], settings, exclusive=True)
    assert snapshot(store) == before
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
