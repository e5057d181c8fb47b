"""Hostile input gets 4xx with a message, never a 500: the OpenAPI fuzzed by schemathesis, the
SPARQL endpoint by hypothesis (random queries, parameters and headers)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from livesvc import MINI, TEST_TOKEN, LiveService, serve

from graphsvc.ingest.pipeline import ingest
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


@pytest.fixture(scope="module")
def fuzzed_service() -> Iterator[LiveService]:
    config = Settings(update_token=TEST_TOKEN, shipped_dir=MINI, query_timeout=5, max_rows=50)
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], config)
    with serve(config, store) as service:
        yield service


@pytest.fixture(scope="module")
def api_schema(fuzzed_service: LiveService) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(fuzzed_service.url + "/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@FUZZ
def test_no_operation_of_the_openapi_answers_a_server_error(case: schemathesis.Case) -> None:
    response = case.call(timeout=30)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"


SPARQL_WORDS = st.sampled_from(
    [
        "SELECT",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "WHERE",
        "{",
        "}",
        "?s",
        "?p",
        "?o",
        "*",
        "FILTER",
        "(",
        ")",
        "OPTIONAL",
        "UNION",
        "GRAPH",
        "SERVICE",
        "LOAD",
        "FROM",
        "NAMED",
        "<http://x/>",
        "<",
        ">",
        '"',
        "'",
        "PREFIX",
        "a",
        ":",
        ".",
        ";",
        "LIMIT",
        "1",
        "BIND",
        "AS",
        "VALUES",
        "INSERT",
        "DELETE",
        "DATA",
        "#",
        "\\",
        "\u00e9",
        "\x00",
        "%",
        "+",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(SPARQL_WORDS, max_size=30).map(" ".join),
)
HEADER_VALUE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80)


@given(query=QUERIES, accept=st.one_of(HEADER_VALUE, st.sampled_from(["*/*", "text/csv"])))
@FUZZ
def test_random_queries_and_accept_headers_never_crash_the_endpoint(
    fuzzed_service: LiveService, query: str, accept: str
) -> None:
    answer = httpx.get(
        fuzzed_service.url + "/sparql", params={"query": query}, headers={"Accept": accept}
    )
    assert answer.status_code < 500 or answer.status_code == 503, answer.text
    if answer.status_code >= 400:
        assert answer.text.strip(), "an error says why"


@given(
    body=st.binary(max_size=300),
    content_type=st.one_of(
        HEADER_VALUE,
        st.sampled_from(
            [
                "application/sparql-query",
                "application/sparql-update",
                "application/x-www-form-urlencoded",
            ]
        ),
    ),
    authorised=st.booleans(),
)
@FUZZ
def test_random_bodies_never_crash_the_endpoint(
    fuzzed_service: LiveService, body: bytes, content_type: str, authorised: bool
) -> None:
    headers = {"Content-Type": content_type}
    if authorised:
        headers["Authorization"] = "Bearer wrong-token"
    answer = httpx.post(fuzzed_service.url + "/sparql", content=body, headers=headers)
    assert answer.status_code < 500, answer.text
