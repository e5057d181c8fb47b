"""Each SHACL shape holds on a minimal valid graph and fires on a graph broken just for it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from shape_cases import BROKEN, SHAPES, VALID, triples

from graphsvc.ingest.validation import shacl_violations


def test_the_valid_graph_conforms(shapes: list[ox.Triple], ontology: list[ox.Triple]) -> None:
    assert [v.describe() for v in shacl_violations(triples(VALID), shapes, ontology)] == []


def test_every_shape_of_the_file_is_exercised(shapes: list[ox.Triple]) -> None:
    declared = {
        t.subject.value[len(SHAPES) :]
        for t in shapes
        if t.object == ox.NamedNode("http://www.w3.org/ns/shacl#NodeShape")
        and isinstance(t.subject, ox.NamedNode)
    }
    assert declared == set(BROKEN)


@pytest.mark.parametrize("shape", sorted(BROKEN))
def test_each_shape_fires_on_its_broken_graph(
    shape: str, shapes: list[ox.Triple], ontology: list[ox.Triple]
) -> None:
    old, new = BROKEN[shape]
    assert old in VALID, f"the mutation for {shape} no longer applies"
    broken = VALID.replace(old, new, 1)
    fired = {v.shape for v in shacl_violations(triples(broken), shapes, ontology)}
    assert SHAPES + shape in fired, fired
