"""Writing answers: Oxigraph's own serialisers, the row cap and the byte budget (querying.py)."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest
from awkward import AWKWARD, EMPTY_ROWS, EX, ROWS, awkward_store, solutions

from graphsvc.query.negotiation import SOLUTION_FORMATS
from graphsvc.query.querying import answer_query, native_solutions


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return awkward_store()


def parsed(body: bytes, media_type: str) -> list[dict[str, str]]:
    """The rows of an answer as plain strings, whatever its format."""
    fmt = SOLUTION_FORMATS[media_type]
    if fmt == ox.QueryResultsFormat.CSV:
        header, *lines = csv.reader(io.StringIO(body.decode(), newline=""))
        return [dict(zip(header, line, strict=False)) for line in lines]
    solutions = ox.parse_query_results(body, format=fmt)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


@pytest.mark.parametrize("media_type", list(SOLUTION_FORMATS))
def test_an_answer_under_the_cap_is_oxigraphs_own(store: ox.Store, media_type: str) -> None:
    answer = answer_query(lambda: store.query(ROWS), media_type, max_rows=5)
    assert not answer.truncated
    assert answer.body == solutions(store, ROWS).serialize(format=SOLUTION_FORMATS[media_type])
    assert [row["o"] for row in parsed(answer.body, media_type)] == AWKWARD


@pytest.mark.parametrize("media_type", list(SOLUTION_FORMATS))
@pytest.mark.parametrize("query", [ROWS, EMPTY_ROWS])
def test_an_answer_over_the_cap_keeps_the_first_rows_and_says_so(
    store: ox.Store, media_type: str, query: str
) -> None:
    answer = answer_query(lambda: store.query(query), media_type, max_rows=2)
    assert answer.truncated
    rows = parsed(answer.body, media_type)
    assert len(rows) == 2
    if query == ROWS:
        assert [row["o"] for row in rows] == AWKWARD[:2]


def test_json_whose_solutions_cannot_be_told_apart_is_cut_by_rows_instead(
    store: ox.Store,
) -> None:
    """``{},[{}]`` in a value looks like empty solutions to the cutter: the slow path cuts."""
    json_type = "application/sparql-results+json"
    assert native_solutions(solutions(store, ROWS), ox.QueryResultsFormat.JSON, 4) is None
    whole = answer_query(lambda: store.query(ROWS), json_type, max_rows=5)
    assert not whole.truncated
    assert [row["o"] for row in parsed(whole.body, json_type)] == AWKWARD
    cut = answer_query(lambda: store.query(ROWS), json_type, max_rows=4)
    assert cut.truncated
    assert [row["o"] for row in parsed(cut.body, json_type)] == AWKWARD[:4]


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "text/csv"])
def test_ask_is_written_by_oxigraph(store: ox.Store, media_type: str) -> None:
    answer = answer_query(lambda: store.query(f"ASK {{ ?s <{EX}p> 'plain' }}"), media_type, 1)
    assert answer.kind == "boolean"
    assert b"true" in answer.body
