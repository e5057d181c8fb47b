"""Fixtures for the store layer: a miniature project (ontology, shapes, reference, two sources)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graphsvc.ingest import default_paths, ingest
from graphsvc.settings import Settings
from graphsvc.store import GraphStore, OxigraphStore

MINI = Path(__file__).resolve().parent.parent / "data" / "ingest"
BROKEN = MINI / "broken"


@pytest.fixture
def mini_settings() -> Settings:
    """Settings whose shipped data is the miniature project."""
    return Settings(store_dir=None, project_root=MINI)


@pytest.fixture
def mini_store(mini_settings: Settings) -> GraphStore:
    """An in-memory store with the miniature project ingested."""
    store = OxigraphStore(None)
    ingest(store, default_paths(mini_settings), mini_settings)
    return store


def snapshot(store: GraphStore) -> set[ox.Quad]:
    """Every quad, to compare a store before and after something that must change nothing."""
    return set(store.quads())
