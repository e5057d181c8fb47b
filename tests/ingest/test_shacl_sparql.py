"""The SHACL shapes compiled to SPARQL find exactly pyshacl's violations.

pyshacl is the oracle: the same data graph, the same shapes, the same ontology (RDFS inference).
Compared on the minimal valid graph and each of its broken variants, the shipped data, generated
graphs with and without random damage, and literals with the datatype traps (ill-typed values,
integer subtypes Oxigraph stores as xsd:integer).
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from generated import generator
from shape_cases import BROKEN, VALID, triples

from graphsvc.ingest.pipeline import IngestReport, default_paths, expand_paths, validate_and_reason
from graphsvc.ingest.rules import materialise
from graphsvc.ingest.shacl_sparql import Unsupported, Violation, compile_shapes
from graphsvc.ingest.validation import shacl_violations
from graphsvc.rdf.rdfio import read_rdf_file
from graphsvc.settings import SHIPPED_DIR, Settings

Key = tuple[str, str, str, str]


def key(violations: list[Violation]) -> list[Key]:
    """What both engines must agree on; blank node labels differ between rdflib and Oxigraph."""
    return sorted(
        (
            v.focus_node if v.focus_node.startswith("http") else "_:",
            v.shape,
            v.path or "",
            v.message,
        )
        for v in violations
    )


def both(data: list[ox.Triple], shapes: list[ox.Triple], ontology: list[ox.Triple]) -> list[Key]:
    ours = key(shacl_violations(data, shapes, ontology, "sparql"))
    theirs = key(shacl_violations(data, shapes, ontology, "pyshacl"))
    assert ours == theirs
    return ours


def load(paths: list[Path]) -> list[ox.Triple]:
    return [t for path in expand_paths(paths) for t in read_rdf_file(path)[1]]


def test_the_shipped_shapes_compile_whole(shapes: list[ox.Triple]) -> None:
    checks = compile_shapes(shapes)
    assert len(checks) > 40
    assert {c.shape.rsplit("#", 1)[-1] for c in checks} == set(BROKEN)


@pytest.mark.parametrize("mutation", ["valid", *sorted(BROKEN)])
def test_same_violations_on_each_broken_graph(
    mutation: str, shapes: list[ox.Triple], ontology: list[ox.Triple]
) -> None:
    old, new = BROKEN.get(mutation, ("", ""))
    found = both(triples(VALID.replace(old, new, 1) if old else VALID), shapes, ontology)
    assert (found == []) == (mutation == "valid")


def test_same_verdict_on_the_shipped_data(
    shapes: list[ox.Triple], ontology: list[ox.Triple]
) -> None:
    settings = Settings(shipped_dir=SHIPPED_DIR)
    data = load([settings.data_dir / "reference", settings.data_dir / "graph"])
    assert both(data, shapes, ontology) == []


@pytest.mark.parametrize("damage", [0.0, 0.01, 0.05])
def test_same_violations_on_generated_graphs(
    damage: float, tmp_path: Path, shapes: list[ox.Triple], ontology: list[ox.Triple]
) -> None:
    """A 10k-triple synthetic graph, whole, then with 1 % and 5 % of its triples dropped."""
    generator().generate(10_000, tmp_path)
    rng = random.Random(7)
    data = [t for t in load([tmp_path]) if rng.random() >= damage]
    found = both(data, shapes, ontology)
    assert (found == []) == (damage == 0.0)
    if damage:
        assert len({shape for _, shape, _, _ in found}) >= 5, "damage should hit several shapes"


DATATYPES = """
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix hlm: <https://w3id.org/hlm/def/hlm#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/hlm/id/> .
id:p1 a oa:TextPositionSelector ; oa:start "5"^^xsd:nonNegativeInteger ;
    oa:end "9"^^xsd:nonNegativeInteger .
id:p2 a oa:TextPositionSelector ; oa:start "-1"^^xsd:nonNegativeInteger ;
    oa:end "9"^^xsd:nonNegativeInteger .
id:p3 a oa:TextPositionSelector ; oa:start "5"^^xsd:integer ; oa:end "9"^^xsd:nonNegativeInteger .
id:p5 a oa:TextPositionSelector ; oa:start "-3"^^xsd:integer ; oa:end "9"^^xsd:nonNegativeInteger .
id:p4 a oa:TextPositionSelector ; oa:start "9"^^xsd:nonNegativeInteger ;
    oa:end "05"^^xsd:nonNegativeInteger .
id:c a hlm:Congress ; hlm:editionNumber "quatre"^^xsd:integer .
id:a a hlm:Accord ; hlm:duration "PX"^^xsd:duration ; hlm:renewable "yes"^^xsd:boolean .
"""


def test_datatype_traps(shapes: list[ox.Triple], ontology: list[ox.Triple]) -> None:
    """Ill-typed literals fail sh:datatype. A position is an xsd:nonNegativeInteger, or the
    xsd:integer a store gives it back as (Oxigraph keeps the value, not the derived type), if
    not negative."""
    found = both(triples(DATATYPES), shapes, ontology)
    failing = {
        (focus.rsplit("/", 1)[-1], path.rsplit("#", 1)[-1]) for focus, _, path, _ in found if path
    }
    assert {("p2", "start"), ("p4", "start"), ("p5", "start")} <= failing
    assert not {("p1", "start"), ("p1", "end"), ("p3", "start")} & failing
    assert {("c", "editionNumber"), ("a", "duration"), ("a", "renewable")} <= failing


UNSUPPORTED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:xone ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) .
ex:T a sh:NodeShape ; sh:targetClass ex:C ;
    sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .
"""


def test_an_unsupported_construct_falls_back_to_pyshacl() -> None:
    shapes = triples(UNSUPPORTED)
    with pytest.raises(Unsupported, match="xone"):
        compile_shapes(shapes)
    data = triples("<https://example.org/x> a <https://example.org/C> .")
    found = shacl_violations(data, shapes, [], "sparql")
    assert {v.shape.rsplit("/", 1)[-1] for v in found} == {"S", "T"}


def test_ingest_reasons_on_the_validated_store_like_from_scratch() -> None:
    """Validation's RDFS store carried on to OWL RL equals the OWL RL closure computed alone."""
    settings = Settings(shipped_dir=SHIPPED_DIR)
    files = [p for p in expand_paths(default_paths(settings)) if p.name != "shapes.ttl"]
    ontology = read_rdf_file(settings.ontology_dir / "hlm.ttl")[1]
    data = [t for p in files if p.name != "hlm.ttl" for t in read_rdf_file(p)[1]]
    shapes = read_rdf_file(settings.ontology_dir / "shapes.ttl")[1]
    violations, entailed = validate_and_reason(
        ontology, data, shapes, settings, lambda _m: None, IngestReport()
    )
    assert violations == [] and entailed is not None
    alone = materialise([*ontology, *data])
    assert set(map(str, entailed.inferred)) == set(map(str, alone.inferred))
    assert len(entailed.inferred) > 300
