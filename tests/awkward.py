"""A tiny store whose literals trip row counting: line breaks, commas, quotes and braces."""

from __future__ import annotations

import pyoxigraph as ox

EX = "http://example.org/"
AWKWARD = ["plain", "two\nlines", 'a, "quoted", b', "", "{},[{}]"]
ROWS = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"
EMPTY_ROWS = "SELECT ?x WHERE { VALUES ?y { 1 2 3 4 5 } }"  # five solutions binding nothing


def awkward_store(literals: list[str] = AWKWARD) -> ox.Store:
    """``<s{n}> <p> literals[n]`` for each literal."""
    graph = ox.Store()
    for n, text in enumerate(literals):
        graph.add(ox.Quad(ox.NamedNode(f"{EX}s{n}"), ox.NamedNode(f"{EX}p"), ox.Literal(text)))
    return graph


def solutions(store: ox.Store, query: str) -> ox.QuerySolutions:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return result
