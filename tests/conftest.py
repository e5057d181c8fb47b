"""Shared fixtures: the real service, started with uvicorn on 127.0.0.1 and a random port.

``live_service`` is session-scoped: one in-memory store, ingested once with the shipped data
(ontology, shapes, reference data, curated graph) through the same ``ingest`` the CLI uses.
``start_service`` lets a test start its own server over its own store and settings.
``mini_settings`` / ``mini_store``: the miniature project in an in-memory store, for the layers
below the web; ``shapes`` / ``ontology``: the shipped SHACL shapes and ontology as triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pyoxigraph as ox
import pytest
from livesvc import MINI, TEST_TOKEN, LiveService, StartService, serve
from virtuoso import virtuoso

from graphsvc.ingest.pipeline import default_paths, ingest
from graphsvc.rdf.rdfio import read_rdf_file
from graphsvc.settings import SHIPPED_DIR, Settings
from graphsvc.store.oxigraph import GraphStore, OxigraphStore


@pytest.fixture(scope="session")
def shipped_settings() -> Settings:
    """Settings of the shared test service: in memory, writes allowed with ``TEST_TOKEN``."""
    return Settings(store_dir=None, update_token=TEST_TOKEN, shipped_dir=SHIPPED_DIR)


@pytest.fixture(scope="session")
def shipped_store(shipped_settings: Settings) -> GraphStore:
    """An in-memory store holding the shipped data, ingested once per session."""
    store = OxigraphStore(None)
    present = [p for p in default_paths(shipped_settings) if p.exists()]
    if present:
        ingest(store, present, shipped_settings)
    return store


@pytest.fixture(scope="session")
def live_service(shipped_settings: Settings, shipped_store: GraphStore) -> Iterator[LiveService]:
    """The service over the shipped data, shared by the read-only HTTP tests."""
    with serve(shipped_settings, shipped_store) as service:
        yield service


@pytest.fixture(scope="session")
def virtuoso_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Virtuoso's SPARQL endpoint (the remote-store backend under test)."""
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


@pytest.fixture
def start_service() -> Iterator[StartService]:
    """Start another service (own store/settings) for tests that change or break things."""
    with ExitStack() as stack:

        def start(settings: Settings, store: GraphStore) -> LiveService:
            return stack.enter_context(serve(settings, store))

        yield start


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


@pytest.fixture(scope="session")
def shapes() -> list[ox.Triple]:
    return read_rdf_file(SHIPPED_DIR / "ontology" / "shapes.ttl")[1]


@pytest.fixture(scope="session")
def ontology() -> list[ox.Triple]:
    return read_rdf_file(SHIPPED_DIR / "ontology" / "hlm.ttl")[1]
