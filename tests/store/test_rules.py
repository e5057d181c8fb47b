"""The SPARQL-rule reasoner gives exactly owlrl's entailments for the constructs we use."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from mini import MINI

from graphsvc.ingest import default_paths, expand_paths
from graphsvc.rdfio import read_rdf_file
from graphsvc.reasoning import closure, owl_rl_closure
from graphsvc.rules import materialise, unsupported_constructs
from graphsvc.settings import PROJECT_ROOT, Settings

OWL = "http://www.w3.org/2002/07/owl#"


def load(paths: list[Path]) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in expand_paths(paths):
        if path.name != "shapes.ttl":
            triples += read_rdf_file(path)[1]
    return triples


def shipped() -> list[Path]:
    return [p for p in default_paths(Settings(project_root=PROJECT_ROOT)) if p.exists()]


@pytest.mark.parametrize(
    "paths",
    [[MINI / "ontology", MINI / "data"], shipped()],
    ids=["miniature", "shipped-data"],
)
def test_rules_equal_owlrl(paths: list[Path]) -> None:
    asserted = load(paths)
    assert asserted, "nothing to reason over"
    assert unsupported_constructs(asserted) == []
    by_rules = materialise(asserted)
    by_owlrl = owl_rl_closure(asserted)
    assert by_rules.inconsistencies == []
    assert by_owlrl.inconsistencies == []
    assert {str(t) for t in by_rules.inferred} == {str(t) for t in by_owlrl.inferred}
    assert len(by_rules.inferred) > 0


def test_rules_find_a_disjointness_violation() -> None:
    asserted = load([MINI / "ontology", MINI / "data"]) + load(
        [MINI / "broken" / "inconsistent.ttl"]
    )
    found = materialise(asserted).inconsistencies
    assert len(found) == 1
    assert found[0].startswith("cax-dw")
    assert "organisation/foph" in found[0]


def test_an_unsupported_construct_falls_back_to_owlrl() -> None:
    union_of = ox.Triple(
        ox.NamedNode("https://w3id.org/hlm/def/hlm#X"),
        ox.NamedNode(OWL + "unionOf"),
        ox.BlankNode(),
    )
    asserted = [*load([MINI / "ontology", MINI / "data"]), union_of]
    assert unsupported_constructs(asserted) == [OWL + "unionOf"]
    assert {str(t) for t in closure(asserted, "rules").inferred} == {
        str(t) for t in owl_rl_closure(asserted).inferred
    }
