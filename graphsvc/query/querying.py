"""Evaluate a query and serialise its answer: the one path shared by /sparql and canned queries.

``evaluate`` runs inside a killable worker (``executor.WorkerPool``), so it takes and returns plain
picklable values: the query text, the client's Accept, the dataset and bound terms in;
the chosen media type, the body and what the row cap did out. Results are capped at
``max_rows``; a capped answer says so (``truncated``), never silently.

Oxigraph writes solutions itself, straight from the engine: building each row in Python cost as
much as evaluating heavy canned queries (README, benchmarks). Its serialiser cannot stop after
``max_rows`` rows, so the bytes are read as they are written and the serialiser stopped at the
cap (``answer_rows``), in one evaluation. Only a JSON answer whose solutions cannot be told
apart is evaluated again and its first ``max_rows`` rows kept in Python (the slow path).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..errors import BadRequest, GraphSvcError
from ..rdf.results import Boolean, Term, is_solutions
from ..store.oxigraph import Dataset, GraphStore
from .answer_rows import RowCapReached, RowCutter, Unsure
from .negotiation import (
    BOOLEAN_FORMATS,
    BOOLEAN_TYPES,
    GRAPH_FORMATS,
    GRAPH_TYPES,
    SOLUTION_FORMATS,
    SOLUTION_TYPES,
    choose,
)


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


def native_solutions(
    results: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_rows: int
) -> tuple[bytes, bool] | None:
    """The answer as Oxigraph writes it, cut after ``max_rows`` solutions
    (``answer_rows.RowCutter``), and whether it was cut; ``None`` if its solutions cannot be
    told apart (the caller then takes the capped path)."""
    sink = RowCutter(fmt, max_rows)
    try:
        results.serialize(sink, format=fmt)
    except RowCapReached:
        pass
    except Unsure:
        return None
    return sink.answer()


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
            written = native_solutions(result, fmt, max_rows)
            if written is not None:
                return QueryAnswer(media_type, *written, "solutions")
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
    except (ValueError, TypeError, OSError, RuntimeError) as error:
        # Oxigraph's evaluation errors (RuntimeError), the store's (OSError), bad terms: the
        # query's fault or the store's, told as the engine tells it; never a time-out.
        failure = BadRequest(f"the query cannot be evaluated: {error}")
    except GraphSvcError as error:
        failure = error.with_traceback(None)
        failure.__context__ = None
    raise failure
