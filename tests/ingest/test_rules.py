"""The SPARQL-rule reasoner gives exactly owlrl's entailments for the constructs we use."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from generated import generator
from mini import MINI

from graphsvc.ingest.pipeline import default_paths, expand_paths
from graphsvc.ingest.reasoning import closure, owl_rl_closure
from graphsvc.ingest.rules import materialise, unsupported_constructs
from graphsvc.rdf.rdfio import read_rdf_file
from graphsvc.settings import SHIPPED_DIR, Settings

OWL = "http://www.w3.org/2002/07/owl#"


def load(paths: list[Path]) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in expand_paths(paths):
        if path.name != "shapes.ttl":
            triples += read_rdf_file(path)[1]
    return triples


def shipped() -> list[Path]:
    return [p for p in default_paths(Settings()) if p.exists()]


@pytest.mark.parametrize("data", ["miniature", "shipped", "generated-10k"])
def test_rules_equal_owlrl(data: str, tmp_path: Path) -> None:
    if data == "generated-10k":
        generator().generate(10_000, tmp_path)
        paths = [SHIPPED_DIR / "ontology" / "hlm.ttl", tmp_path]
    else:
        paths = [MINI / "ontology", MINI / "data"] if data == "miniature" else shipped()
    asserted = load(paths)
    assert asserted, "nothing to reason over"
    assert unsupported_constructs(asserted) == []
    by_rules = materialise(asserted)
    by_owlrl = owl_rl_closure(asserted)
    assert by_rules.inconsistencies == []
    assert by_owlrl.inconsistencies == []
    assert {str(t) for t in by_rules.inferred} == {str(t) for t in by_owlrl.inferred}
    assert len(by_rules.inferred) > 0


def test_long_chains_close_as_in_owlrl() -> None:
    """Closures that take many rounds: a transitive chain of 24 places, a subclass chain of 12,
    a subproperty chain of 6 and an inverse. Each round after the first reads only the triples
    the round before added (semi-naive); this proves it still reaches owlrl's fixpoint."""
    ex = "http://example.org/"
    rdf, rdfs = (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
    )

    def t(s: str, p: str, o: str) -> ox.Triple:
        return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))

    inside, holds = ex + "inside", ex + "holds"
    asserted = [
        t(inside, rdf + "type", OWL + "TransitiveProperty"),
        t(inside, OWL + "inverseOf", holds),
    ]
    asserted += [t(f"{ex}place{n}", inside, f"{ex}place{n + 1}") for n in range(23)]
    asserted += [t(f"{ex}C{n}", rdfs + "subClassOf", f"{ex}C{n + 1}") for n in range(11)]
    asserted += [t(f"{ex}p{n}", rdfs + "subPropertyOf", f"{ex}p{n + 1}") for n in range(5)]
    asserted += [t(ex + "p0", rdfs + "domain", ex + "C0"), t(ex + "x", ex + "p0", ex + "place0")]
    by_rules = materialise(asserted)
    ours = {str(t) for t in by_rules.inferred}
    assert ours == {str(t) for t in owl_rl_closure(asserted).inferred}
    assert str(t(ex + "place0", inside, ex + "place23")) in ours
    assert str(t(ex + "place23", holds, ex + "place0")) in ours
    assert str(t(ex + "x", rdf + "type", ex + "C11")) in ours
    assert by_rules.rounds > 3


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
