"""The objects a request handler needs, built once per app and reached through ``Depends``.

Reads go through a pool of killable worker processes (``executor.WorkerPool``), created on first
use so that a service that is never queried starts no processes (``graphsvc serve`` hands one in,
started before the web framework loads). Writes happen here, in the service process, one at a
time; after each the OWL RL closure is brought up to date, the workers reopen their copy of the
store, and the kept canned answers (``answer_cache``) no longer count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from ..ingest.pipeline import refresh_inferred
from ..iris import GraphNames
from ..query.answer_cache import AnswerCache, Served
from ..query.executor import WorkerPool, start_workers
from ..query.querying import QueryAnswer, QueryJob, evaluate
from ..settings import Settings
from ..store.oxigraph import GraphStore, OxigraphStore


@dataclass
class Services:
    """Per-app state: settings, the store, and what start-up loaded (canned queries…)."""

    settings: Settings
    store: GraphStore
    graphs: GraphNames
    extras: dict[str, Any] = field(default_factory=dict)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    generation: int = 0  # bumped by every write through this service; caches key on it
    workers: WorkerPool | None = None  # started on first use, or handed in started
    _pool_lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: dict[str, tuple[int, Any]] = field(default_factory=dict)
    answers: AnswerCache = field(init=False)
    after_write: list[Callable[[], object]] = field(default_factory=list)  # run after a write

    def __post_init__(self) -> None:
        self.answers = AnswerCache(self.settings.answer_cache_bytes)

    def pool(self) -> WorkerPool:
        """The query workers, started on first use (``graphsvc serve`` starts them sooner)."""
        with self._pool_lock:
            if self.workers is None:
                self.workers = start_workers(self.store, self.settings)
            return self.workers

    def graph_names(self) -> list[str]:
        """The store's named graphs (see ``_per_generation``)."""
        names: list[str] = self._per_generation("graph_names", self.store.graph_names)
        return names

    def quad_count(self) -> int:
        """How many quads the store holds (see ``_per_generation``)."""
        count: int = self._per_generation("quads", lambda: len(self.store))
        return count

    def _per_generation(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept until the next write through this service.

        Asked on hot paths (every /sparql query checks its FROM graphs, every resource page its
        graph, /health counts quads): listing graphs or counting quads reads the whole store
        (35 ms per /health at 100k triples). Only the embedded store is ours alone; a remote
        one, which others may write, is asked every time.
        """
        if not isinstance(self.store, OxigraphStore):
            return compute()
        generation = self.generation  # read first: a write during compute() must not be hidden
        cached = self._cache.get(key)
        if cached is not None and cached[0] == generation:
            return cached[1]
        value = compute()
        self._cache[key] = (generation, value)
        return value

    def run_query(self, job: QueryJob) -> QueryAnswer:
        """Answer a query in a worker, within the time limit (503 past it).

        A remote store runs the query itself, under the HTTP client's time limit: no worker.
        """
        if not isinstance(self.store, OxigraphStore):
            return evaluate(self.store, job)
        answer: QueryAnswer = self.pool().call(evaluate, job)
        return answer

    def run_canned(self, job: QueryJob) -> Served:
        """Answer a canned query from the answers kept since the last write, or compute it
        (``graphsvc.query.answer_cache``). A remote store, which others may write, is asked each
        time.
        """
        if not isinstance(self.store, OxigraphStore):
            return Served(self.run_query(job), hit=False)
        generation = self.generation  # read first: a write during the query must not be hidden
        return self.answers.serve(
            generation, job, lambda: self.run_query(job), self.settings.query_timeout
        )

    def kept_canned(self, job: QueryJob) -> QueryAnswer | None:
        """The kept answer to a canned query, without waiting: a request finding it needs no
        thread (``routes.queries``)."""
        if not isinstance(self.store, OxigraphStore):
            return None
        return self.answers.peek(self.generation, job)

    def written(self, *, reasoned: bool = False) -> None:
        """The store changed: bring the inferred graph up to date (unless the write already
        did, as ingest does), and let the workers see the change."""
        if not reasoned:
            refresh_inferred(self.store, self.settings)
        self.generation += 1
        with self._pool_lock:
            if self.workers is not None:
                self.workers.invalidate()
        for hook in self.after_write:
            hook()

    def close(self) -> None:
        with self._pool_lock:
            if self.workers is not None:
                self.workers.close()
                self.workers = None


async def get_services(request: Request) -> Services:
    """FastAPI dependency: the app's ``Services``.

    ``async`` so that FastAPI calls it on the event loop: a plain function dependency is run in
    the thread pool, a second thread hop on every request (0.3-0.7 ms of /health's 0.8-1.5 ms
    in-process, see README).
    """
    services: Services = request.app.state.services
    return services
