"""Compute the answers of the canned queries that need no value before anyone asks.

The whole-graph canned queries are the slow ones (at 1M triples on disk: partnership-network
36.8 s, timeline 16.7 s, search 13.0 s), and the first person to ask would wait that long, or
past the time limit. ``graphsvc serve`` computes them in the background once its query workers
are ready, and again after each write, into the kept answers (``graphsvc.answer_cache``), in the
format a client gets by default. A request arriving meanwhile waits for that computation instead
of starting its own. The computations run one at a time, so one worker at most is busy with
them, under a longer limit than a request's (``WARM_LIMIT_FACTOR`` times it): nobody is waiting
on the other end.
"""

from __future__ import annotations

import logging
import threading
from functools import partial

from .canned import CannedQuery, canned_job, needs_no_value
from .errors import GraphSvcError
from .executor import WORKER_START_LIMIT
from .querying import QueryJob, evaluate
from .services import Services
from .store import OxigraphStore

WARM_LIMIT_FACTOR = 10
log = logging.getLogger("graphsvc.warming")


def warm_in_background(services: Services, jobs: list[QueryJob]) -> threading.Thread:
    """Start computing ``jobs`` into the kept answers; stops early if a write comes."""
    thread = threading.Thread(target=warm, args=(services, jobs), name="warming", daemon=True)
    thread.start()
    return thread


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


def keep_warm(services: Services) -> None:
    """Compute the answers ahead now, and again after every write through the service (unless
    answers are not kept: ``GRAPHSVC_ANSWER_CACHE_MB=0``)."""
    if services.answers.max_bytes <= 0:
        return
    jobs = ahead_of_time(services)
    services.after_write.append(partial(warm_in_background, services, jobs))
    warm_in_background(services, jobs)
