"""Canned queries over HTTP, on the shipped data, on both backends (embedded and Virtuoso)."""

from __future__ import annotations

import csv
import io
import threading
import uuid
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from livesvc import TEST_TOKEN, LiveService, serve
from virtuoso import virtuoso_settings

from graphsvc.ingest.pipeline import default_paths, ingest
from graphsvc.query.canned import load_folder
from graphsvc.settings import SHIPPED_DIR, Settings
from graphsvc.store.backends import open_configured_store
from graphsvc.store.oxigraph import GraphStore, OxigraphStore

QUERY_NAMES = [q.name for q in load_folder(SHIPPED_DIR / "queries")]
ID = "https://w3id.org/hlm/id/"


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def shipped(request: pytest.FixtureRequest) -> Iterator[LiveService]:
    """The service over the shipped data, on each backend."""
    settings = Settings(update_token=TEST_TOKEN, shipped_dir=SHIPPED_DIR)
    store: GraphStore
    if request.param == "virtuoso":
        settings = virtuoso_settings(request.getfixturevalue("virtuoso_url"), settings)
        store = open_configured_store(settings)
        store.drop_graphs(store.graph_names())
    else:
        store = OxigraphStore(None)
    ingest(store, default_paths(settings), settings)
    with serve(settings, store) as service:
        yield service
    store.close()


def rows_of(answer: httpx.Response) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.text
    document = answer.json()
    return [
        {k: v["value"] for k, v in b.items() if v["value"] != ""}
        for b in document["results"]["bindings"]
    ]


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_each_query_answers_the_same_rows_in_every_format(shipped: LiveService, name: str) -> None:
    url = f"{shipped.url}/queries/{name}"
    as_json = rows_of(httpx.get(url, headers={"Accept": "application/sparql-results+json"}))
    assert as_json, f"{name} returns rows on the shipped data"
    xml = httpx.get(url, params={"format": "xml"})
    parsed = ox.parse_query_results(xml.content, format=ox.QueryResultsFormat.XML)
    assert isinstance(parsed, ox.QuerySolutions)
    assert len(list(parsed)) == len(as_json)
    table = list(csv.DictReader(io.StringIO(httpx.get(url, params={"format": "csv"}).text)))
    assert len(table) == len(as_json)
    assert sorted(tuple(sorted((k, v) for k, v in r.items() if v)) for r in table) == sorted(
        tuple(sorted(r.items())) for r in as_json
    )
    tsv = httpx.get(url, headers={"Accept": "text/tab-separated-values"})
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert len(tsv.text.strip().splitlines()) == len(as_json) + 1


def test_partners_of_the_banque_des_territoires(shipped: LiveService) -> None:
    rows = rows_of(httpx.get(shipped.url + "/queries/partners"))
    partners = {r["partner"] for r in rows}
    assert ID + "organisation/office-polynesien-de-l-habitat" in partners
    assert ID + "organisation/foph" in partners
    framework = [r for r in rows if r["agreement"].endswith("titres-participatifs")]
    assert framework and framework[0]["kind"].endswith("#FrameworkAgreement")
    assert "800 millions" in framework[0]["quote"] or "accord" in framework[0]["quote"]
    # Each agreement is quoted by its own first sentence, not by whichever sorts first.
    (convention,) = {
        r["quote"] for r in rows if r["agreement"].endswith("2018-convention-polynesie")
    }
    assert "une convention liant l’office polynésien de l’habitat" in convention
    (letter,) = {
        r["quote"] for r in rows if r["agreement"].endswith("2017-lettre-intention-polynesie")
    }
    assert "lettre d’intention" in letter


def test_partners_of_another_actor_by_parameter(shipped: LiveService) -> None:
    rows = rows_of(
        httpx.get(shipped.url + "/queries/partners", params={"actor": ID + "organisation/ushom"})
    )
    assert {r["partner"].rsplit("/", 1)[1] for r in rows} == {
        "armos-guadeloupe",
        "armos-martinique",
        "armos-la-reunion",
        "als-martinique",
    }


def test_congress_and_territory_queries(shipped: LiveService) -> None:
    congress = rows_of(httpx.get(shipped.url + "/queries/congress-agreements"))
    assert len(congress) == 5, "cinq conventions at the 79th congress"
    overseas = rows_of(httpx.get(shipped.url + "/queries/territory-agreements"))
    codes = {r.get("inseeCode") for r in overseas}
    assert {"971", "972", "974", "976", "987"} <= codes
    mayotte = rows_of(
        httpx.get(
            shipped.url + "/queries/territory-agreements",
            params={"territory": ID + "place/mayotte"},
        )
    )
    assert {r["territory"] for r in mayotte} == {ID + "place/mayotte"}


def test_the_network_filters(shipped: LiveService) -> None:
    everything = rows_of(httpx.get(shipped.url + "/queries/partnership-network"))
    at_79 = rows_of(
        httpx.get(
            shipped.url + "/queries/partnership-network",
            params={"congress": ID + "event/congres-hlm-79"},
        )
    )
    assert 0 < len(at_79) < len(everything)
    assert all(int(r["agreements"]) >= 1 for r in at_79)
    strong = rows_of(
        httpx.get(shipped.url + "/queries/partnership-network", params={"minAgreements": "2"})
    )
    assert strong == [r for r in everything if int(r["agreements"]) >= 2]
    assert 0 < len(strong) < len(everything)
    refused = httpx.get(
        shipped.url + "/queries/partnership-network", params={"minAgreements": "two"}
    )
    assert refused.status_code == 400
    assert "minAgreements" in refused.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"actor": 'x" } ; DROP ALL ; #'}, 400),
        ({"actor": "http://x/> } ; DELETE WHERE { ?s ?p ?o } #"}, 400),
        ({"actor": "http://x/\n"}, 400),
        ({"actor": "https://w3id.org/hlm/id/organisation/nobody"}, 200),
    ],
)
def test_injection_attempts_get_400_or_nothing_and_change_nothing(
    shipped: LiveService, params: dict[str, str], status: int
) -> None:
    before = len(shipped.store)
    answer = httpx.get(shipped.url + "/queries/partners", params=params)
    assert answer.status_code == status
    if status == 400:
        assert "parameter 'actor'" in answer.text
    else:
        assert rows_of(answer) == []
    assert len(shipped.store) == before


def test_a_literal_parameter_with_sparql_in_it_is_searched_for_literally(
    shipped: LiveService,
) -> None:
    answer = httpx.get(shipped.url + "/queries/search", params={"q": '" } ; DROP ALL ; #'})
    assert rows_of(answer) == []
    found = rows_of(httpx.get(shipped.url + "/queries/search", params={"q": "FEDERATION DES EPL"}))
    assert ID + "organisation/federation-des-epl" in {r["resource"] for r in found}
    assert all("EPL" in r["matched"] for r in found)


def test_openapi_lists_every_query_with_its_parameters(shipped: LiveService) -> None:
    spec = httpx.get(shipped.url + "/openapi.json").json()
    for name in QUERY_NAMES:
        assert f"/queries/{name}" in spec["paths"], name
    partners = spec["paths"]["/queries/partners"]["get"]
    actor = next(p for p in partners["parameters"] if p["name"] == "actor")
    assert actor["schema"]["format"] == "uri"
    assert actor["schema"]["default"] == ID + "organisation/banque-des-territoires"


def test_the_index_lists_them(shipped: LiveService) -> None:
    listing = httpx.get(shipped.url + "/queries").json()
    assert [q["name"] for q in listing] == sorted(QUERY_NAMES)
    page = httpx.get(shipped.url + "/queries", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "partners" in page.text
    missing = httpx.get(shipped.url + "/queries/nothing-here")
    assert missing.status_code == 404


def test_the_same_question_asked_at_once_is_computed_once(shipped: LiveService) -> None:
    """Eight clients asking one canned query together: one computes it (``X-Cache: miss``),
    the others get its answer. A remote store is asked each time (two clients: Virtuoso's search
    with its accent folding takes seconds, and eight in a row would outlast the client)."""
    embedded = isinstance(shipped.store, OxigraphStore)
    clients = 8 if embedded else 2
    params = {"q": f"fédération {uuid.uuid4().hex[:6]}", "format": "csv"}
    answers: list[httpx.Response] = []

    def ask() -> None:
        answers.append(httpx.get(shipped.url + "/queries/search", params=params, timeout=30))

    threads = [threading.Thread(target=ask) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200] * clients
    assert len({a.text for a in answers}) == 1
    misses = [a.headers["X-Cache"] for a in answers].count("miss")
    assert misses == (1 if embedded else clients)
