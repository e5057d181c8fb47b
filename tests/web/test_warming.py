"""Answers computed ahead: one run at start, one per settled burst of writes, failures survived.

A real ``Services`` over the miniature project in memory, with its real query workers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from graphsvc.iris import GraphNames
from graphsvc.query.querying import QueryJob
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import GraphStore
from graphsvc.web.services import Services
from graphsvc.web.warming import Warmer

JSON = "application/sparql-results+json"
LABELS = QueryJob(
    "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }", JSON
)
TYPES = QueryJob("SELECT DISTINCT ?t WHERE { ?s a ?t }", JSON)
BROKEN = QueryJob("SELECT ?x WHERE { ?x", JSON)


@pytest.fixture
def services(mini_store: GraphStore, mini_settings: Settings) -> Iterator[Services]:
    built = Services(
        settings=mini_settings, store=mini_store, graphs=GraphNames(mini_settings.base_iri)
    )
    yield built
    built.close()


def test_a_burst_of_writes_gives_one_run_after_it(services: Services) -> None:
    warmer = Warmer(services, [LABELS, TYPES], settle=1.0)
    services.after_write.append(warmer.written)
    assert warmer.wait_idle(120)
    assert warmer.runs == 1
    assert services.answers.kept(services.generation) == 2
    for _ in range(5):
        services.written(reasoned=True)
    assert services.answers.kept(services.generation) == 0  # kept for the old data only
    assert warmer.wait_idle(120)
    assert warmer.runs == 2, "five writes in a row should give one run after the last"
    assert services.answers.kept(services.generation) == 2


def test_a_query_that_fails_ahead_leaves_the_others_computed(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """Logged, the others kept, and the next write computes them again."""
    with caplog.at_level(logging.WARNING, logger="graphsvc.web.warming"):
        warmer = Warmer(services, [BROKEN, LABELS], settle=0.1)
        services.after_write.append(warmer.written)
        assert warmer.wait_idle(120)
        assert services.answers.kept(services.generation) == 1
        kept = services.answers.peek(services.generation, LABELS)
        assert kept is not None and b'"n"' in kept.body
        assert any("malformed query" in record.getMessage() for record in caplog.records)
        services.written(reasoned=True)
        assert warmer.wait_idle(120)
    assert warmer.runs == 2
    assert services.answers.kept(services.generation) == 1
