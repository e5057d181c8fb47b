"""Shared fixtures: the real service, started with uvicorn on 127.0.0.1 and a random port.

``live_service`` is session-scoped: one in-memory store, ingested once with the shipped data
(ontology, shapes, reference data, curated graph) through the same ``ingest`` the CLI uses.
``start_service`` lets a test start its own server over its own store and settings.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from graphsvc.app import create_app
from graphsvc.ingest import default_paths, ingest
from graphsvc.settings import Settings
from graphsvc.store import GraphStore, OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"
TEST_TOKEN = "test-token-5d0b1c"


@dataclass(frozen=True)
class LiveService:
    """A running service: its base URL, settings and store (to check what a request changed)."""

    url: str
    settings: Settings
    store: GraphStore

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0, **kwargs)  # type: ignore[arg-type]


@contextmanager
def serve(settings: Settings, store: GraphStore) -> Iterator[LiveService]:
    """Run uvicorn in a thread on 127.0.0.1:0 until the block ends."""
    app = create_app(settings, store)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveService(f"http://127.0.0.1:{port}", settings, store)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def shipped_settings() -> Settings:
    """Settings of the shared test service: in memory, writes allowed with ``TEST_TOKEN``."""
    return Settings(store_dir=None, update_token=TEST_TOKEN, project_root=ROOT)


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


@pytest.fixture
def start_service() -> Callable[[Settings, GraphStore], object]:
    """Start another service (own store/settings) for tests that change or break things."""
    stack: list[object] = []

    def start(settings: Settings, store: GraphStore) -> LiveService:
        manager = serve(settings, store)
        service = manager.__enter__()
        stack.append(manager)
        return service

    yield start  # type: ignore[misc]
    for manager in reversed(stack):
        manager.__exit__(None, None, None)  # type: ignore[attr-defined]
