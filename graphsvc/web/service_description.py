"""The SPARQL 1.1 Service Description answered at GET /sparql without a query.

It tells a client what it may rely on: the endpoint, the languages (query; update only when a token
is configured), the result formats, the union default graph, that the default graph holds the
OWL RL closure, the named graphs with their sizes, and the time and row limits.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..query.negotiation import GRAPH_FORMATS
from ..rdf.rdfio import write_rdf
from .services import Services

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
    "TriG",
    "N-Quads",
)


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(services: Services, endpoint: str, media_type: str) -> bytes:
    """The description of this endpoint, serialised as ``media_type`` (an RDF graph format)."""
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    store = services.store
    settings = services.settings
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(
            service,
            _sd("defaultEntailmentRegime"),
            ox.NamedNode("http://www.w3.org/ns/entailment/OWL-RDF-Based"),
        ),
        ox.Triple(
            service,
            _sd("defaultSupportedEntailmentProfile"),
            ox.NamedNode("http://www.w3.org/ns/owl-profile/RL"),
        ),
        ox.Triple(
            service,
            ox.NamedNode(DCTERMS + "description"),
            ox.Literal(
                "The default graph is the union of every named graph, including the OWL RL "
                f"closure materialised at ingest in <{services.graphs.inferred}>. Queries stop "
                f"after {settings.query_timeout:g} s (503); results are capped at "
                f"{settings.max_rows} rows, announced by the X-Result-Truncated header. "
                "SERVICE and LOAD are refused; a FROM graph not held here is read as empty "
                "(never fetched) and the answer's Warning header names it.",
                language="en",
            ),
        ),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(
            default_graph,
            ox.NamedNode(VOID + "triples"),
            ox.Literal(str(len(store)), datatype=ox.NamedNode(XSD + "integer")),
        ),
    ]
    if not settings.read_only:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    triples.extend(
        ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name))
        for name in RESULT_FORMATS
    )
    for name in store.graph_names():
        named = ox.BlankNode()
        graph = ox.BlankNode()
        size = sum(1 for _ in store.triples(name))
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("Graph")),
            ox.Triple(
                graph,
                ox.NamedNode(VOID + "triples"),
                ox.Literal(str(size), datatype=ox.NamedNode(XSD + "integer")),
            ),
        ]
    return write_rdf(triples, GRAPH_FORMATS[media_type])
