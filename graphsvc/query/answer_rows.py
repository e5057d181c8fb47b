"""Solutions in an answer as Oxigraph writes it: counted, bounded, and cut at the row cap.

Oxigraph's serialisers cannot stop after ``max_rows`` solutions, and reading an answer back to
count its rows costs a second parse (11 of the 68 ms that the partners answer, 1.8 MB of JSON,
took at 100k triples). So the bytes are read as they are written (``RowCutter``): a bound from
plain byte counts while the answer is surely under the cap, where each solution starts once it
may not be, and the serialiser is stopped at the first solution past the cap. The answer cut
there is the one Oxigraph would write for the first ``max_rows`` solutions, from one
evaluation: before, an answer over the cap was evaluated again and its rows built in Python
(the partnership network at 1M triples on disk, cut at 100,000 rows: 24.7 s, now 11.9 s).

What marks a solution, per format (the grammar of each, not a guess):

- JSON: a solution is an object in the ``bindings`` array: ``[{"`` or ``,{"`` followed by a
  variable name. Inside a string a quote is escaped, so ``{"`` there can only be a string's
  closing quote, which JSON follows by ``:``, ``,``, ``}`` or ``]``, never by a name. An empty
  solution (``{}``) has no such mark and ``,{}`` may sit inside a string: seen, the cutter gives
  up and the caller takes the slow path.
- XML: ``<result>`` (``<`` is escaped in values).
- TSV: a line (line breaks are escaped in values).
- CSV: a line break outside quotes (a quoted value may hold line breaks; ``""`` is a quote).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

JSON = ox.QueryResultsFormat.JSON
XML = ox.QueryResultsFormat.XML
TSV = ox.QueryResultsFormat.TSV
CSV = ox.QueryResultsFormat.CSV


def most_rows(body: bytes, fmt: ox.QueryResultsFormat) -> int:
    """At least as many as the solutions in ``body``, from one or two byte counts.

    JSON: a solution opens one object; so do each term (``{"type":"``, which cannot occur inside
    a string), the head, the results, a triple term's parts and any ``{`` inside a string, all
    counted in ``{`` and only terms taken off. XML: one ``<result`` per solution, and
    ``<results``. TSV, CSV: one line per solution after the header (more for CSV's quoted line
    breaks).
    """
    return _Bound(fmt).add(body)


class _Bound:
    """``most_rows`` over an answer arriving in pieces; a mark cut in two is counted once."""

    def __init__(self, fmt: ox.QueryResultsFormat) -> None:
        self._fmt = fmt
        self._tail = b""  # the last bytes of the previous piece, shorter than any mark

    def add(self, piece: bytes) -> int:
        """The bound for ``piece`` (added up over the pieces: the bound of the whole)."""
        seam = self._tail + piece
        if self._fmt == JSON:
            self._tail = seam[-8:]
            return piece.count(b"{") - seam.count(b'{"type":"')
        if self._fmt == XML:
            self._tail = seam[-6:]
            return seam.count(b"<result")
        return piece.count(b"\n")


@dataclass(frozen=True)
class _Marks:
    """Where solutions start in one format (a pattern ``width`` bytes wide), what then closes
    an answer cut before one, and what would make the count unsure."""

    start: re.Pattern[bytes]
    width: int
    closing: bytes = b""
    ambiguous: re.Pattern[bytes] | None = None


_MARKS = {
    JSON: _Marks(re.compile(rb'[\[,]\{"[^:,}\]\s]'), 4, b"]}}", re.compile(rb"[\[,]\{\}")),
    XML: _Marks(re.compile(rb"<result>"), 8, b"</results></sparql>"),
    TSV: _Marks(re.compile(rb"\n"), 1),
    CSV: _Marks(re.compile(rb'["\n]'), 1),
}


class RowCapReached(Exception):
    """Raised through Oxigraph's serialiser to stop it: the answer is cut at the cap."""


class Unsure(Exception):
    """Raised through Oxigraph's serialiser to stop it: its solutions cannot be told apart
    (JSON with an empty solution); the caller cuts the answer another way."""


class RowCutter(io.BytesIO):
    """A sink for ``QuerySolutions.serialize`` that stops it after ``max_rows`` solutions
    (``RowCapReached``); ``answer()`` is what was written, cut at the cap.

    Cheap while the bound (``most_rows``) stays under the cap; past it, the start of each
    solution is found, from the first byte on, and counted.
    """

    def __init__(self, fmt: ox.QueryResultsFormat, max_rows: int) -> None:
        super().__init__()
        self._fmt = fmt
        self._marks = _MARKS[fmt]
        self._lines = fmt in (TSV, CSV)
        self._max_rows = max_rows
        self._bound = _Bound(fmt)
        self._most = 0
        self._exact = False
        self._scanned = 0  # bytes read for solution starts
        self._seen = 0  # marks seen (TSV, CSV: line ends, the header's included)
        self._quoted = False  # CSV: inside a quoted value at ``_scanned``
        self._line_end = 0  # TSV, CSV: just after the last line break seen
        self._cut: int | None = None
        self._stopped: Exception | None = None

    def write(self, data: Any) -> int:
        """Keep ``data`` and read it; once stopped, refuse more: the serialiser's buffer, dropped
        after the exception that stopped it, writes its bytes again."""
        if self._stopped is not None:
            raise self._stopped
        try:
            return self._take(bytes(data))
        except (RowCapReached, Unsure) as stop:
            self._stopped = stop.with_traceback(None)
            raise

    def _take(self, piece: bytes) -> int:
        super().write(piece)
        if not self._exact:
            self._most += self._bound.add(piece)
            self._exact = self._most > self._max_rows
        if self._exact:
            self._find_starts()
        return len(piece)

    def answer(self) -> tuple[bytes, bool]:
        """The answer written, and whether the cap cut it."""
        if self._cut is None:
            return self.getvalue(), False
        with self.getbuffer() as written:
            return written[: self._cut].tobytes() + self._marks.closing, True

    def _find_starts(self) -> None:
        with self.getbuffer() as written:
            ambiguous = self._marks.ambiguous
            if ambiguous is not None and ambiguous.search(written, self._scanned):
                raise Unsure
            for match in self._marks.start.finditer(written, self._scanned):
                if self._fmt == CSV and written[match.start()] == ord('"'):
                    self._quoted = not self._quoted
                elif not self._quoted:
                    self._seen_at(match.start())
            # Marks wider than a byte may begin in the last bytes: read those again next time.
            self._scanned = max(self._scanned, len(written) - self._marks.width + 1)

    def _seen_at(self, at: int) -> None:
        """A mark at ``at``: past the cap, cut and stop.

        A JSON or XML mark opens a solution: the one opening solution ``max_rows + 1`` is cut
        off with what follows (JSON: from its comma). A line break ends the header or a
        solution: the one ending solution ``max_rows + 1`` proves it there, and the cut comes
        just after the line break before.
        """
        self._seen += 1
        if not self._lines:
            if self._seen > self._max_rows:
                self._cut = at if self._fmt == XML or self._max_rows else at + 1
                raise RowCapReached
            return
        if self._seen > self._max_rows + 1:
            self._cut = self._line_end
            raise RowCapReached
        self._line_end = at + 1
