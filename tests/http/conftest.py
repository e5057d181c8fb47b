"""HTTP-layer fixtures: a service over the miniature project, independent of the curated data.

Protocol behaviour (formats, errors, the token, limits) is tested on this small, fixed dataset so
that a change to the curated graph never breaks a protocol test; facts are tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livesvc import MINI, TEST_TOKEN, LiveService, StartService, serve

from graphsvc.ingest import ingest
from graphsvc.settings import Settings
from graphsvc.store import OxigraphStore


def mini_store(settings: Settings) -> OxigraphStore:
    """A fresh in-memory store holding the miniature project, ingested like the real one."""
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], settings)
    return store


def mini_settings(**changes: object) -> Settings:
    """Settings for a service over the miniature project (writes allowed with the test token)."""
    base = Settings(update_token=TEST_TOKEN, project_root=MINI, query_timeout=10)
    return base.with_changes(**changes)


@pytest.fixture(scope="module")
def mini_service() -> Iterator[LiveService]:
    """A read-mostly service over the miniature project, shared by a test module."""
    settings = mini_settings()
    with serve(settings, mini_store(settings)) as service:
        yield service


@pytest.fixture
def fresh_mini(start_service: StartService) -> LiveService:
    """A service of its own over a fresh miniature store, for tests that write."""
    settings = mini_settings()
    return start_service(settings, mini_store(settings))
