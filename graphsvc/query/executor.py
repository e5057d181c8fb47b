"""Run user queries where they can be killed: a pool of worker processes over the store.

Oxigraph's Python API cannot cancel a running query, and a thread cannot be killed: a runaway
query would burn a core until it ends and starve everyone else. So each query from the SPARQL
endpoint runs in a worker process; at the time limit the worker is killed (the work really stops),
the client gets 503, and a fresh worker takes its place at once.

Workers read their own copy of the store: an on-disk store is opened read-only in each worker; an
in-memory store (tests) is handed over as an N-Quads snapshot file. After every write the owner
calls ``invalidate()``; each worker reopens its copy before its next job.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import GraphSvcError, QueryTimeout
from ..settings import Settings
from ..store.oxigraph import GraphStore, OxigraphStore
from . import querying  # the jobs' module: loaded as the worker starts, see below

_CONTEXT = mp.get_context("spawn")
log = logging.getLogger("graphsvc.executor")
WORKER_START_LIMIT = 120.0  # seconds for a worker to start and open its store
OPEN_ATTEMPTS = 5  # a worker's openings of the on-disk store (see StoreSource.open)

# Measured at 1M quads (bench, 2 cores): each worker's in-memory copy costs 460 MiB and the first
# answer comes after 8.2 s; read-only on disk, 73 MiB and 1.2 s, and queries 1.5-3.6x slower.
MEMORY_COPY_MAX_QUADS = 300_000


def workers_copy_to_memory(policy: str, quads: int) -> bool:
    """Whether query workers copy the store into memory (``auto``: while it is small)."""
    return policy == "memory" or (policy == "auto" and quads <= MEMORY_COPY_MAX_QUADS)


def start_workers(store: GraphStore, settings: Settings) -> WorkerPool:
    """The query workers for ``store``, starting (a worker says when it is ready)."""
    return WorkerPool(
        store, settings.query_workers, settings.query_timeout, copy=settings.worker_store
    )


@dataclass(frozen=True)
class Failure:
    """An expected error raised in a worker, carried back by value (status + message)."""

    status: int
    message: str
    headers: dict[str, str]


RAW_BODY_BYTES = 1024 * 1024  # answers from this size up cross the pipe in two messages


def _send_outcome(connection: Connection, value: Any) -> None:
    """``("ok", value)``; a big query answer as ``("answer", its fields but the body)`` and then
    the body as raw bytes: pickled whole, an answer of 64 MiB was two 64 MiB objects at once
    on the receiving side (the pickle read, then the body made from it). A small one goes in
    one message: a second costs two system calls and a wake-up more."""
    if isinstance(value, querying.QueryAnswer) and len(value.body) >= RAW_BODY_BYTES:
        connection.send(("answer", replace(value, body=b"")))
        connection.send_bytes(value.body)
    else:
        connection.send(("ok", value))


def _receive_outcome(connection: Connection) -> tuple[str, Any]:
    """What ``_send_outcome`` or an error sent: ``("ok", value)`` or ``("error", Failure)``."""
    status, value = connection.recv()
    if status == "answer":
        return "ok", replace(value, body=connection.recv_bytes())
    return status, value


def _worker_main(
    connection: Connection, source: StoreSource, generation: Synchronized[int], opened: Any
) -> None:
    """Serve jobs: ``(function, args)`` in; the value (``_send_outcome``) or
    ``("error", Failure)`` out.

    The store is opened before the worker says it is ready, so that neither the interpreter's
    start, nor loading ``querying`` (the module of the function jobs name), nor the store's
    opening (8 s for an in-memory copy of 1M quads) counts against the time limit of the first
    query it serves.
    """
    seen = generation.value
    store = source.open(seen)
    opened.set()
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        function, args = job
        try:
            current = generation.value
            if current != seen:
                store.close()
                store = source.open(current)
                seen = current
            _send_outcome(connection, function(store, *args))
        except GraphSvcError as error:
            connection.send(("error", Failure(error.status, error.message, error.headers)))
        except Exception as error:  # a bug of ours: say so (500) and keep serving
            log.exception("query job %s failed", getattr(function, "__name__", function))
            message = f"the query worker failed: {type(error).__name__}: {error}"
            connection.send(("error", Failure(500, message, {})))


@dataclass(frozen=True)
class StoreSource:
    """How a worker opens its copy: a RocksDB folder (read-only, or copied into memory at open:
    canned queries run 2–4× faster in memory, see the README's benchmarks) or an N-Quads
    snapshot of an in-memory store."""

    kind: str  # "disk", "memory" (disk copied into memory), "auto" (either) or "snapshot"
    folder: str

    def snapshot_path(self, generation: int) -> str:
        return os.path.join(self.folder, f"snapshot-{generation}.nq")

    def open(self, generation: int) -> OxigraphStore:
        """Open the copy, again if RocksDB says a file is missing: a read-only opening that
        meets the writer's compaction deleting the files it lists fails ("Corruption: … No such
        file"), seen when a worker started while the service wrote."""
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                return self._open(generation)
            except RuntimeError:
                if self.kind == "snapshot" or attempt == OPEN_ATTEMPTS:
                    raise
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    def _open(self, generation: int) -> OxigraphStore:
        if self.kind == "snapshot":
            return OxigraphStore.from_nquads(Path(self.snapshot_path(generation)))
        on_disk = OxigraphStore(Path(self.folder), read_only=True)
        # Decided here, in the worker, because counting 1M quads takes 0.3 s: off the service's
        # way to its first answer.
        if workers_copy_to_memory(self.kind, len(on_disk) if self.kind == "auto" else 0):
            return OxigraphStore.copy_of(on_disk)
        return on_disk


class _Worker:
    def __init__(self, source: StoreSource, generation: Synchronized[int], opened: Any) -> None:
        parent, child = _CONTEXT.Pipe()
        self.connection = parent
        self.ready = False
        self.process: BaseProcess = _CONTEXT.Process(
            target=_worker_main, args=(child, source, generation, opened), daemon=True
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        """End the process: a thread reading its pipe then reads end-of-file."""
        self.process.kill()
        self.process.join(timeout=5)

    def kill(self) -> None:
        """Stop the worker and close its pipe; twice is harmless.

        Only the thread that reads the pipe may close it: a pipe closed under a reading thread
        frees its descriptor for the next pipe opened, and the reader then takes another
        worker's answer (seen: a pool closed while its starter waited, the next pool's first
        query lost).
        """
        self.stop()
        with contextlib.suppress(OSError):
            self.connection.close()


class _IdleWorkers(queue.Queue[_Worker]):
    """The idle workers, the one that finished last taken first.

    Taken in turn, each worker's copy of the store went cold in the processor's caches between
    two of its queries: at 100k triples, ``sources`` (13 ms in-process) took 20.0 ms through a
    pool of two workers called one query after another, 15.3 ms through a pool of one, and 13.7
    ms taken last-in first-out. Under load every worker is busy either way.
    """

    def _get(self) -> _Worker:
        worker: _Worker = self.queue.pop()
        return worker

    def put_last(self, worker: _Worker) -> None:
        """Add a worker to be taken after every other (one still starting)."""
        with self.not_empty:
            self.queue.appendleft(worker)
            self.unfinished_tasks += 1
            self.not_empty.notify()


class WorkerPool:
    """A fixed number of killable query workers over one store."""

    def __init__(self, store: GraphStore, size: int, timeout: float, copy: str = "memory") -> None:
        """``copy``: how workers read an on-disk store, "memory", "disk" or "auto" (by size)."""
        self._store = store
        self._timeout = timeout
        self._lock = threading.Lock()
        self._generation: Synchronized[int] = _CONTEXT.Value("i", 0)
        path = getattr(store, "path", None)
        if isinstance(store, OxigraphStore) and path is not None and not store.read_only:
            self._tmp: tempfile.TemporaryDirectory[str] | None = None
            self._source = StoreSource(copy, str(path))
        else:
            self._tmp = tempfile.TemporaryDirectory(prefix="graphsvc-snapshots-")
            self._source = StoreSource("snapshot", self._tmp.name)
            self._write_snapshot(0)
        self._idle = _IdleWorkers()
        self._workers: list[_Worker] = []
        self._closed = False
        self._first_opened = _CONTEXT.Event()  # set by any worker that has opened its store
        self._all_started = threading.Event()
        self._add_worker()
        self._starter = threading.Thread(target=self._start_others, args=(size - 1,), daemon=True)
        self._starter.start()

    def _start_others(self, count: int) -> None:
        """Start the other workers once one has opened its store.

        Started all at once, they took the cores from the process that starts them: on two cores
        ``graphsvc serve`` at 1M quads bound its port 0.4 s later with two workers than with one.
        Each joins the idle ones only when ready, so a query never waits for one that is still
        starting while another is free (the second query after a start took 0.45-0.63 s).
        """
        self._first_opened.wait(WORKER_START_LIMIT)
        for _ in range(count):
            self._add_worker(idle_when_ready=True)
        self._all_started.set()

    def wait_started(self, timeout: float) -> bool:
        """Wait until every worker has started (background work should not delay the first)."""
        return self._all_started.wait(timeout)

    def _write_snapshot(self, generation: int) -> None:
        target = self._source.snapshot_path(generation)
        ox.serialize(self._store.quads(), target + ".tmp", format=ox.RdfFormat.N_QUADS)
        os.replace(target + ".tmp", target)

    def _add_worker(self, *, idle_when_ready: bool = False) -> None:
        with self._lock:
            if self._closed:
                return
            worker = _Worker(self._source, self._generation, self._first_opened)
            self._workers.append(worker)
        if not idle_when_ready:
            self._idle.put_last(worker)  # a free worker goes first: this one is still starting
            return
        try:
            self._wait_until_ready(worker)
        except QueryTimeout:
            return  # replaced by a new worker, idle at once
        self._idle.put(worker)

    def invalidate(self) -> None:
        """The store changed: workers reopen their copy before their next job."""
        with self._lock:
            new = self._generation.value + 1
            if self._source.kind == "snapshot":
                self._write_snapshot(new)
                old = self._source.snapshot_path(new - 2)
                if os.path.exists(old):
                    os.remove(old)
            self._generation.value = new

    def call(self, function: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
        """Run ``function(store, *args)`` in a worker; 503 if it runs past the time limit.

        ``function`` must be a module-level function (it is pickled by name) and return a
        picklable value. Waiting for a free worker counts against the same time limit.
        """
        limit = self._timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise QueryTimeout(
                f"every query worker stayed busy for {limit:g} s; try again later"
            ) from None
        try:
            if not worker.ready:
                started = time.monotonic()
                self._wait_until_ready(worker)
                deadline += time.monotonic() - started
            worker.connection.send((function, args))
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                raise TimeoutError
            status, value = _receive_outcome(worker.connection)
        except (TimeoutError, EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise QueryTimeout(
                f"the query ran past the time limit of {limit:g} s and was stopped"
            ) from None
        self._idle.put(worker)
        if status == "error":
            raise _as_error(value)
        return value

    def _wait_until_ready(self, worker: _Worker) -> None:
        """Wait for a new worker to have started and opened its store (not a query's time)."""
        try:
            if worker.connection.poll(WORKER_START_LIMIT):
                status, _ = worker.connection.recv()
                worker.ready = status == "ready"
        except (EOFError, OSError):
            pass
        if not worker.ready:
            self._replace(worker)
            raise QueryTimeout(f"a query worker did not start within {WORKER_START_LIMIT:g} s")

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._workers:
                self._workers.remove(worker)
        self._add_worker()

    def close(self) -> None:
        """Stop every worker; pipes are closed once the starting thread no longer reads them
        (see ``_Worker.kill``)."""
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        self._first_opened.set()  # a starter still waiting goes on, and adds no worker
        for worker in workers:
            worker.stop()
        self._starter.join(timeout=WORKER_START_LIMIT)
        for worker in workers:
            worker.kill()
        if self._tmp is not None:
            self._tmp.cleanup()


def _as_error(failure: Failure) -> GraphSvcError:
    error = GraphSvcError(failure.message, headers=failure.headers)
    error.status = failure.status
    return error
