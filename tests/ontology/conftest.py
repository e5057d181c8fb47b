"""Shared fixtures of the ontology tests: the shipped shapes and ontology as triples."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graphsvc.rdfio import read_rdf_file
from graphsvc.settings import SHIPPED_DIR


@pytest.fixture(scope="session")
def shapes() -> list[ox.Triple]:
    return read_rdf_file(SHIPPED_DIR / "ontology" / "shapes.ttl")[1]


@pytest.fixture(scope="session")
def ontology() -> list[ox.Triple]:
    return read_rdf_file(SHIPPED_DIR / "ontology" / "hlm.ttl")[1]
