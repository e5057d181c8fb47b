"""Query results as plain Python objects: a remote store's answers, and the embedded store's.

pyoxigraph's result objects may only be dropped by the thread that made them; a result that a
request thread makes can end up collected elsewhere (FastAPI hands work between threads, the
garbage collector runs wherever it is triggered), which pyoxigraph reports as an error. These
classes offer the same reading API
(``variables``, iteration, ``row["name"]``, ``bool()``) holding ordinary pyoxigraph terms, which
may cross threads freely.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Row:
    """One solution: ``row["name"]``, ``row[0]`` or ``row[Variable]`` (``None`` when unbound)."""

    def __init__(self, names: list[str], values: Mapping[str, Term]) -> None:
        self._names = names
        self._values = dict(values)

    def __getitem__(self, key: str | int | ox.Variable) -> Term | None:
        if isinstance(key, int):
            key = self._names[key]
        elif isinstance(key, ox.Variable):
            key = key.value
        return self._values.get(key)


class Solutions:
    """A SELECT answer: its variables and rows."""

    def __init__(self, names: list[str], rows: Sequence[Mapping[str, Term]]) -> None:
        self._names = names
        self._rows = rows

    @property
    def variables(self) -> list[ox.Variable]:
        return [ox.Variable(n) for n in self._names]

    def __iter__(self) -> Iterator[Row]:
        return (Row(self._names, row) for row in self._rows)


class Boolean:
    """An ASK answer."""

    def __init__(self, value: bool) -> None:
        self.value = value

    def __bool__(self) -> bool:
        return self.value


def _blank(label: str) -> ox.BlankNode:
    """Servers' blank node labels (Virtuoso's ``nodeID://b1``) as valid blank node ids."""
    return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", label))


def term(value: Mapping[str, Any]) -> Term:
    """A term of the SPARQL JSON results format (1.1, with 1.2 triple terms)."""
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return _blank(str(value["value"]))
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(value["value"], language=value["xml:lang"])
        datatype = value.get("datatype", XSD_STRING)
        return ox.Literal(value["value"], datatype=ox.NamedNode(datatype))
    if kind == "triple":
        inner = value["value"]
        subject, predicate, obj = (
            term(inner["subject"]),
            term(inner["predicate"]),
            term(inner["object"]),
        )
        assert isinstance(subject, ox.NamedNode | ox.BlankNode | ox.Triple)
        assert isinstance(predicate, ox.NamedNode)
        return ox.Triple(subject, predicate, obj)
    raise ValueError(f"unknown term type in SPARQL JSON results: {kind!r}")


def from_json(document: Mapping[str, Any]) -> Solutions | Boolean:
    """Read a parsed SPARQL JSON results document."""
    if "boolean" in document:
        return Boolean(bool(document["boolean"]))
    names = list(document.get("head", {}).get("vars", []))
    rows = [
        {name: term(value) for name, value in binding.items()}
        for binding in document.get("results", {}).get("bindings", [])
    ]
    return Solutions(names, rows)


def is_solutions(result: object) -> bool:
    """Whether a query result is a table of solutions (pyoxigraph's or ours)."""
    return isinstance(result, ox.QuerySolutions | Solutions)


def materialise(result: Any) -> Any:
    """Read a pyoxigraph result into plain objects that may cross threads."""
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [
            {name: value for name in names if (value := row[name]) is not None} for row in result
        ]
        return Solutions(names, rows)
    if isinstance(result, ox.QueryBoolean):
        return Boolean(bool(result))
    if isinstance(result, ox.QueryTriples):
        return list(result)
    return result
