"""Evaluate a query and serialise its answer: the one path shared by /sparql and canned queries.

``evaluate`` runs inside a killable worker (``executor.WorkerPool``), so it takes and returns plain
picklable values: the query text, the client's Accept, the dataset and bound terms in;
the chosen media type, the body and what the row cap did out. Results are capped at
``max_rows``; a capped answer says so (``truncated``), never silently.

Oxigraph writes solutions itself, straight from the engine: building each row in Python cost as
much as evaluating heavy canned queries (README, benchmarks). Its serialiser cannot stop after
``max_rows`` rows, so the whole answer is written within a byte budget and its rows counted when
its size allows more than ``max_rows``; an answer over the cap or the budget is evaluated again
and only its first ``max_rows`` rows are kept (the slow path, for answers that are cut anyway).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from .errors import BadRequest, GraphSvcError
from .negotiation import (
    BOOLEAN_FORMATS,
    BOOLEAN_TYPES,
    GRAPH_FORMATS,
    GRAPH_TYPES,
    SOLUTION_FORMATS,
    SOLUTION_TYPES,
    choose,
)
from .results import Boolean, Term, is_solutions
from .store import Dataset, GraphStore


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query."""

    sparql: str
    accept: str
    dataset: Dataset | None = None
    substitutions: Mapping[str, Term] | None = None
    max_rows: int = 100_000
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised answer: media type, body, and whether the row cap cut it."""

    media_type: str
    body: bytes
    truncated: bool
    kind: str  # "solutions", "boolean" or "graph"


def term_json(term: Term) -> dict[str, Any]:
    """A term in the SPARQL 1.1 (1.2 for triple terms) JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


def solutions_json(variables: list[str], rows: Iterable[Any]) -> bytes:
    """SPARQL JSON for the given rows (unbound variables left out, as the format says)."""
    bindings = []
    for row in rows:
        binding = {}
        for name in variables:
            value = row[name]
            if value is not None:
                binding[name] = term_json(value)
        bindings.append(binding)
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


NATIVE_BYTES_LIMIT = 64 * 1024 * 1024
"""Answers written bigger than this take the capped path: a worker never holds more."""

# The fewest bytes one solution takes in each format ("{}" and a comma in JSON, an empty
# <result></result> in XML, an empty line in TSV or CSV): n bytes hold at most n // that rows.
_MIN_ROW_BYTES = {
    ox.QueryResultsFormat.JSON: 2,
    ox.QueryResultsFormat.XML: 17,
    ox.QueryResultsFormat.TSV: 1,
    ox.QueryResultsFormat.CSV: 2,
}


class _OverBudget(Exception):
    """Raised through Oxigraph's serialiser to stop it: the answer is too big to hold."""


class _BoundedBuffer(io.BytesIO):
    """A binary sink for ``serialize`` that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self._limit = limit

    def write(self, data: Any) -> int:
        if self.tell() + memoryview(data).nbytes > self._limit:
            raise _OverBudget
        return super().write(data)


def count_rows(body: bytes, fmt: ox.QueryResultsFormat, limit: int) -> int:
    """The solutions in a serialised answer, counted up to ``limit``.

    Oxigraph reads back JSON, XML and TSV; CSV (which it cannot parse) is read by ``csv``, which
    knows its quoted fields may hold line breaks.
    """
    if fmt == ox.QueryResultsFormat.CSV:
        rows = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
        return sum(1 for _ in itertools.islice(rows, limit + 1)) - 1
    parsed = ox.parse_query_results(body, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    return sum(1 for _ in itertools.islice(parsed, limit))


def native_solutions(
    results: ox.QuerySolutions,
    fmt: ox.QueryResultsFormat,
    max_rows: int,
    byte_limit: int = NATIVE_BYTES_LIMIT,
) -> bytes | None:
    """The whole answer as Oxigraph writes it; ``None`` if it has more than ``max_rows`` rows
    or takes more than ``byte_limit`` bytes (the caller then takes the capped path)."""
    buffer = _BoundedBuffer(byte_limit)
    try:
        results.serialize(buffer, format=fmt)
    except _OverBudget:
        return None
    body = buffer.getvalue()
    if (
        len(body) // _MIN_ROW_BYTES[fmt] > max_rows
        and count_rows(body, fmt, max_rows + 1) > max_rows
    ):
        return None
    return body


def capped_solutions(results: Any, fmt: ox.QueryResultsFormat, max_rows: int) -> tuple[bytes, bool]:
    """The first ``max_rows`` solutions, written by Oxigraph after a round trip through JSON
    (the only way to hand it rows of our choosing); and whether any were left out."""
    variables = [v.value for v in results.variables]
    kept: list[Any] = []
    truncated = False
    for row in results:
        if len(kept) == max_rows:
            truncated = True
            break
        kept.append(row)
    capped = ox.parse_query_results(
        solutions_json(variables, kept), format=ox.QueryResultsFormat.JSON
    )
    assert isinstance(capped, ox.QuerySolutions)
    return capped.serialize(format=fmt) or b"", truncated


def answer_query(run: Callable[[], Any], accept: str, max_rows: int) -> QueryAnswer:
    """Run a query (``run`` gives a fresh result each call) and write its answer in the format
    the client accepts (406 if none). Solutions from Oxigraph are written by Oxigraph; a second
    evaluation happens only for answers cut at ``max_rows`` or over the byte budget."""
    result = run()
    if isinstance(result, Boolean):  # a remote store's answer, made Oxigraph's to be written
        result = ox.parse_query_results(
            json.dumps({"head": {}, "boolean": bool(result)}).encode(),
            format=ox.QueryResultsFormat.JSON,
        )
    if isinstance(result, ox.QueryBoolean):
        media_type = choose(accept, BOOLEAN_TYPES)
        body = result.serialize(format=BOOLEAN_FORMATS[media_type]) or b""
        return QueryAnswer(media_type, body, False, "boolean")
    if is_solutions(result):
        media_type = choose(accept, SOLUTION_TYPES)
        fmt = SOLUTION_FORMATS[media_type]
        if isinstance(result, ox.QuerySolutions):
            whole = native_solutions(result, fmt, max_rows)
            if whole is not None:
                return QueryAnswer(media_type, whole, False, "solutions")
            result = run()
        body, truncated = capped_solutions(result, fmt, max_rows)
        return QueryAnswer(media_type, body, truncated, "solutions")
    media_type = choose(accept, GRAPH_TYPES)
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:
        if len(triples) == max_rows:
            truncated = True
            break
        triples.append(triple)
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, format=GRAPH_FORMATS[media_type])
    return QueryAnswer(media_type, buffer.getvalue(), truncated, "graph")


def evaluate(store: GraphStore, job: QueryJob) -> QueryAnswer:
    """Run a query in the store's engine and serialise the answer (runs in a worker).

    pyoxigraph results may only be dropped by the thread that made them: an error must not carry
    them away in its traceback (FastAPI handles it on another thread), so tracebacks are cut here.
    """
    failure: GraphSvcError
    try:
        return answer_query(
            lambda: store.query(
                job.sparql, job.dataset, job.substitutions, base_iri=job.base_iri, stream=True
            ),
            job.accept,
            job.max_rows,
        )
    except SyntaxError as error:
        failure = BadRequest(f"malformed query: {error}")
    except (ValueError, TypeError, OSError) as error:
        failure = BadRequest(f"the query cannot be evaluated: {error}")
    except GraphSvcError as error:
        failure = error.with_traceback(None)
        failure.__context__ = None
    raise failure
