"""The real service for tests: uvicorn on 127.0.0.1 with a random port, in a thread.

Imported by tests as ``livesvc`` (``tests/`` is on pytest's pythonpath); the fixtures that use it
live in ``tests/conftest.py``.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI

from graphsvc.settings import Settings
from graphsvc.store.oxigraph import GraphStore
from graphsvc.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"
TEST_TOKEN = "test-token-5d0b1c"
MINI = TEST_DATA / "ingest"  # a miniature project: ontology, shapes, reference, two sources


def snapshot(store: GraphStore) -> set[ox.Quad]:
    """Every quad, to compare a store before and after something that must change nothing."""
    return set(store.quads())


@dataclass(frozen=True)
class LiveService:
    """A running service: its base URL, settings and store (to check what a request changed)."""

    url: str
    settings: Settings
    store: GraphStore

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30.0, **kwargs)  # type: ignore[arg-type]


@contextmanager
def serve(settings: Settings, store: GraphStore) -> Iterator[LiveService]:
    """Run the service in uvicorn, in a thread on 127.0.0.1:0, until the block ends."""
    with serve_app(create_app(settings, store)) as url:
        yield LiveService(url, settings, store)


@contextmanager
def serve_app(app: FastAPI) -> Iterator[str]:
    """Run an app made by ``create_app`` in uvicorn on 127.0.0.1:0; its URL until the block ends."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


StartService = Callable[[Settings, GraphStore], LiveService]


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve_command(
    command: list[str], port: int, env: dict[str, str], cwd: Path | None = None
) -> Iterator[str]:
    """Run ``graphsvc serve`` as a process (``command`` listens on ``port``) until the block ends:
    its URL once ``/health`` answers (120 s at most; its stderr if it dies first)."""
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(url + "/health", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "graphsvc serve did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
