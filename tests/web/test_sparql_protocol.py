"""The SPARQL 1.1 Protocol on a live service: every format, the dataset parameters, bad requests.

Each answer is parsed back and compared with what Oxigraph answers in-process on the same store,
so a format is only "supported" if it round-trips.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from livesvc import LiveService
from rdflib.compare import isomorphic

from graphsvc.rdf.results import is_solutions

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABELS = f"SELECT ?s ?l WHERE {{ ?s <{RDFS_LABEL}> ?l }} ORDER BY ?s"
PARTY = "<https://w3id.org/hlm/def/hlm#party>"
PARTIES = f"CONSTRUCT {{ ?a {PARTY} ?p }} WHERE {{ ?a {PARTY} ?p }}"
SRC2 = "https://w3id.org/hlm/graph/source/src2"

SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def rows(solutions: Any) -> list[tuple[str, ...]]:
    """Solutions as comparable tuples of term values (CSV loses datatypes, so values only)."""
    names = [v.value for v in solutions.variables]
    return [tuple("" if s[n] is None else s[n].value for n in names) for s in solutions]


def parsed_rows(content: bytes, media_type: str) -> list[tuple[str, ...]]:
    """Rows of a serialised answer (Oxigraph will not parse lossy CSV back: the csv module does)."""
    if media_type == "text/csv":
        return [tuple(r) for r in list(csv.reader(io.StringIO(content.decode("utf-8"))))[1:]]
    parsed = ox.parse_query_results(content, format=SOLUTION_FORMATS[media_type])
    assert isinstance(parsed, ox.QuerySolutions)
    return rows(parsed)


def expected_rows(service: LiveService, query: str) -> list[tuple[str, ...]]:
    result = service.store.query(query)
    assert is_solutions(result)
    return rows(result)


@pytest.mark.parametrize("media_type", SOLUTION_FORMATS)
def test_select_answers_in_every_results_format_and_round_trips(
    mini_service: LiveService, media_type: str
) -> None:
    answer = httpx.get(
        mini_service.url + "/sparql", params={"query": LABELS}, headers={"Accept": media_type}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in answer.headers["vary"]
    got = parsed_rows(answer.content, media_type)
    assert got == expected_rows(mini_service, LABELS)
    assert ("https://w3id.org/hlm/id/agreement/b1", "B1") in got


@pytest.mark.parametrize("media_type", GRAPH_FORMATS)
def test_construct_answers_in_every_rdf_format_and_is_isomorphic(
    mini_service: LiveService, media_type: str
) -> None:
    answer = httpx.post(
        mini_service.url + "/sparql",
        content=PARTIES,
        headers={"Content-Type": "application/sparql-query", "Accept": media_type},
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == media_type
    got = rdflib.Graph()
    if GRAPH_FORMATS[media_type] in ("trig", "nquads"):
        dataset = rdflib.Dataset()
        dataset.parse(data=answer.content, format=GRAPH_FORMATS[media_type])
        for s, p, o, _g in dataset.quads():
            got.add((s, p, o))
    else:
        got.parse(data=answer.content, format=GRAPH_FORMATS[media_type])
    expected = rdflib.Graph()
    for triple in mini_service.store.query(PARTIES):
        expected.add(
            (
                rdflib.URIRef(triple.subject.value),
                rdflib.URIRef(triple.predicate.value),
                rdflib.URIRef(triple.object.value),
            )
        )
    assert len(expected) == 3
    assert isomorphic(got, expected)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/*;q=0.2, text/tab-separated-values", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("application/json", "application/json"),
    ],
)
def test_accept_q_values_and_wildcards_pick_the_format(
    mini_service: LiveService, accept: str, expected: str
) -> None:
    answer = httpx.get(
        mini_service.url + "/sparql", params={"query": LABELS}, headers={"Accept": accept}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == expected


def test_nothing_acceptable_is_406_with_the_formats_on_offer(mini_service: LiveService) -> None:
    answer = httpx.get(
        mini_service.url + "/sparql", params={"query": LABELS}, headers={"Accept": "image/png"}
    )
    assert answer.status_code == 406
    assert "application/sparql-results+json" in answer.text


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("json", "application/sparql-results+json"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_format_parameter_wins_over_accept(
    mini_service: LiveService, name: str, media_type: str
) -> None:
    answer = httpx.get(
        mini_service.url + "/sparql",
        params={"query": LABELS, "format": name, "output": name, "results": name},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert answer.headers["content-type"].split(";")[0] == media_type


def test_format_json_on_a_construct_gives_json_ld(mini_service: LiveService) -> None:
    answer = httpx.get(mini_service.url + "/sparql", params={"query": PARTIES, "format": "json"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/ld+json")


def test_ask_and_describe(mini_service: LiveService) -> None:
    url = mini_service.url + "/sparql"
    ask = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"})
    assert ask.json() == {"head": {}, "boolean": True}
    describe = httpx.get(
        url,
        params={"query": "DESCRIBE <https://w3id.org/hlm/id/agreement/b1>"},
        headers={"Accept": "text/turtle"},
    )
    assert describe.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=describe.text, format="turtle")
    assert (None, rdflib.RDFS.label, rdflib.Literal("B1", lang="fr")) in graph


def test_a_form_is_decoded_exactly_once(mini_service: LiveService) -> None:
    query = 'SELECT ?x WHERE { BIND("a+b%20c & d=é" AS ?x) }'
    answer = httpx.post(mini_service.url + "/sparql", data={"query": query})
    assert answer.status_code == 200
    assert answer.json()["results"]["bindings"][0]["x"]["value"] == "a+b%20c & d=é"


def test_dataset_parameters_restrict_the_default_and_named_graphs(
    mini_service: LiveService,
) -> None:
    url = mini_service.url + "/sparql"
    only_src2 = httpx.get(url, params={"query": LABELS, "default-graph-uri": SRC2})
    values = [b["s"]["value"] for b in only_src2.json()["results"]["bindings"]]
    assert values == ["https://w3id.org/hlm/id/agreement/b1"]
    named = httpx.get(
        url,
        params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": SRC2,
        },
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [SRC2]


def test_from_a_graph_of_the_store_works_and_an_unknown_one_is_empty(
    mini_service: LiveService,
) -> None:
    url = mini_service.url + "/sparql"
    known = httpx.get(
        url, params={"query": f"SELECT ?s FROM <{SRC2}> WHERE {{ ?s <{RDFS_LABEL}> ?l }}"}
    )
    assert [b["s"]["value"] for b in known.json()["results"]["bindings"]] == [
        "https://w3id.org/hlm/id/agreement/b1"
    ]
    remote = httpx.get(
        url, params={"query": "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }"}
    )
    assert remote.status_code == 200 and remote.json()["results"]["bindings"] == []
    assert "read as empty: <http://127.0.0.1:9/x>" in remote.headers["warning"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://localhost/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_before_anything_runs(mini_service: LiveService, query: str) -> None:
    answer = httpx.get(mini_service.url + "/sparql", params={"query": query})
    assert answer.status_code == 400
    assert "SERVICE is not allowed" in answer.text


def test_keywords_inside_strings_and_names_are_not_mistaken(mini_service: LiveService) -> None:
    query = (
        "PREFIX ex: <http://example.org/> "
        'SELECT ?service WHERE { BIND("SERVICE LOAD" AS ?service) }'
    )
    answer = httpx.get(mini_service.url + "/sparql", params={"query": query})
    assert answer.status_code == 200
    assert answer.json()["results"]["bindings"][0]["service"]["value"] == "SERVICE LOAD"


@pytest.mark.parametrize(
    ("request_args", "status", "message"),
    [
        ({"method": "GET", "params": {"query": "SELEC * WHERE {"}}, 400, "malformed query"),
        (
            {"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]},
            400,
            "given 2 times",
        ),
        (
            {"method": "GET", "params": {"update": "CLEAR ALL"}},
            400,
            "not allowed via GET",
        ),
        (
            {"method": "GET", "params": {"query": "CLEAR ALL"}},
            400,
            "this is a SPARQL update",
        ),
        (
            {"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}},
            415,
            "application/sparql-query",
        ),
        (
            {"method": "POST", "data": {"query": "ASK {}", "update": "CLEAR ALL"}},
            400,
            "not both",
        ),
        ({"method": "POST", "data": {"nothing": "here"}}, 400, "neither"),
        ({"method": "GET", "params": {"query": "  "}}, 400, "empty"),
    ],
)
def test_bad_requests_get_400_family_with_a_message(
    mini_service: LiveService, request_args: dict[str, object], status: int, message: str
) -> None:
    args = dict(request_args)
    method = str(args.pop("method"))
    with mini_service.client() as client:
        answer = client.request(method, "/sparql", **args)  # type: ignore[arg-type]
    assert answer.status_code == status
    assert message in answer.text


def test_service_description_at_get_without_query(mini_service: LiveService) -> None:
    answer = httpx.get(mini_service.url + "/sparql", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    graph = rdflib.Graph().parse(data=answer.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(mini_service.url + "/sparql")
    assert (endpoint, sd.endpoint, endpoint) in graph
    assert (endpoint, sd.feature, sd.UnionDefaultGraph) in graph
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Update) in graph
    names = {str(n) for n in graph.objects(None, sd.name)}
    assert SRC2 in names


def test_a_browser_gets_the_query_page(mini_service: LiveService) -> None:
    answer = httpx.get(
        mini_service.url + "/sparql",
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "SPARQL" in answer.text


def test_cors_is_open_for_reads(mini_service: LiveService) -> None:
    answer = httpx.get(
        mini_service.url + "/sparql",
        params={"query": "ASK {}"},
        headers={"Origin": "https://example.org"},
    )
    assert answer.headers["access-control-allow-origin"] == "*"


def test_a_big_answer_arrives_whole_with_its_length(live_service: LiveService) -> None:
    """Answers over a MiB are sent in slices (``graphsvc.web.responses``): same bytes, announced
    length, and HEAD gives the length without the body."""
    pairs = (
        "SELECT ?a ?b WHERE { ?a a ?t . ?b a ?t FILTER(isIRI(?a) && isIRI(?b)) } "
        "ORDER BY ?a ?b LIMIT 30000"
    )
    url = live_service.url + "/sparql"
    params = {"query": pairs}
    answer = httpx.get(url, params=params, headers={"Accept": "text/csv"}, timeout=60)
    assert answer.status_code == 200
    assert int(answer.headers["content-length"]) == len(answer.content) > 1024 * 1024
    assert parsed_rows(answer.content, "text/csv") == expected_rows(live_service, pairs)
    head = httpx.head(url, params=params, headers={"Accept": "text/csv"}, timeout=60)
    assert head.headers["content-length"] == answer.headers["content-length"]
    assert head.content == b""


def test_an_unknown_function_is_an_expression_error_not_a_failure(
    live_service: LiveService,
) -> None:
    """The issue's query: every row answered, ?F unbound (it used to be a 503 "time limit" after
    20 ms, and a replaced worker)."""
    query = (
        "SELECT ?s ?F WHERE { ?s ?p ?o BIND(<http://example.org/ns#function>(?o) AS ?F) } LIMIT 5"
    )
    answer = httpx.get(
        live_service.url + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}
    )
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 5 and all(row["s"] and row["F"] == "" for row in rows)


SOURCES = "https://w3id.org/hlm/graph/source/"
COUNT_FROM = "SELECT (COUNT(*) AS ?n) {from_clause} WHERE {{ ?s ?p ?o }}"


@pytest.mark.parametrize(
    "from_clause",
    [
        f"FROM <{SOURCES}src1>",
        f"BASE <{SOURCES}q.rq> FROM <src1>",  # W3C construct/constructwhere04's shape
        f"PREFIX g: <{SOURCES}> FROM g:src1",
        f"BASE <{SOURCES}> PREFIX g: <> FROM g:src1",
    ],
    ids=["absolute", "base-relative", "prefixed", "prefix-relative-to-base"],
)
def test_from_graphs_are_read_as_the_query_resolves_them(
    mini_service: LiveService, from_clause: str
) -> None:
    """Relative IRIs resolve against BASE and prefixed names expand before the graph is looked
    up: every spelling reads the same graph, with no warning."""
    prologue, _, clause = from_clause.rpartition("FROM")
    query = prologue + COUNT_FROM.format(from_clause="FROM" + clause)
    answer = httpx.get(
        mini_service.url + "/sparql", params={"query": query}, headers={"Accept": "text/csv"}
    )
    expected = httpx.get(
        mini_service.url + "/sparql",
        params={"query": COUNT_FROM.format(from_clause=f"FROM <{SOURCES}src1>")},
        headers={"Accept": "text/csv"},
    )
    assert answer.status_code == 200 and "warning" not in answer.headers
    assert answer.text == expected.text and int(answer.text.splitlines()[1]) > 0


def test_a_graph_the_store_lacks_is_empty_and_the_answer_says_so(
    mini_service: LiveService,
) -> None:
    """W3C syntax-construct-where-02 is a valid query: it gets an answer, never a fetch."""
    query = "BASE <http://example/dir/> CONSTRUCT FROM <file> WHERE { ?s ?p 1816 }"
    answer = httpx.get(
        mini_service.url + "/sparql", params={"query": query}, headers={"Accept": "text/turtle"}
    )
    assert answer.status_code == 200 and answer.text.strip() == ""
    assert answer.headers["warning"] == (
        '199 graphsvc "no such graph in this store, read as empty: <http://example/dir/file>"'
    )
