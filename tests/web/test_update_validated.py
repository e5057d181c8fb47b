"""SPARQL Update goes through the ingest pipeline: validated, reasoned, swapped in, or refused.

On a fresh in-memory copy of the shipped data per test (its shapes are the contract a write must
meet), served by a real uvicorn, written with the token. A refused update must answer 422 with
every violation and leave the store unchanged quad for quad; an accepted one must be visible with
its inferences to the next query and to canned answers kept from before it. The remote store keeps
the unvalidated path (``graphsvc.ingest.update``), so these run on the embedded store only.
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from livesvc import TEST_TOKEN, LiveService, StartService, snapshot

from graphsvc.settings import Settings
from graphsvc.store.oxigraph import GraphStore, OxigraphStore

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
SPARQL_UPDATE = {"Content-Type": "application/sparql-update", **AUTH}
ID = "https://w3id.org/hlm/id/"
SHAPES = "https://w3id.org/hlm/def/shapes#"
HLM = "https://w3id.org/hlm/def/hlm#"
INFERRED = "https://w3id.org/hlm/graph/inferred"
INFERRED_NODE = ox.NamedNode(INFERRED)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
PREFIXES = (
    "PREFIX hlm: <https://w3id.org/hlm/def/hlm#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)
BOGUS = f"{ID}agreement/bogus"
FOPH = f"{ID}organisation/foph"
SOURCES = "https://w3id.org/hlm/graph/source/"
MAYOTTE = f"{ID}organisation/association-des-intercommunalites-de-mayotte"
NEW = f"{ID}agreement/2026-convention-update-test"

# The first example: a convention with no party, no label, no source, no evidence.
BOGUS_CONVENTION = (
    PREFIXES
    + f"INSERT DATA {{ GRAPH <https://w3id.org/hlm/graph/x> {{ <{BOGUS}> a hlm:Convention }} }}"
)
BOGUS_VIOLATIONS = {
    (BOGUS, f"{SHAPES}AgreementShape", RDFS_LABEL, "an agreement has a label"),
    (BOGUS, f"{SHAPES}ConventionShape", f"{HLM}party", "a convention names at least one party"),
    (
        BOGUS,
        f"{SHAPES}EvidencedShape",
        f"{HLM}evidence",
        "every fact-bearing node points to the sentence that states it (hlm:evidence)",
    ),
    (
        BOGUS,
        f"{SHAPES}SourcedShape",
        DERIVED_FROM,
        "every fact-bearing node derives from a source article (prov:wasDerivedFrom)",
    ),
}
# The second example, as far as the shapes reach: the FOPH keeps its type (an
# organisation) but loses its label and its sources, wherever they are stated.
STRIP_FOPH = PREFIXES + (
    f"DELETE WHERE {{ GRAPH ?g {{ <{FOPH}> rdfs:label ?label }} }} ;\n"
    f"DELETE WHERE {{ GRAPH ?g {{ <{FOPH}> prov:wasDerivedFrom ?source }} }}"
)
STRIP_FOPH_VIOLATIONS = {
    (
        FOPH,
        f"{SHAPES}LabelShape",
        None,
        "a named thing has an rdfs:label; a thing the text does not name keeps the text's words "
        "(hlm:describedAs)",
    ),
    (
        FOPH,
        f"{SHAPES}SourcedShape",
        DERIVED_FROM,
        "every fact-bearing node derives from a source article (prov:wasDerivedFrom)",
    ),
    (
        FOPH,
        f"{SHAPES}PartyShape",
        None,
        "a party to an agreement has a label, or the text's words (hlm:describedAs)",
    ),
    (
        FOPH,
        f"{SHAPES}PartyShape",
        DERIVED_FROM,
        "a party to an agreement derives from a source article (prov:wasDerivedFrom)",
    ),
}
# A valid agreement, shaped as the curated ones (tests/data/… and data/graph/001_…): kind,
# label, parties, source article, the sentence that states it.
NEW_CONVENTION = PREFIXES + (
    "INSERT DATA { GRAPH <https://w3id.org/hlm/graph/source/update-test> {\n"
    f'  <{NEW}> a hlm:Convention ; rdfs:label "Convention de test"@fr ;\n'
    f"    hlm:party <{FOPH}> , <{MAYOTTE}> ;\n"
    f"    prov:wasDerivedFrom <{ID}source/001_410b20723ebb56ed> ;\n"
    f"    hlm:evidence <{ID}evidence/001_410b20723ebb56ed/mayotte> .\n"
    "} }"
)
NEW_IS_AN_AGREEMENT = f"ASK {{ GRAPH <{INFERRED}> {{ <{NEW}> a <{HLM}Agreement> }} }}"


@pytest.fixture
def shipped_copy(
    start_service: StartService, shipped_settings: Settings, shipped_store: GraphStore
) -> LiveService:
    """A service of its own over a fresh in-memory copy of the shipped data (ingested once)."""
    store = OxigraphStore(None)
    store.replace_graphs({g: list(shipped_store.triples(g)) for g in shipped_store.graph_names()})
    return start_service(shipped_settings, store)


def post_update(service: LiveService, route: str, update: str, **headers: str) -> httpx.Response:
    """An update with the token: a direct body to /update, a form to /sparql."""
    if route == "/sparql":
        return httpx.post(service.url + route, data={"update": update}, headers={**AUTH, **headers})
    return httpx.post(service.url + route, content=update, headers={**SPARQL_UPDATE, **headers})


def violation_lines(violations: set[tuple[str, str, str | None, str]]) -> list[str]:
    """The lines the plain-text 422 lists, one per violation (``Violation.describe``)."""
    return sorted(
        f"- shape <{shape}> failed for <{focus}>{f' on {path}' if path else ''}: {message}"
        for focus, shape, path, message in violations
    )


def asserted_quads(store: GraphStore) -> set[ox.Quad]:
    return {q for q in store.quads() if q.graph_name != INFERRED_NODE}


def ask(service: LiveService, query: str) -> bool:
    answer = httpx.get(service.url + "/sparql", params={"query": query})
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["boolean"])


@pytest.mark.parametrize("route", ["/update", "/sparql"])
@pytest.mark.parametrize(
    ("update", "violations", "summary"),
    [
        (BOGUS_CONVENTION, BOGUS_VIOLATIONS, "4 violations of the shapes"),
        (STRIP_FOPH, STRIP_FOPH_VIOLATIONS, "4 violations of the shapes"),
    ],
    ids=["convention-without-anything", "foph-without-label-or-source"],
)
def test_an_invalid_update_is_422_with_every_violation_and_changes_nothing(
    shipped_copy: LiveService,
    route: str,
    update: str,
    violations: set[tuple[str, str, str | None, str]],
    summary: str,
) -> None:
    before = snapshot(shipped_copy.store)
    answer = post_update(shipped_copy, route, update)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    first, *lines = answer.text.strip().split("\n")
    assert first == f"the update was refused and changed nothing: {summary}"
    assert sorted(lines) == violation_lines(violations)
    assert snapshot(shipped_copy.store) == before


def test_a_refused_update_lists_its_violations_as_json_when_asked(
    shipped_copy: LiveService,
) -> None:
    before = snapshot(shipped_copy.store)
    answer = post_update(shipped_copy, "/update", BOGUS_CONVENTION, Accept="application/json")
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/json"
    document = answer.json()
    assert document["error"] == (
        "the update was refused and changed nothing: 4 violations of the shapes"
    )
    assert document["inconsistencies"] == []
    assert {
        (v["focus_node"], v["shape"], v["path"], v["message"]) for v in document["violations"]
    } == BOGUS_VIOLATIONS
    assert len(document["violations"]) == len(BOGUS_VIOLATIONS)
    assert {v["severity"] for v in document["violations"]} == {"Violation"}
    assert snapshot(shipped_copy.store) == before


def test_a_valid_update_is_visible_with_its_inferences_to_queries_and_canned_answers(
    shipped_copy: LiveService,
) -> None:
    """At once, with its inferences: to SPARQL, to a canned answer kept from before, to its
    linked-data page and to the dump. And a refused update just before leaves nothing behind."""
    network = shipped_copy.url + "/queries/partnership-network"
    kept = [httpx.get(network, params={"format": "json"}) for _ in range(2)]
    assert [a.headers["X-Cache"] for a in kept] == ["miss", "hit"]
    assert NEW not in kept[1].text
    assert post_update(shipped_copy, "/update", BOGUS_CONVENTION).status_code == 422
    assert not ask(shipped_copy, NEW_IS_AN_AGREEMENT)

    answer = post_update(shipped_copy, "/update", NEW_CONVENTION)
    assert answer.status_code == 204, answer.text
    assert ask(shipped_copy, NEW_IS_AN_AGREEMENT), "hlm:Agreement, inferred from hlm:Convention"
    assert ask(shipped_copy, f"ASK {{ <{FOPH}> <{HLM}partyTo> <{NEW}> }}"), "owl:inverseOf"
    assert not ask(shipped_copy, f"ASK {{ <{BOGUS}> ?p ?o }}")
    is_an_agreement = ox.Triple(ox.NamedNode(NEW), RDF_TYPE, ox.NamedNode(f"{HLM}Agreement"))
    page = httpx.get(
        shipped_copy.url + NEW.removeprefix("https://w3id.org/hlm"),
        headers={"Accept": "application/n-triples"},
    )
    assert page.status_code == 200, page.text
    assert is_an_agreement in {
        q.triple for q in ox.parse(page.content, format=ox.RdfFormat.N_TRIPLES)
    }
    dump = httpx.get(shipped_copy.url + "/data", params={"format": "nq"})
    assert dump.status_code == 200, dump.text
    quads = set(ox.parse(dump.content, format=ox.RdfFormat.N_QUADS))
    assert (
        ox.Quad(ox.NamedNode(NEW), RDF_TYPE, ox.NamedNode(f"{HLM}Agreement"), INFERRED_NODE)
        in quads
    )
    after = httpx.get(network, params={"format": "json"})
    assert after.status_code == 200, after.text
    assert after.headers["X-Cache"] == "miss"
    edges = [{k: v["value"] for k, v in row.items()} for row in after.json()["results"]["bindings"]]
    new_edges = [e for e in edges if NEW in e["agreementList"].split()]
    assert new_edges == [
        {
            "source": MAYOTTE,
            "sourceLabel": "Association des intercommunalités de Mayotte",
            "sourceKind": f"{HLM}AssociationOfLocalAuthorities",
            "target": FOPH,
            "targetLabel": "Fédération nationale des Offices Publics de l'Habitat",
            "targetKind": f"{HLM}Federation",
            "agreements": "1",
            "agreementList": NEW,
        }
    ]


def test_an_update_that_makes_the_data_inconsistent_is_422_and_changes_nothing(
    shipped_copy: LiveService,
) -> None:
    """The shapes pass (an agreement with a label, sources and evidence may be typed an
    organisation), the ontology does not: an agreement is never an actor."""
    before = snapshot(shipped_copy.store)
    mayotte = f"{ID}agreement/2025-convention-association-intercommunalites-mayotte"
    answer = post_update(
        shipped_copy,
        "/update",
        "INSERT DATA { GRAPH <https://w3id.org/hlm/graph/x> { "
        f"<{mayotte}> a <http://www.w3.org/ns/org#FormalOrganization> }} }}",
        Accept="application/json",
    )
    assert answer.status_code == 422, answer.text
    assert answer.json() == {
        "error": "the update was refused and changed nothing: an inconsistency with the ontology",
        "violations": [],
        "inconsistencies": [
            f"cax-dw: a node is in two disjoint classes (<{mayotte}>, <{HLM}Agreement>, "
            f"<{HLM}Actor>)"
        ],
    }
    assert snapshot(shipped_copy.store) == before


def test_an_update_cannot_add_to_the_inferred_graph(shipped_copy: LiveService) -> None:
    before = snapshot(shipped_copy.store)
    answer = post_update(
        shipped_copy,
        "/update",
        f"INSERT DATA {{ GRAPH <{INFERRED}> {{ <{FOPH}> a <{HLM}Agreement> }} }}",
    )
    assert answer.status_code == 403, answer.text
    assert "inferred graph" in answer.text
    assert snapshot(shipped_copy.store) == before


def test_an_update_may_write_the_default_graph_and_describe_outside_resources(
    shipped_copy: LiveService,
) -> None:
    """The shapes are the contract of a write over the protocol, not the base IRI; the store's own
    default graph is written as a graph of its own (blank nodes still joined)."""
    store = shipped_copy.store
    asserted = asserted_quads(store)
    answer = post_update(
        shipped_copy,
        "/update",
        "INSERT DATA { <http://example.org/s> <http://example.org/p> _:b . "
        '_:b <http://example.org/q> "o" . '
        "GRAPH <http://example.org/g> { <http://example.org/s> a <http://example.org/C> } }",
    )
    assert answer.status_code == 204, answer.text
    assert ask(
        shipped_copy,
        'ASK { <http://example.org/s> <http://example.org/p> [ <http://example.org/q> "o" ] ; '
        "a <http://example.org/C> }",
    )
    assert len(list(store.triples(None))) == 2
    assert "http://example.org/g" in store.graph_names()
    dropped = post_update(
        shipped_copy, "/sparql", "DROP DEFAULT ; DROP GRAPH <http://example.org/g>"
    )
    assert dropped.status_code == 204, dropped.text
    assert not ask(shipped_copy, "ASK { <http://example.org/s> ?p ?o }")
    assert asserted_quads(store) == asserted


@pytest.mark.parametrize(
    ("update", "engine_says"),
    [
        (f"CREATE GRAPH <{SOURCES}000_85de2008dd69a031>", "already exists"),
        ("DROP GRAPH <https://w3id.org/hlm/graph/nowhere>", "does not exist"),
        (f"INSERT DATA {{ <{FOPH}> <{HLM}note> 1 }} ; CREATE GRAPH <{SOURCES}000_85de2008dd69a031>",
         "already exists"),
    ],
    ids=["create-existing", "drop-missing", "insert-then-create-existing"],
)  # fmt: skip
def test_an_update_the_engine_refuses_is_400_with_its_message_and_changes_nothing(
    shipped_copy: LiveService, update: str, engine_says: str
) -> None:
    """Not a 500: the update's own fault, told as the engine tells it; all or nothing."""
    before = snapshot(shipped_copy.store)
    answer = post_update(shipped_copy, "/update", update)
    assert answer.status_code == 400, answer.text
    assert engine_says in answer.text
    assert snapshot(shipped_copy.store) == before
    assert httpx.get(shipped_copy.url + "/health").json()["status"] == "ok"


def test_deleting_every_triple_of_a_party_is_refused(shipped_copy: LiveService) -> None:
    """The issue's second example as it was written: with its type gone too, no class-targeted
    shape sees the FOPH, but it is still a party to agreements, and a party is named and
    sourced (PartyShape)."""
    before = snapshot(shipped_copy.store)
    update = f"DELETE WHERE {{ GRAPH ?g {{ <{FOPH}> ?p ?o }} }}"
    answer = post_update(shipped_copy, "/update", update, Accept="application/json")
    assert answer.status_code == 422, answer.text
    fired = {(v["focus_node"], v["shape"]) for v in answer.json()["violations"]}
    assert (FOPH, f"{SHAPES}PartyShape") in fired
    assert snapshot(shipped_copy.store) == before
