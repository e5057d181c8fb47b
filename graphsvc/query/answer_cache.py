"""Canned-query answers kept until the next write, and computed once when asked at once.

A canned query without parameters asks the same question of the same data until someone writes:
the partnership network, the timeline, the kinds of actors. At a million triples the first two
take 11-30 s each, and under load eight clients asking for them at once took every query worker
and left the rest of the service waiting past its time limit. So an answer is kept, keyed on the
store's generation (bumped by every write through the service) and on the whole query job, within
a byte budget (least recently used first out); and while one request computes an answer, the
others asking the same wait for it instead of taking a worker each (single flight).

Only the embedded store's answers are kept: a remote store may be written by others.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from ..errors import QueryTimeout
from .querying import QueryAnswer


@dataclass
class _Flight:
    """One computation that several requests wait for."""

    done: threading.Event = field(default_factory=threading.Event)
    answer: QueryAnswer | None = None
    error: BaseException | None = None
    started: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Served:
    """An answer and whether this request computed it (``miss``) or found it (``hit``)."""

    answer: QueryAnswer
    hit: bool


class AnswerCache:
    """Answers by (generation, key), at most ``max_bytes`` of bodies; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[int, Hashable], QueryAnswer] = OrderedDict()
        self._bytes = 0
        self._flights: dict[tuple[int, Hashable], _Flight] = {}
        self._lock = threading.Lock()

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def kept(self, generation: int) -> int:
        """How many answers are kept for ``generation`` (shown by /health)."""
        with self._lock:
            return sum(1 for slot in self._entries if slot[0] == generation)

    def peek(self, generation: int, key: Hashable) -> QueryAnswer | None:
        """The kept answer, if there is one; never waits (safe on the event loop)."""
        if self.max_bytes <= 0:
            return None
        with self._lock:
            return self._kept((generation, key))

    def _kept(self, slot: tuple[int, Hashable]) -> QueryAnswer | None:
        """The answer kept in ``slot``, now the most recently used (the lock is held)."""
        kept = self._entries.get(slot)
        if kept is not None:
            self._entries.move_to_end(slot)
        return kept

    def serve(
        self,
        generation: int,
        key: Hashable,
        compute: Callable[[], QueryAnswer],
        wait_limit: float | None = None,
    ) -> Served:
        """The kept answer, the one being computed, or ``compute()``'s (kept if it fits).

        ``generation`` must be read before anything the answer depends on: an answer computed
        while a write lands is then kept under the old generation, never served for the new.
        A request waits for another's computation at most ``wait_limit`` seconds (its own time
        limit): one computed ahead runs under a longer limit than a request's.
        """
        if self.max_bytes <= 0:
            return Served(compute(), hit=False)
        slot = (generation, key)
        with self._lock:
            kept = self._kept(slot)
            if kept is not None:
                return Served(kept, hit=True)
            flight = self._flights.get(slot)
            leading = flight is None
            if flight is None:
                flight = self._flights[slot] = _Flight()
        if not leading:
            return Served(_outcome(flight, wait_limit), hit=True)
        try:
            flight.answer = compute()
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                del self._flights[slot]
            flight.done.set()
        self._keep(generation, slot, flight.answer)
        return Served(flight.answer, hit=False)

    def _keep(self, generation: int, slot: tuple[int, Hashable], answer: QueryAnswer) -> None:
        """Keep ``answer`` if it fits: older generations go first, then the least recently used."""
        size = len(answer.body)
        if size > self.max_bytes:
            return
        with self._lock:
            for old in [s for s in self._entries if s[0] < generation]:
                self._bytes -= len(self._entries.pop(old).body)
            while self._entries and self._bytes + size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted.body)
            if slot not in self._entries:
                self._entries[slot] = answer
                self._bytes += size


def _outcome(flight: _Flight, wait_limit: float | None) -> QueryAnswer:
    """Wait for another computation; its error is this request's error too; 503 with
    ``Retry-After`` if it is still running at ``wait_limit``."""
    if not flight.done.wait(wait_limit):
        running = time.monotonic() - flight.started
        raise QueryTimeout(
            f"this answer has been computing for {running:.0f} s (the answers needing no value "
            "are computed ahead, under a longer limit); ask again later",
            headers={"Retry-After": str(max(1, round(wait_limit or 1)))},
        )
    if flight.error is not None:
        raise flight.error
    assert flight.answer is not None
    return flight.answer
