"""Fixtures for the store layer: the miniature project, ingested into an in-memory store."""

from __future__ import annotations

import pytest
from mini import MINI

from graphsvc.ingest import default_paths, ingest
from graphsvc.settings import Settings
from graphsvc.store import GraphStore, OxigraphStore


@pytest.fixture
def mini_settings() -> Settings:
    """Settings whose shipped data is the miniature project."""
    return Settings(store_dir=None, shipped_dir=MINI)


@pytest.fixture
def mini_store(mini_settings: Settings) -> GraphStore:
    """An in-memory store with the miniature project ingested."""
    store = OxigraphStore(None)
    ingest(store, default_paths(mini_settings), mini_settings)
    return store
