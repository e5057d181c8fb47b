"""``graphsvc serve`` as deployed: a real process on a random port, answers computed ahead.

The whole-graph canned queries (no value needed) are computed once the workers are ready and
after each write, so the first person to ask gets a kept answer (``X-Cache: hit``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from livesvc import free_port, serve_command

TOKEN = "serve-test-token"
AHEAD = [
    "actors-by-kind",
    "agreement",
    "congress-agreements",
    "partners",
    "partnership-network",
    "people-roles",
    "search",
    "sources",
    "territory-agreements",
    "timeline",
]  # fmt: skip  (every shipped canned query has a default for each parameter)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``graphsvc serve`` over a new store (it ingests the shipped data first)."""
    port = free_port()
    env = {**os.environ, "GRAPHSVC_STORE_DIR": str(tmp_path / "store"),
           "GRAPHSVC_UPDATE_TOKEN": TOKEN}  # fmt: skip
    command = [sys.executable, "-m", "graphsvc.cli", "serve", "--port", str(port)]
    with serve_command(command, port, env) as url:
        yield url


def computed_ahead(url: str) -> None:
    """Wait (60 s at most) until the service keeps an answer for each of its ten canned queries
    for the data as it is now (/health counts them)."""
    deadline = time.monotonic() + 60
    while httpx.get(url + "/health", timeout=10).json()["kept_answers"] < len(AHEAD):
        assert time.monotonic() < deadline, "the answers were not computed ahead"
        time.sleep(0.2)


def test_answers_needing_no_value_are_computed_before_anyone_asks(served: str) -> None:
    computed_ahead(served)
    for name in AHEAD:
        answer = httpx.get(f"{served}/queries/{name}", headers={"Accept": "*/*"}, timeout=60)
        assert answer.status_code == 200, answer.text
        assert answer.headers["X-Cache"] == "hit", f"{name} was not computed ahead"
        assert answer.headers["content-type"].startswith("application/sparql-results+json")


def test_a_write_is_followed_by_answers_computed_again(served: str) -> None:
    """``search`` (default text: habitat) computed ahead, a write giving the Banque des
    Territoires an alias with that word, and the answer computed ahead again holds it."""
    bdt = "https://w3id.org/hlm/id/organisation/banque-des-territoires"
    computed_ahead(served)
    before = httpx.get(f"{served}/queries/search", timeout=60)
    assert before.headers["X-Cache"] == "hit" and bdt not in before.text
    turtle = f'<{bdt}> <http://www.w3.org/2004/02/skos/core#altLabel> "Habitat test"@fr .'
    created = httpx.post(
        f"{served}/store",
        params={"graph": "https://w3id.org/hlm/graph/source/serve-test"},
        content=turtle,
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert created.status_code == 201, created.text
    computed_ahead(served)
    after = httpx.get(f"{served}/queries/search", timeout=60)
    assert after.headers["X-Cache"] == "hit" and bdt in after.text
