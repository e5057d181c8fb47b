"""Limits and headers that hold on every route: body size (413), HTML security headers (no page
may be framed), and CORS: open to reads from any origin, never a way around the write token."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest
from livesvc import MINI, TEST_TOKEN, LiveService, StartService, snapshot

from graphsvc.ingest.pipeline import ingest
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore


def test_an_announced_body_over_the_limit_is_refused_before_the_route(
    start_service: StartService,
) -> None:
    service = start_service(Settings(max_body_bytes=1000), OxigraphStore(None))
    with service.client() as client:
        answer = client.post(
            "/sparql",
            content=b"x" * 5000,
            headers={"Content-Type": "application/sparql-query"},
        )
    assert answer.status_code == 413
    assert answer.text == "request body larger than the limit of 1000 bytes\n"


def test_a_streamed_body_over_the_limit_is_refused(start_service: StartService) -> None:
    service = start_service(Settings(max_body_bytes=1000), OxigraphStore(None))

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"#" * 400

    with service.client() as client:
        answer = client.post(
            "/sparql",
            content=chunks(),
            headers={"Content-Type": "application/sparql-query"},
        )
    assert answer.status_code == 413


def test_html_pages_carry_security_headers(start_service: StartService) -> None:
    service = start_service(Settings(), OxigraphStore(None))
    answer = httpx.get(service.url + "/", headers={"Accept": "text/html"})
    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["referrer-policy"] == "no-referrer"


HTML_PAGES = [
    "/",
    "/explore",
    "/search?q=habitat",
    "/sparql",
    "/id/organisation/foph",
    "/def/hlm",
    "/def/shapes",
]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_html_page_refuses_to_be_framed(live_service: LiveService, path: str) -> None:
    answer = httpx.get(live_service.url + path, headers={"Accept": "text/html"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_answers_for_machines_carry_no_page_headers(live_service: LiveService) -> None:
    answer = httpx.get(live_service.url + "/sparql", params={"query": "ASK {}"})
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    assert "x-frame-options" not in answer.headers


ORIGIN = "https://elsewhere.example"


def preflight(client: httpx.Client, path: str, method: str, headers: str) -> httpx.Response:
    return client.options(
        path,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


@pytest.mark.parametrize(
    ("path", "method"),
    [("/sparql", "GET"), ("/sparql", "POST"), ("/queries/partners", "GET"), ("/data", "GET")],
)
def test_a_cors_preflight_for_a_read_is_allowed(
    live_service: LiveService, path: str, method: str
) -> None:
    with live_service.client() as client:
        answer = preflight(client, path, method, "accept, content-type")
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert method in answer.headers["access-control-allow-methods"].split(", ")
    assert "access-control-allow-credentials" not in answer.headers  # no cookies ride along


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_cors_preflight_for_a_graph_store_write_is_refused(
    live_service: LiveService, method: str
) -> None:
    with live_service.client() as client:
        answer = preflight(
            client,
            "/store?graph=https://w3id.org/hlm/graph/x",
            method,
            "authorization, content-type",
        )
    assert answer.status_code == 400
    assert answer.text == "Disallowed CORS method"
    assert method not in answer.headers["access-control-allow-methods"].split(", ")


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [
        ("/update", urlencode({"update": "INSERT DATA { <http://x/a> <http://x/b> 1 }"}),
         "application/x-www-form-urlencoded"),
        ("/store?graph=https://w3id.org/hlm/graph/x", "<http://x/a> <http://x/b> 1 .",
         "text/turtle"),
    ],
    ids=["update", "graph-store-post"],
)  # fmt: skip
def test_a_cross_origin_post_write_still_needs_the_token(
    start_service: StartService, path: str, body: str, content_type: str
) -> None:
    """POST is a read method too (queries), so its preflight passes: the token is what keeps a
    write closed to another origin's page, and without it nothing changes."""
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], Settings(shipped_dir=MINI))
    settings = Settings(update_token=TEST_TOKEN, shipped_dir=MINI)
    service = start_service(settings, store)
    before = snapshot(store)
    with service.client() as client:
        allowed = preflight(client, path, "POST", "authorization, content-type")
        assert allowed.status_code == 200
        headers = {"Origin": ORIGIN, "Content-Type": content_type}
        anonymous = client.post(path, content=body, headers=headers)
        guessed = client.post(path, content=body, headers={**headers, "Authorization": "Bearer x"})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert guessed.status_code in (401, 403)
    assert snapshot(store) == before


def test_limits_read_from_the_environment_reach_the_answers(start_service: StartService) -> None:
    env = {
        "GRAPHSVC_STORE_DIR": ":memory:",
        "GRAPHSVC_MAX_ROWS": "3",
        "GRAPHSVC_MAX_QUERY_LENGTH": "300",
        "GRAPHSVC_MAX_BODY_BYTES": "2000",
        "GRAPHSVC_UPDATE_TOKEN": "from-the-environment",
    }
    settings = Settings.from_env(env).with_changes(shipped_dir=MINI)
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], settings)
    service = start_service(settings, store)
    everything = {"query": "SELECT * WHERE { ?s ?p ?o }"}
    with service.client() as client:
        capped = client.get("/sparql", params=everything)
        long = client.get("/sparql", params={"query": everything["query"] + " #" + "x" * 300})
        big = client.post(
            "/sparql", content=b"#" * 3000, headers={"Content-Type": "application/sparql-query"}
        )
        update = {
            "update": "INSERT DATA { GRAPH <http://example.org/g> { <http://x/a> <http://x/b> 1 } }"
        }
        written = client.post(
            "/update", data=update, headers={"Authorization": "Bearer from-the-environment"}
        )
    assert capped.headers["x-result-limit"] == "3"
    assert len(capped.json()["results"]["bindings"]) == 3
    assert long.status_code == 400 and "the limit is 300" in long.text
    assert big.status_code == 413 and "limit of 2000 bytes" in big.text
    assert written.status_code == 204
    assert "http://example.org/g" in store.graph_names()
