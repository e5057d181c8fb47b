"""Limits and headers that hold on every route: body size (413) and HTML security headers."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
from livesvc import StartService

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
