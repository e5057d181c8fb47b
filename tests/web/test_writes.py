"""Writes over HTTP: SPARQL Update and the Graph Store Protocol, only with the token.

Every refused write is checked to have changed nothing; every accepted one to be visible to the
next query (the query workers reopen their copy) with its OWL RL consequences.
"""

from __future__ import annotations

import httpx
import pytest
from livesvc import TEST_TOKEN, LiveService, StartService, snapshot

from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
HLM = "https://w3id.org/hlm/def/hlm#"
NEW_OPH = "https://w3id.org/hlm/id/organisation/oph-new"
INSERT_OPH = (
    "INSERT DATA { GRAPH <https://w3id.org/hlm/graph/source/src9> { "
    f'<{NEW_OPH}> a <{HLM}OfficePublicHabitat> ; <http://www.w3.org/2000/01/rdf-schema#label> "N" '
    "} }"
)
IS_BAILLEUR = f"ASK {{ <{NEW_OPH}> a <{HLM}BailleurSocial> }}"
SRC1 = "https://w3id.org/hlm/graph/source/src1"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
OPH_TURTLE = f'<{NEW_OPH}> a <{HLM}OfficePublicHabitat> ; {LABEL} "OPH N"@fr .'


def post_new_office(service: LiveService, graph: str) -> httpx.Response:
    """A Graph Store POST (with the token) of a new, valid office into ``graph``."""
    return httpx.post(
        service.url + "/store",
        params={"graph": graph},
        content=OPH_TURTLE,
        headers={"Content-Type": "text/turtle", **AUTH},
    )


def ask(service: LiveService, query: str) -> bool:
    answer = httpx.get(service.url + "/sparql", params={"query": query})
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["boolean"])


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TEST_TOKEN}"}],
)
def test_update_without_the_right_token_is_401_and_changes_nothing(
    fresh_mini: LiveService, headers: dict[str, str]
) -> None:
    before = snapshot(fresh_mini.store)
    answer = httpx.post(
        fresh_mini.url + "/update",
        content=INSERT_OPH,
        headers={"Content-Type": "application/sparql-update", **headers},
    )
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert snapshot(fresh_mini.store) == before


def test_a_read_only_service_refuses_writes_with_403(start_service: StartService) -> None:
    service = start_service(Settings(), OxigraphStore(None))
    answer = httpx.post(
        service.url + "/sparql",
        data={"update": INSERT_OPH},
        headers={"Authorization": "Bearer anything"},
    )
    assert answer.status_code == 403
    assert "read-only" in answer.text
    assert len(service.store) == 0


@pytest.mark.parametrize("route", ["/update", "/sparql"])
def test_update_with_the_token_is_applied_reasoned_and_visible(
    fresh_mini: LiveService, route: str
) -> None:
    assert not ask(fresh_mini, IS_BAILLEUR)
    answer = httpx.post(
        fresh_mini.url + route,
        content=INSERT_OPH,
        headers={"Content-Type": "application/sparql-update", **AUTH},
    )
    assert answer.status_code == 204, answer.text
    assert ask(fresh_mini, IS_BAILLEUR), "the inferred graph was brought up to date"


def test_load_in_an_update_is_refused_before_it_runs(fresh_mini: LiveService) -> None:
    before = snapshot(fresh_mini.store)
    answer = httpx.post(
        fresh_mini.url + "/update",
        data={"update": "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://x/g>"},
        headers=AUTH,
    )
    assert answer.status_code == 400
    assert "LOAD is not allowed" in answer.text
    assert snapshot(fresh_mini.store) == before


def test_a_malformed_update_is_400_and_changes_nothing(fresh_mini: LiveService) -> None:
    before = snapshot(fresh_mini.store)
    answer = httpx.post(fresh_mini.url + "/update", data={"update": "INSERT DATA {"}, headers=AUTH)
    assert answer.status_code == 400
    assert "malformed update" in answer.text
    assert snapshot(fresh_mini.store) == before


def test_graph_store_put_replaces_a_graph_through_validation(fresh_mini: LiveService) -> None:
    body = OPH_TURTLE
    url = fresh_mini.url + "/store"
    created = httpx.put(
        url, params={"graph": SRC1}, content=body, headers={"Content-Type": "text/turtle", **AUTH}
    )
    assert created.status_code == 204, created.text
    assert ask(fresh_mini, IS_BAILLEUR)
    assert not ask(fresh_mini, "ASK { <https://w3id.org/hlm/id/agreement/a1> ?p ?o }")


def test_graph_store_put_of_invalid_data_is_refused_and_changes_nothing(
    fresh_mini: LiveService,
) -> None:
    before = snapshot(fresh_mini.store)
    unlabelled = f"<{NEW_OPH}> a <{HLM}OfficePublicHabitat> ."
    answer = httpx.put(
        fresh_mini.url + "/store",
        params={"graph": "https://w3id.org/hlm/graph/source/new"},
        content=unlabelled,
        headers={"Content-Type": "text/turtle", **AUTH},
    )
    assert answer.status_code == 422
    assert "LabelShape" in answer.text
    broken = httpx.put(
        fresh_mini.url + "/store",
        params={"graph": SRC1},
        content="<a> <b> .",
        headers={"Content-Type": "text/turtle", **AUTH},
    )
    assert broken.status_code == 422
    assert "<request body>:1" in broken.text
    assert snapshot(fresh_mini.store) == before


def test_graph_store_post_merges_and_delete_drops(fresh_mini: LiveService) -> None:
    url = fresh_mini.url + "/store"
    graph = "https://w3id.org/hlm/graph/source/new"
    body = OPH_TURTLE
    created = httpx.post(
        url, params={"graph": graph}, content=body, headers={"Content-Type": "text/turtle", **AUTH}
    )
    assert created.status_code == 201
    assert graph in fresh_mini.store.graph_names()
    deleted = httpx.delete(url, params={"graph": graph}, headers=AUTH)
    assert deleted.status_code == 204
    assert graph not in fresh_mini.store.graph_names()
    assert not ask(fresh_mini, IS_BAILLEUR), "its consequences went with it"
    again = httpx.delete(url, params={"graph": graph}, headers=AUTH)
    assert again.status_code == 404


def test_health_and_from_see_a_new_graph_at_once(fresh_mini: LiveService) -> None:
    """Graph names and the quad count are kept between writes: a write must not be hidden.
    Nor may it lose entailments (a remote store's default graph was once read as asserted)."""
    graph = "https://w3id.org/hlm/graph/source/new"
    from_new = f"SELECT * FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    inferred = "https://w3id.org/hlm/graph/inferred"
    entailed = set(fresh_mini.store.triples(inferred))
    before = httpx.get(fresh_mini.url + "/health").json()
    absent = httpx.get(
        fresh_mini.url + "/sparql", params={"query": from_new}, headers={"Accept": "text/csv"}
    )
    assert absent.status_code == 200 and len(absent.text.splitlines()) == 1  # header, no row
    assert f"no such graph in this store, read as empty: <{graph}>" in absent.headers["warning"]
    created = post_new_office(fresh_mini, graph)
    assert created.status_code == 201
    after = httpx.get(fresh_mini.url + "/health").json()
    assert after["graphs"] == before["graphs"] + 1
    assert after["quads"] == len(fresh_mini.store) > before["quads"]
    assert entailed < set(fresh_mini.store.triples(inferred)), "a write keeps what was entailed"
    answered = httpx.get(
        fresh_mini.url + "/sparql", params={"query": from_new}, headers={"Accept": "text/csv"}
    )
    assert answered.status_code == 200 and NEW_OPH in answered.text


def test_graph_store_refuses_writes_to_the_union_and_the_inferred_graph(
    fresh_mini: LiveService,
) -> None:
    url = fresh_mini.url + "/store"
    headers = {"Content-Type": "text/turtle", **AUTH}
    default = httpx.put(url + "?default", content="<a:b> <a:c> <a:d> .", headers=headers)
    assert default.status_code == 405
    inferred = httpx.put(
        url,
        params={"graph": "https://w3id.org/hlm/graph/inferred"},
        content="<a:b> <a:c> <a:d> .",
        headers=headers,
    )
    assert inferred.status_code == 403
    unauthenticated = httpx.delete(url, params={"graph": SRC1})
    assert unauthenticated.status_code == 401


def test_a_kept_canned_answer_is_served_until_a_write(fresh_mini: LiveService) -> None:
    """The embedded store's canned answers are kept (``X-Cache: hit``) until a write; a remote
    store, which others may write, is asked every time."""
    url, params = fresh_mini.url + "/queries/search", {"q": "oph n", "format": "csv"}
    first, second = httpx.get(url, params=params), httpx.get(url, params=params)
    assert first.status_code == second.status_code == 200
    assert NEW_OPH not in first.text and second.text == first.text
    embedded = isinstance(fresh_mini.store, OxigraphStore)
    assert [first.headers["X-Cache"], second.headers["X-Cache"]] == [
        "miss",
        "hit" if embedded else "miss",
    ]
    created = post_new_office(fresh_mini, "https://w3id.org/hlm/graph/source/new")
    assert created.status_code == 201
    third = httpx.get(url, params=params)
    assert third.headers["X-Cache"] == "miss"
    assert NEW_OPH in third.text
