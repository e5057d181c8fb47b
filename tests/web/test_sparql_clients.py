"""The endpoint as real clients use it: SPARQLWrapper (the notebook's client) and rdflib's store."""

from __future__ import annotations

import io

import pandas as pd
import rdflib
from livesvc import LiveService
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

LABELS = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s"
AGREEMENT_B1 = "https://w3id.org/hlm/id/agreement/b1"


def wrapper(service: LiveService, return_format: str, query: str, method: str = "GET") -> object:
    client = SPARQLWrapper(service.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    return client.query().convert()


def test_sparqlwrapper_json_get_and_post(mini_service: LiveService) -> None:
    for method in ("GET", "POST"):
        result = wrapper(mini_service, JSON, LABELS, method)
        assert isinstance(result, dict)
        subjects = [b["s"]["value"] for b in result["results"]["bindings"]]
        assert AGREEMENT_B1 in subjects


def test_sparqlwrapper_xml(mini_service: LiveService) -> None:
    document = wrapper(mini_service, XML, LABELS)
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[attr-defined]
    assert AGREEMENT_B1 in uris


def test_sparqlwrapper_csv_loads_into_pandas(mini_service: LiveService) -> None:
    raw = wrapper(mini_service, CSV, LABELS)
    assert isinstance(raw, bytes)
    frame = pd.read_csv(io.BytesIO(raw))
    assert list(frame.columns) == ["s", "l"]
    assert "B1" in set(frame["l"])


def test_sparqlwrapper_turtle_construct(mini_service: LiveService) -> None:
    query = (
        "CONSTRUCT { ?s ?p ?o } "
        "WHERE { GRAPH <https://w3id.org/hlm/graph/source/src2> { ?s ?p ?o } }"
    )
    raw = wrapper(mini_service, TURTLE, query)
    graph = rdflib.Graph().parse(data=raw, format="turtle")
    assert (
        rdflib.URIRef(AGREEMENT_B1),
        rdflib.RDFS.label,
        rdflib.Literal("B1", lang="fr"),
    ) in graph


def test_rdflib_sparqlstore_reads_the_endpoint(mini_service: LiveService) -> None:
    store = SPARQLStore(mini_service.url + "/sparql")
    graph = rdflib.Graph(store=store)
    labels = {str(o) for o in graph.objects(rdflib.URIRef(AGREEMENT_B1), rdflib.RDFS.label)}
    assert labels == {"B1"}
    result = graph.query(LABELS)
    assert AGREEMENT_B1 in {str(row[0]) for row in result}  # type: ignore[index]
