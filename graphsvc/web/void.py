"""A VoID + DCAT description of the dataset, for catalogues and crawlers.

Counts come from the store at request time (triples, entities, class and property partitions, one
subset per named graph), links point at this service (endpoint, dumps, resource space), so the
description stays true after every ingest.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..rdf.rdfio import PREFIXES
from ..rdf.results import is_solutions
from .services import Services

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
VOID = PREFIXES["void"]
DCAT = PREFIXES["dcat"]
DCTERMS = PREFIXES["dcterms"]
XSD_INTEGER = ox.NamedNode(PREFIXES["xsd"] + "integer")
DUMPS = (("trig", "application/trig"), ("nq", "application/n-quads"), ("ttl", "text/turtle"))

_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {})) }}"


def _v(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def _pairs(services: Services, query: str) -> list[tuple[ox.NamedNode, int]]:
    result = services.store.query(query)
    assert is_solutions(result)
    pairs = []
    for row in result:
        term, count = row[0], row[1]
        if isinstance(term, ox.NamedNode) and isinstance(count, ox.Literal):
            pairs.append((term, int(count.value)))
    return pairs


def void_triples(services: Services, service_root: str) -> list[ox.Triple]:
    """The description, with this service's URLs under ``service_root`` (ending in '/')."""
    base = services.settings.base_iri
    dataset = ox.NamedNode(base + "dataset")
    space = base + "id/"
    # The space comes from the settings, not from a request; str() of a Literal is escaped.
    entities = services.store.query(_ENTITIES.format(ox.Literal(space)))
    assert is_solutions(entities)
    entity_count = next(iter(entities))["n"]
    triples = [
        ox.Triple(dataset, RDF_TYPE, _v("Dataset")),
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(DCAT + "Dataset")),
        ox.Triple(
            dataset,
            ox.NamedNode(DCTERMS + "title"),
            ox.Literal("Graphe de connaissances du Mouvement Hlm", language="fr"),
        ),
        ox.Triple(
            dataset,
            ox.NamedNode(DCTERMS + "title"),
            ox.Literal("HLM knowledge graph", language="en"),
        ),
        ox.Triple(
            dataset,
            ox.NamedNode(DCTERMS + "description"),
            ox.Literal(
                "French social housing actors and the agreements they sign, each fact tied to "
                "the sentence of the news article it comes from.",
                language="en",
            ),
        ),
        ox.Triple(dataset, _v("sparqlEndpoint"), ox.NamedNode(service_root + "sparql")),
        ox.Triple(dataset, _v("uriSpace"), ox.Literal(space)),
        ox.Triple(dataset, _v("vocabulary"), ox.NamedNode("https://w3id.org/hlm/def/hlm#")),
        ox.Triple(dataset, _v("triples"), _count(len(services.store))),
        ox.Triple(dataset, ox.NamedNode(DCAT + "landingPage"), ox.NamedNode(service_root)),
    ]
    if isinstance(entity_count, ox.Literal):
        triples.append(ox.Triple(dataset, _v("entities"), _count(int(entity_count.value))))
    for extension, media_type in DUMPS:
        url = ox.NamedNode(f"{service_root}data?format={extension}")
        distribution = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _v("dataDump"), url),
            ox.Triple(dataset, ox.NamedNode(DCAT + "distribution"), distribution),
            ox.Triple(distribution, RDF_TYPE, ox.NamedNode(DCAT + "Distribution")),
            ox.Triple(distribution, ox.NamedNode(DCAT + "downloadURL"), url),
            ox.Triple(distribution, ox.NamedNode(DCAT + "mediaType"), ox.Literal(media_type)),
        ]
    for kind, predicate, query in (
        ("class", "classPartition", _CLASSES),
        ("property", "propertyPartition", _PROPERTIES),
    ):
        for term, count in _pairs(services, query):
            partition = ox.BlankNode()
            size = "entities" if kind == "class" else "triples"
            triples += [
                ox.Triple(dataset, _v(predicate), partition),
                ox.Triple(partition, _v(kind), term),
                ox.Triple(partition, _v(size), _count(count)),
            ]
    for graph, count in _pairs(services, _GRAPHS):
        triples += [
            ox.Triple(dataset, _v("subset"), graph),
            ox.Triple(graph, RDF_TYPE, _v("Dataset")),
            ox.Triple(graph, _v("triples"), _count(count)),
        ]
    return triples
