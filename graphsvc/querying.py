"""Evaluate a query and serialise its answer: the one path shared by /sparql and canned queries.

``evaluate`` runs inside a killable worker (``executor.WorkerPool``), so it takes and returns plain
picklable values: the query text, the client's Accept, the dataset and bound terms in;
the chosen media type, the body and what the row cap did out. Results are capped at
``max_rows``; a capped answer says so (``truncated``), never silently.

Capping keeps Oxigraph's own serialisers: the first ``max_rows`` solutions are written as SPARQL
JSON, parsed back into a pyoxigraph result and serialised in the requested format.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
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
    """A serialised answer: media type, body, rows sent, and whether the cap cut it."""

    media_type: str
    body: bytes
    rows: int | None
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


def _serialise_solutions(results: Any, media_type: str, max_rows: int) -> tuple[bytes, int, bool]:
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
    body = capped.serialize(format=SOLUTION_FORMATS[media_type])
    return body or b"", len(kept), truncated


def serialise(result: Any, accept: str, max_rows: int) -> QueryAnswer:
    """Negotiate a format for a pyoxigraph result and write it (406 if none is acceptable)."""
    if isinstance(result, ox.QueryBoolean | Boolean):
        media_type = choose(accept, BOOLEAN_TYPES)
        boolean = ox.parse_query_results(
            json.dumps({"head": {}, "boolean": bool(result)}).encode(),
            format=ox.QueryResultsFormat.JSON,
        )
        body = boolean.serialize(format=BOOLEAN_FORMATS[media_type]) or b""
        return QueryAnswer(media_type, body, None, False, "boolean")
    if is_solutions(result):
        media_type = choose(accept, SOLUTION_TYPES)
        body, rows, truncated = _serialise_solutions(result, media_type, max_rows)
        return QueryAnswer(media_type, body, rows, truncated, "solutions")
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
    return QueryAnswer(media_type, buffer.getvalue(), len(triples), truncated, "graph")


def evaluate(store: GraphStore, job: QueryJob) -> QueryAnswer:
    """Run a query in the store's engine and serialise the answer (runs in a worker).

    pyoxigraph results may only be dropped by the thread that made them: an error must not carry
    them away in its traceback (FastAPI handles it on another thread), so tracebacks are cut here.
    """
    failure: GraphSvcError
    try:
        return serialise(
            store.query(
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
