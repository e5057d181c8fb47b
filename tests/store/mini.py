"""The miniature project used by the store-layer tests (ontology, shapes, reference, sources)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graphsvc.store import GraphStore

MINI = Path(__file__).resolve().parent.parent / "data" / "ingest"
BROKEN = MINI / "broken"


def snapshot(store: GraphStore) -> set[ox.Quad]:
    """Every quad, to compare a store before and after something that must change nothing."""
    return set(store.quads())
