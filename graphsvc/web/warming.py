"""Compute the answers of the canned queries that need no value before anyone asks.

The whole-graph canned queries are the slow ones (at 1M triples on disk: partnership-network
36.8 s, timeline 16.7 s, search 13.0 s), and the first person to ask would wait that long, or
past the time limit. ``graphsvc serve`` computes them in the background once its query workers
are ready, and again once writes settle, into the kept answers (``graphsvc.query.answer_cache``), in
the format a client gets by default. A request arriving meanwhile waits for that computation
instead of starting its own. One thread (``Warmer``) does it all, one computation at a time, so
one worker at most is busy with them, under a longer limit than a request's
(``WARM_LIMIT_FACTOR`` times it): nobody is waiting on the other end. A burst of writes (a client
loading graphs one by one) gives one run after it, not one per write.
"""

from __future__ import annotations

import logging
import threading
from functools import partial

from ..errors import GraphSvcError
from ..query.canned import CannedQuery, canned_job, needs_no_value
from ..query.executor import WORKER_START_LIMIT
from ..query.querying import QueryJob, evaluate
from ..store.oxigraph import OxigraphStore
from .services import Services

WARM_LIMIT_FACTOR = 10
WRITES_SETTLE = 0.5  # seconds without a write before the answers are computed again
log = logging.getLogger("graphsvc.warming")


class Warmer:
    """The thread that computes the answers ahead: at once, then after writes have settled.

    A run stops at its next job when a write comes (``warm``); the writes that follow within
    ``settle`` seconds of each other are waited out, then one run starts for the data they
    left. A run that fails is logged and the thread goes on: the service still answers, only
    more slowly.
    """

    def __init__(
        self, services: Services, jobs: list[QueryJob], settle: float = WRITES_SETTLE
    ) -> None:
        self.services = services
        self.jobs = jobs
        self.settle = settle
        self.runs = 0  # runs started (one at start, then one per settled burst of writes)
        self._changed = threading.Condition()
        self._pending = False  # a write came since the last run started
        self._busy = True
        self._thread = threading.Thread(target=self._loop, name="warming", daemon=True)
        self._thread.start()

    def written(self) -> None:
        """The data changed (an ``after_write`` hook of the service)."""
        with self._changed:
            self._pending = True
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no run is under way or due; whether that happened within ``timeout``."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._busy and not self._pending, timeout)

    def _loop(self) -> None:
        self._run()
        while True:
            with self._changed:
                while not self._pending:
                    self._busy = False
                    self._changed.notify_all()
                    self._changed.wait()
                self._busy = True
                while self._pending:  # more writes within `settle` seconds: wait them out
                    self._pending = False
                    self._changed.wait(self.settle)
            self._run()

    def _run(self) -> None:
        self.runs += 1
        try:
            warm(self.services, self.jobs)
        except Exception:
            log.exception("computing the canned answers ahead failed; they are computed on demand")


def warm(services: Services, jobs: list[QueryJob]) -> int:
    """Compute each job's answer unless kept already; how many it computed.

    Each answer is kept under the generation read before it started, so a write during the run
    cannot make a stale answer look fresh; the run stops at the first job after a write (the
    write starts a run of its own).
    """
    if not isinstance(services.store, OxigraphStore):
        return 0  # a remote store's answers are not kept
    generation = services.generation
    limit = services.settings.query_timeout * WARM_LIMIT_FACTOR
    pool = services.pool()
    pool.wait_started(WORKER_START_LIMIT)
    computed = 0
    for job in jobs:
        if services.generation != generation:
            return computed
        try:
            served = services.answers.serve(
                generation, job, partial(pool.call, evaluate, job, timeout=limit)
            )
        except GraphSvcError as error:
            log.warning("could not compute a canned answer ahead: %s", error.message)
            continue
        computed += not served.hit
    return computed


def ahead_of_time(services: Services) -> list[QueryJob]:
    """The jobs of the canned queries that need no value, as a client asking nothing gets them."""
    queries: list[CannedQuery] = services.extras.get("canned", [])
    settings = services.settings
    return [
        canned_job(q, {}, None, settings.base_iri, settings.max_rows)
        for q in queries
        if needs_no_value(q)
    ]


def keep_warm(services: Services) -> Warmer | None:
    """Compute the answers ahead now, and again after writes through the service (unless
    answers are not kept: ``GRAPHSVC_ANSWER_CACHE_MB=0``)."""
    if services.answers.max_bytes <= 0:
        return None
    warmer = Warmer(services, ahead_of_time(services))
    services.after_write.append(warmer.written)
    return warmer
