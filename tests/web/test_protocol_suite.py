"""The W3C SPARQL 1.1 Protocol test suite, run against our live endpoint.

Each manifest entry spells out HTTP requests and what the answer must be (status class, boolean,
result kind). A fresh service per test is loaded with the entry's ``ut:graphData``; requests to
``/sparql/`` go to our ``/sparql``, carrying the write token (the suite assumes an open endpoint;
ours needs the token for updates, which the token tests cover separately).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from livesvc import ROOT, TEST_TOKEN, StartService

from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore

SUITE = ROOT.parent / "shared" / "w3c-sparql11" / "protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SOLUTION_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected_status: frozenset[int]
    expected_boolean: bool | None
    expected_format: str | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    graphs: dict[str, Path]
    requests: list[HttpRequest]


def _request(graph: rdflib.Graph, node: rdflib.term.Node) -> HttpRequest:
    headers: dict[str, str] = {}
    header_list = graph.value(node, HT.headers)
    if header_list is not None:
        for header in rdflib.collection.Collection(graph, header_list):  # type: ignore[arg-type]
            headers[str(graph.value(header, HT.fieldName))] = str(
                graph.value(header, HT.fieldValue)
            )
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    classes = {
        int(str(s).rsplit("StatusCode", 1)[1][0])
        for s in graph.objects(response, MF.expectedStatus)
    }
    boolean = graph.value(response, MF.expectedBoolean)
    kind = graph.value(response, MF.expectedFormat)
    return HttpRequest(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        expected_status=frozenset(classes),
        expected_boolean=None if boolean is None else bool(boolean.toPython()),
        expected_format=None if kind is None else str(kind),
    )


def load_suite() -> list[ProtocolTest]:
    manifest = SUITE / "manifest.ttl"
    if not manifest.exists():
        return []
    graph = rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    entries = graph.value(rdflib.URIRef(manifest.as_uri()), MF.entries)
    tests: list[ProtocolTest] = []
    for entry in rdflib.collection.Collection(graph, entries):  # type: ignore[arg-type]
        graphs = {
            str(graph.value(data, rdflib.RDFS.label)): Path(
                urlsplit(str(graph.value(data, UT.graph))).path
            )
            for data in graph.objects(entry, UT.graphData)
        }
        action = graph.value(entry, MF.action)
        request_list = graph.value(action, HT.requests)
        requests = [
            _request(graph, r)
            for r in rdflib.collection.Collection(graph, request_list)  # type: ignore[arg-type]
        ]
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[1], graphs, requests))
    return tests


SUITE_TESTS = load_suite()


def test_the_suite_is_there() -> None:
    assert len(SUITE_TESTS) == 34, f"expected the 34 protocol tests in {SUITE}"


def loaded_store(graphs: dict[str, Path]) -> OxigraphStore:
    store = OxigraphStore(None)
    store.replace_graphs(
        {
            name: [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
            ]
            for name, path in graphs.items()
        }
    )
    return store


def check(answer: httpx.Response, expected: HttpRequest) -> None:
    assert answer.status_code // 100 in expected.expected_status, answer.text
    if expected.expected_format in ("boolean", "tabular"):
        media_type = answer.headers["content-type"].split(";")[0]
        assert media_type in SOLUTION_TYPES
        parsed = ox.parse_query_results(
            answer.content,
            format=ox.QueryResultsFormat.JSON
            if media_type.endswith("json")
            else ox.QueryResultsFormat.XML,
        )
        if expected.expected_format == "boolean":
            assert isinstance(parsed, ox.QueryBoolean)
            if expected.expected_boolean is not None:
                assert bool(parsed) is expected.expected_boolean
        else:
            assert isinstance(parsed, ox.QuerySolutions)
    elif expected.expected_format == "RDF":
        media_type = answer.headers["content-type"].split(";")[0]
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        assert rdf_format is not None
        list(ox.parse(answer.content, format=rdf_format))  # raises on a malformed answer


@pytest.mark.parametrize("case", SUITE_TESTS, ids=[t.name for t in SUITE_TESTS])
def test_w3c_protocol(case: ProtocolTest, start_service: StartService) -> None:
    service = start_service(
        Settings(update_token=TEST_TOKEN, query_timeout=10), loaded_store(case.graphs)
    )
    with httpx.Client(base_url=service.url, timeout=30) as client:
        for request in case.requests:
            path = request.path.replace("/sparql/", "/sparql", 1)
            headers = {**request.headers, "Authorization": f"Bearer {TEST_TOKEN}"}
            if request.expected_format in ("boolean", "tabular") and "accept" not in {
                k.lower() for k in headers
            }:
                headers["Accept"] = ", ".join(SOLUTION_TYPES)
            answer = client.request(request.method, path, headers=headers, content=request.body)
            check(answer, request)
