"""Counting and cutting solutions as Oxigraph writes them (answer_rows.py).

The oracle for a cut answer is Oxigraph itself: the same query with ``LIMIT cap`` is the answer
it writes for the first ``cap`` solutions; a cut must give those bytes exactly.
"""

from __future__ import annotations

import csv
import io
import re

import pyoxigraph as ox
import pytest
from awkward import AWKWARD, EMPTY_ROWS, EX, ROWS, awkward_store, solutions
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.query.answer_rows import (
    RowCapReached,
    RowCutter,
    Unsure,
    most_rows,
)
from graphsvc.query.negotiation import SOLUTION_FORMATS

FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "tsv": ox.QueryResultsFormat.TSV,
    "csv": ox.QueryResultsFormat.CSV,
}
# Text made of what the counts look for: braces, term openings, tags, line breaks, quotes.
TRICKY = st.lists(
    st.sampled_from(['{', '}', '"', "\\", "<", ">", "\n", ",", "a", "é", '{"type":"', "<result>",
                     ',{"', "<result/>"]),
    max_size=8,
).map("".join)  # fmt: skip
# JSON's empty-solution pattern (``,{}``) in a value makes the cutter unsure: kept apart.
UNAMBIGUOUS = [text.replace("{}", "{x}") for text in AWKWARD]
AMBIGUOUS_JSON = re.compile(rb"[\[,]\{\}")
OPTIONAL_ROWS = f"SELECT ?type ?o ?x WHERE {{ ?type <{EX}p> ?o OPTIONAL {{ ?type <{EX}q> ?x }} }}"


def read_back(body: bytes, fmt: ox.QueryResultsFormat) -> int:
    """The solutions in an answer, by parsing it (CSV, which Oxigraph cannot read, by ``csv``)."""
    if fmt == ox.QueryResultsFormat.CSV:
        return sum(1 for _ in csv.reader(io.StringIO(body.decode(), newline=""))) - 1
    parsed = ox.parse_query_results(body, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    return sum(1 for _ in parsed)


def cut(
    store: ox.Store, query: str, fmt: ox.QueryResultsFormat, cap: int, piece: int | None = None
) -> tuple[bytes, bool] | None:
    """The answer through a ``RowCutter``, ``None`` if it was unsure: written by Oxigraph, or
    fed ``piece`` bytes at a time (marks then fall across the seams)."""
    sink = RowCutter(fmt, cap)
    try:
        if piece is None:
            solutions(store, query).serialize(sink, format=fmt)
        else:
            body = solutions(store, query).serialize(format=fmt) or b""
            for start in range(0, len(body), piece):
                sink.write(body[start : start + piece])
    except RowCapReached:
        pass
    except Unsure:
        return None
    return sink.answer()


def first_rows(store: ox.Store, query: str, fmt: ox.QueryResultsFormat, cap: int) -> bytes:
    """What Oxigraph writes for the first ``cap`` solutions."""
    return solutions(store, f"{query} LIMIT {cap}").serialize(format=fmt) or b""


def optional_store(values: list[tuple[str, bool]]) -> ox.Store:
    """A solution per value, ``?x`` bound for some, ``?type`` a variable's name to trip JSON."""
    graph = ox.Store()
    for n, (text, bound) in enumerate(values):
        subject = ox.NamedNode(f"{EX}s{n:03d}")
        graph.add(ox.Quad(subject, ox.NamedNode(f"{EX}p"), ox.Literal(text)))
        if bound:
            graph.add(ox.Quad(subject, ox.NamedNode(f"{EX}q"), ox.Literal(text, language="fr")))
    return graph


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=FORMATS.keys())
@pytest.mark.parametrize("cap", [0, 1, 2, 4, 5, 6, 100])
@pytest.mark.parametrize("piece", [None, 1, 3, 7], ids=["whole", "1", "3", "7"])
def test_a_cut_answer_is_oxigraphs_for_the_first_rows(
    fmt: ox.QueryResultsFormat, cap: int, piece: int | None
) -> None:
    store = awkward_store(UNAMBIGUOUS)
    answer = cut(store, ROWS, fmt, cap, piece)
    assert answer is not None
    body, truncated = answer
    assert body == first_rows(store, ROWS, fmt, cap)
    assert truncated is (cap < 5)
    assert read_back(body, fmt) == min(cap, 5)


@pytest.mark.parametrize("fmt", [f for n, f in FORMATS.items() if n != "json"], ids=str)
@pytest.mark.parametrize("cap", [0, 2, 5])
def test_empty_solutions_are_cut_too_except_in_json(fmt: ox.QueryResultsFormat, cap: int) -> None:
    store = ox.Store()
    assert cut(store, EMPTY_ROWS, fmt, cap) == (first_rows(store, EMPTY_ROWS, fmt, cap), cap < 5)


@pytest.mark.parametrize(
    ("store", "query"),
    [(ox.Store(), EMPTY_ROWS), (awkward_store(), ROWS)],
    ids=["empty-solutions", "braces-in-a-value"],
)
def test_json_that_may_hold_empty_solutions_is_unsure(store: ox.Store, query: str) -> None:
    """``{}`` has no mark of its own, and ``,{}`` may be text: the caller must cut otherwise."""
    assert cut(store, query, ox.QueryResultsFormat.JSON, 2) is None


def test_writes_after_the_stop_are_refused_and_change_nothing() -> None:
    """The serialiser's buffer writes its bytes again as it is dropped after the stop."""
    store = awkward_store()
    sink = RowCutter(ox.QueryResultsFormat.XML, 2)
    body = solutions(store, ROWS).serialize(format=ox.QueryResultsFormat.XML) or b""
    with pytest.raises(RowCapReached):
        sink.write(body)
    with pytest.raises(RowCapReached):
        sink.write(body)
    assert sink.answer() == (first_rows(store, ROWS, ox.QueryResultsFormat.XML, 2), True)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.tuples(TRICKY, st.booleans()), min_size=1, max_size=25),
    cap=st.integers(0, 26),
    piece=st.sampled_from([None, 1, 5, 64]),
)
def test_any_literals_are_cut_exactly_and_the_bound_holds(
    values: list[tuple[str, bool]], cap: int, piece: int | None
) -> None:
    """Whatever the literals hold and whichever variables are unbound (``?type`` included): the
    bound is never below the solutions, and the cut is Oxigraph's answer for the first ones."""
    store = optional_store(values)
    query = OPTIONAL_ROWS + " ORDER BY ?type"
    for fmt in FORMATS.values():
        whole = solutions(store, query).serialize(format=fmt) or b""
        assert most_rows(whole, fmt) >= read_back(whole, fmt) == len(values)
        answer = cut(store, query, fmt, cap, piece)
        if answer is None:
            assert fmt == ox.QueryResultsFormat.JSON and AMBIGUOUS_JSON.search(whole)
            continue
        assert answer == (first_rows(store, query, fmt, cap), cap < len(values))


@pytest.mark.parametrize("media_type", list(SOLUTION_FORMATS))
def test_the_bound_is_close_for_plain_values(media_type: str) -> None:
    """Plain values: the rows, plus the JSON head and results objects and braces in values,
    XML's ``<results>``, the header line (and CSV's value with a line break)."""
    fmt = SOLUTION_FORMATS[media_type]
    body = solutions(awkward_store(), ROWS).serialize(format=fmt) or b""
    braces_in_values = 2  # "{},[{}]"
    expected = {
        ox.QueryResultsFormat.JSON: 5 + 3 + braces_in_values,
        ox.QueryResultsFormat.XML: 5 + 1,
        ox.QueryResultsFormat.TSV: 5 + 1,
        ox.QueryResultsFormat.CSV: 5 + 2,
    }
    assert most_rows(body, fmt) == expected[fmt]
