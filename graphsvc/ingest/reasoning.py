"""OWL RL closure into its own graph.

owlrl works in place and grows a graph 2–4×, adds ``x owl:sameAs x`` for every node (literals too,
which cannot be subjects in Oxigraph) and re-asserts what was there: so we reason on a copy and keep
only the new, non-trivial triples. Inconsistencies owlrl finds are reported, not stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import owlrl
import pyoxigraph as ox
import rdflib
from owlrl.Namespaces import ERRNS

from ..rdf.rdfio import from_rdflib, to_rdflib
from .rules import materialise, unsupported_constructs

REASONERS = ("rules", "owlrl")

BUILT_IN = (str(rdflib.RDF), str(rdflib.RDFS), str(rdflib.OWL), str(rdflib.XSD))
REFLEXIVE = {
    rdflib.OWL.sameAs,
    rdflib.RDFS.subClassOf,
    rdflib.RDFS.subPropertyOf,
    rdflib.OWL.equivalentClass,
    rdflib.OWL.equivalentProperty,
}


@dataclass(frozen=True)
class Closure:
    """What reasoning added, and the inconsistencies it found (empty when consistent)."""

    inferred: list[ox.Triple]
    inconsistencies: list[str]


def _is_kept(triple: tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]) -> bool:
    """Drop what says nothing about our world: axioms on RDF/OWL's own terms, ``x a owl:Thing``,
    reflexive ``sameAs``/``subClassOf``, literal subjects, owlrl's error bookkeeping."""
    subject, predicate, obj = triple
    if isinstance(subject, rdflib.Literal) or str(subject).startswith(BUILT_IN):
        return False
    if obj == rdflib.OWL.Thing or (predicate in REFLEXIVE and subject == obj):
        return False
    return bool(predicate != ERRNS.error and obj != ERRNS.ErrorMessage)


def owl_rl_closure(asserted: Iterable[ox.Triple]) -> Closure:
    """Compute the OWL RL closure of ``asserted`` and return only what it adds."""
    base = to_rdflib(asserted)
    work = rdflib.Graph()
    for triple in base:
        work.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    inconsistencies = sorted(str(o) for o in work.objects(None, ERRNS.error))
    new = rdflib.Graph()
    for triple in work:
        if triple not in base and _is_kept(triple):
            new.add(triple)
    return Closure(inferred=from_rdflib(new), inconsistencies=inconsistencies)


def closure(asserted: list[ox.Triple], reasoner: str = "rules") -> Closure:
    """The OWL RL entailments of ``asserted`` by the chosen engine.

    ``rules`` (SPARQL rules inside Oxigraph, fast) is used unless the ontology uses a construct the
    rules do not implement; then owlrl (the reference, slow) works instead of giving a wrong answer.
    """
    if reasoner == "rules" and not unsupported_constructs(asserted):
        result = materialise(asserted)
        return Closure(inferred=result.inferred, inconsistencies=result.inconsistencies)
    return owl_rl_closure(asserted)
