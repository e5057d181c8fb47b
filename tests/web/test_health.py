"""The service starts on a random port and reports the store it serves."""

from __future__ import annotations

from livesvc import LiveService


def test_health_reports_the_shipped_store(live_service: LiveService) -> None:
    with live_service.client() as client:
        answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["quads"] == len(live_service.store)
    assert body["graphs"] == len(live_service.store.graph_names())
