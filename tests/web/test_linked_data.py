"""Linked data on a live service: resources by content negotiation, dumps, VoID, safe pages."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from livesvc import LiveService, StartService

from graphsvc.settings import SHIPPED_DIR, Settings
from graphsvc.store.oxigraph import OxigraphStore

A1 = "https://w3id.org/hlm/id/agreement/a1"
OPH_A = "https://w3id.org/hlm/id/organisation/oph-a"
FOPH = "https://w3id.org/hlm/id/organisation/foph"
HLM = rdflib.Namespace("https://w3id.org/hlm/def/hlm#")
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


@pytest.mark.parametrize("media_type", RDF_FORMATS)
def test_a_resource_dereferences_in_every_rdf_format(
    mini_service: LiveService, media_type: str
) -> None:
    answer = httpx.get(mini_service.url + "/id/agreement/a1", headers={"Accept": media_type})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media_type)
    assert answer.headers["vary"].startswith("Accept")
    graph = rdflib.Graph().parse(data=answer.content, format=RDF_FORMATS[media_type])
    agreement = rdflib.URIRef(A1)
    assert {str(o) for o in graph.objects(agreement, HLM.party)} == {OPH_A, FOPH}
    assert (agreement, rdflib.RDF.type, HLM.Convention) in graph
    assert (rdflib.URIRef(OPH_A), HLM.partyTo, agreement) in graph, "incoming links come too"


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdfxml", "application/rdf+xml"),
    ],
)
def test_format_parameter_picks_the_serialisation(
    mini_service: LiveService, name: str, media_type: str
) -> None:
    answer = httpx.get(mini_service.url + f"/id/organisation/foph?format={name}")
    assert answer.headers["content-type"].startswith(media_type)


def test_a_browser_gets_a_page_with_links_kinds_and_agreements(mini_service: LiveService) -> None:
    answer = httpx.get(
        mini_service.url + "/id/organisation/oph-a",
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert answer.status_code == 200
    page = answer.text
    assert "<h1>OPH A</h1>" in page
    assert 'href="/id/agreement/a1"' in page, "agreements link to their local page"
    assert 'href="/id/organisation/foph"' in page, "the other party is linked"
    assert "hlm:OfficePublicHabitat" in page
    assert "inferred" in page, "inferred statements are marked as such"
    assert "default-src 'self'" in answer.headers["content-security-policy"]


def test_curl_without_accept_gets_turtle_and_unknown_iris_404(mini_service: LiveService) -> None:
    answer = httpx.get(mini_service.url + "/id/organisation/foph", headers={"Accept": "*/*"})
    assert answer.headers["content-type"].startswith("text/turtle")
    missing = httpx.get(mini_service.url + "/id/organisation/nobody")
    assert missing.status_code == 404
    assert "not described" in missing.text


def test_dumps_hold_every_quad(mini_service: LiveService) -> None:
    trig = httpx.get(mini_service.url + "/data")
    assert trig.headers["content-type"].startswith("application/trig")
    assert "attachment" in trig.headers["content-disposition"]
    dataset = rdflib.Dataset()
    dataset.parse(data=trig.text, format="trig")
    assert len(list(dataset.quads())) == len(mini_service.store)
    nquads = httpx.get(mini_service.url + "/data", headers={"Accept": "application/n-quads"})
    quads = list(ox.parse(nquads.content, format=ox.RdfFormat.N_QUADS))
    assert set(quads) == set(mini_service.store.quads())
    turtle = httpx.get(mini_service.url + "/data?format=ttl")
    union = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef(A1), HLM.party, rdflib.URIRef(FOPH)) in union


def test_void_describes_size_partitions_endpoint_and_dumps(mini_service: LiveService) -> None:
    answer = httpx.get(mini_service.url + "/.well-known/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/hlm/dataset")
    assert int(graph.value(dataset, void.triples)) == len(mini_service.store)  # type: ignore[arg-type]
    assert graph.value(dataset, void.sparqlEndpoint) == rdflib.URIRef(mini_service.url + "/sparql")
    dumps = {str(d) for d in graph.objects(dataset, void.dataDump)}
    assert mini_service.url + "/data?format=trig" in dumps
    partitions = {
        graph.value(p, void["class"]): int(graph.value(p, void.entities))  # type: ignore[arg-type]
        for p in graph.objects(dataset, void.classPartition)
    }
    assert partitions[HLM.Convention] == 2
    subsets = set(graph.objects(dataset, void.subset))
    assert rdflib.URIRef("https://w3id.org/hlm/graph/source/src1") in subsets


def test_pages_escape_everything_from_the_data(start_service: StartService) -> None:
    store = OxigraphStore(None)
    evil = ox.NamedNode("https://w3id.org/hlm/id/organisation/x'onmouseover='alert(1)")
    store.replace_graphs(
        {
            "https://w3id.org/hlm/graph/source/evil": [
                ox.Triple(
                    ox.NamedNode("https://w3id.org/hlm/id/organisation/evil"),
                    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                    ox.Literal("<script>alert('x')</script>", language="fr"),
                ),
                ox.Triple(
                    ox.NamedNode("https://w3id.org/hlm/id/organisation/evil"),
                    ox.NamedNode("https://w3id.org/hlm/def/hlm#partyTo"),
                    evil,
                ),
            ]
        }
    )
    service = start_service(Settings(), store)
    page = httpx.get(service.url + "/id/organisation/evil", headers={"Accept": "text/html"}).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "x'onmouseover" not in page
    assert "x&#39;onmouseover=&#39;alert(1)" in page


def test_graph_store_get_of_a_named_graph_and_404(mini_service: LiveService) -> None:
    answer = httpx.get(
        mini_service.url + "/store",
        params={"graph": "https://w3id.org/hlm/graph/source/src1"},
        headers={"Accept": "application/n-triples"},
    )
    assert answer.status_code == 200
    triples = ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)
    assert {str(q.subject) for q in triples} == {
        "<https://w3id.org/hlm/id/organisation/oph-a>",
        "<https://w3id.org/hlm/id/agreement/a1>",
    }
    missing = httpx.get(mini_service.url + "/store", params={"graph": "http://nowhere/g"})
    assert missing.status_code == 404


def test_ontology_iri_gives_its_documentation_to_browsers(live_service: LiveService) -> None:
    with live_service.client() as client:
        page = client.get("/def/hlm", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert '<tr id="LetterOfIntent">' in page.text
    assert "lettre d&#39;intention" in page.text or "lettre d’intention" in page.text


def canonical(quads: object) -> set[ox.Quad]:
    """Quads with blank nodes renamed canonically, to compare two copies of one graph."""
    dataset = ox.Dataset(quads)  # type: ignore[arg-type]
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


@pytest.mark.parametrize(
    ("path", "file", "term"),
    [
        ("/def/hlm", "hlm.ttl", "https://w3id.org/hlm/def/hlm#LetterOfIntent"),
        ("/def/shapes", "shapes.ttl", "http://www.w3.org/ns/shacl#NodeShape"),
    ],
    ids=["ontology", "shapes"],
)
@pytest.mark.parametrize(
    "ask", [{"Accept": "text/turtle"}, {"format": "ttl"}], ids=["accept", "format"]
)
def test_the_vocabularies_dereference_as_the_shipped_files(
    live_service: LiveService, path: str, file: str, term: str, ask: dict[str, str]
) -> None:
    params = {k: v for k, v in ask.items() if k == "format"}
    headers = {k: v for k, v in ask.items() if k == "Accept"}
    answer = httpx.get(live_service.url + path, params=params, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/turtle")
    served = list(ox.parse(answer.content, format=ox.RdfFormat.TURTLE))
    shipped = list(ox.parse(path=SHIPPED_DIR / "ontology" / file, format=ox.RdfFormat.TURTLE))
    assert canonical(served) == canonical(shipped)
    assert term in {t.value for triple in served for t in (triple.subject, triple.object)}


def test_graph_store_get_of_the_default_graph_is_the_union_of_the_graphs(
    mini_service: LiveService,
) -> None:
    answer = httpx.get(
        mini_service.url + "/store?default", headers={"Accept": "application/n-triples"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/n-triples")
    served = {
        (q.subject, q.predicate, q.object)
        for q in ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)
    }
    union = {(q.subject, q.predicate, q.object) for q in mini_service.store.quads()}
    assert served == union
    a1 = ox.NamedNode(A1)
    assert (a1, ox.NamedNode(str(HLM.party)), ox.NamedNode(FOPH)) in served  # a source graph
    assert (a1, ox.NamedNode(str(rdflib.RDF.type)), ox.NamedNode(str(HLM.Agreement))) in served
