"""HTTP-layer fixtures: a service over the miniature project, independent of the curated data.

Protocol behaviour (formats, errors, the token, limits) is tested on this small, fixed dataset so
that a change to the curated graph never breaks a protocol test; facts are tested elsewhere.
``mini_service`` runs every read test twice: over the embedded Oxigraph store and over Virtuoso
through the SPARQL Protocol (the remote backend), so both backends meet one suite.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livesvc import MINI, TEST_TOKEN, LiveService, StartService, serve
from virtuoso import virtuoso_settings

from graphsvc.ingest.pipeline import ingest
from graphsvc.settings import Settings
from graphsvc.store.backends import open_configured_store
from graphsvc.store.oxigraph import GraphStore, OxigraphStore


def mini_store(settings: Settings) -> OxigraphStore:
    """A fresh in-memory store holding the miniature project, ingested like the real one."""
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], settings)
    return store


def mini_settings(**changes: object) -> Settings:
    """Settings for a service over the miniature project (writes allowed with the test token)."""
    base = Settings(update_token=TEST_TOKEN, shipped_dir=MINI, query_timeout=10)
    return base.with_changes(**changes)


def remote_mini_store(settings: Settings) -> GraphStore:
    """The miniature project ingested into the remote store, after dropping our old graphs."""
    store = open_configured_store(settings)
    store.drop_graphs(store.graph_names())
    ingest(store, [MINI / "ontology", MINI / "data"], settings)
    return store


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def mini_service(request: pytest.FixtureRequest) -> Iterator[LiveService]:
    """A read-only service over the miniature project, on each backend, shared by a module."""
    settings = mini_settings()
    if request.param == "virtuoso":
        settings = virtuoso_settings(request.getfixturevalue("virtuoso_url"), settings)
        store = remote_mini_store(settings)
    else:
        store = mini_store(settings)
    with serve(settings, store) as service:
        yield service
    store.close()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def fresh_mini(request: pytest.FixtureRequest, start_service: StartService) -> LiveService:
    """A service of its own over a fresh miniature store, on each backend, for tests that write.

    (A module using it must not also use ``mini_service``: on Virtuoso both share one server.)
    """
    settings = mini_settings()
    if request.param == "virtuoso":
        settings = virtuoso_settings(request.getfixturevalue("virtuoso_url"), settings)
        return start_service(settings, remote_mini_store(settings))
    return start_service(settings, mini_store(settings))
