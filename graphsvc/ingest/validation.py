"""SHACL validation of the data against ontology/shapes.ttl.

The data graph is every data graph the store will hold after the change, so a shape about a node
that another file describes (a reference actor, a source article) sees the whole picture. RDFS
inference over the ontology lets ``sh:targetClass hlm:Agreement`` reach the subclasses.

Two engines give the same answer: ``sparql`` (the shapes compiled to SPARQL and run inside
Oxigraph over the RDFS closure computed by rules, fast: ``shacl_sparql``) and ``pyshacl`` (the
reference, slow). ``sparql`` falls back to pyshacl for shapes using a construct it does not compile.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib

from ..rdf.rdfio import to_rdflib
from .rules import RDFS_INSTANCE_RULES, RDFS_SCHEMA_RULES, RuleStore, closed_store
from .shacl_datatypes import kept_triples
from .shacl_sparql import Check, Unsupported, Violation, compile_shapes, run_checks

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _named_shape(shape: rdflib.term.Node | None, shapes: rdflib.Graph) -> str:
    """The IRI a person can look up: a blank property shape is named by its node shape."""
    seen: set[rdflib.term.Node] = set()
    while isinstance(shape, rdflib.BNode) and shape not in seen:
        seen.add(shape)
        parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.node, shape)
        if parent is None:
            break
        shape = parent
    return str(shape)


def _results(report: rdflib.Graph, shapes: rdflib.Graph) -> list[Violation]:
    found: list[Violation] = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        found.append(
            Violation(
                focus_node=str(report.value(result, SH.focusNode)),
                shape=_named_shape(report.value(result, SH.sourceShape), shapes),
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                message=str(report.value(result, SH.resultMessage) or "constraint not met"),
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return sorted(found, key=lambda v: (v.focus_node, v.shape, v.path or ""))


def shacl_violations(
    data: Iterable[ox.Triple],
    shapes: Iterable[ox.Triple],
    ontology: Iterable[ox.Triple],
    validator: str = "sparql",
) -> list[Violation]:
    """Validate; return the violations (warnings and infos are not reasons to refuse a file)."""
    shapes = list(shapes)
    checks = compiled_checks(shapes) if validator == "sparql" else None
    if checks is None:
        return pyshacl_violations(data, shapes, ontology)
    return sparql_violations(rdfs_store([*ontology, *data]), checks)


def compiled_checks(shapes: Iterable[ox.Triple]) -> list[Check] | None:
    """The shapes as SPARQL checks, or None when they use what the compiler does not cover."""
    try:
        return compile_shapes(shapes)
    except Unsupported:
        return None


def rdfs_store(asserted: Iterable[ox.Triple]) -> RuleStore:
    """The data graph SPARQL checks run over: asserted triples and their RDFS closure."""
    return closed_store(kept_triples(asserted), RDFS_SCHEMA_RULES, RDFS_INSTANCE_RULES)


def sparql_violations(closing: RuleStore, checks: Iterable[Check]) -> list[Violation]:
    """Run compiled checks over an RDFS-closed store; only violations refuse a file."""
    return [v for v in run_checks(closing.store, checks) if v.severity == "Violation"]


def pyshacl_violations(
    data: Iterable[ox.Triple], shapes: Iterable[ox.Triple], ontology: Iterable[ox.Triple]
) -> list[Violation]:
    """The reference: pyshacl over rdflib graphs, RDFS inference with the ontology.

    pyshacl is imported here, when it is used: it costs 0.3 s at every start otherwise, paid
    again by each query worker (which imports the command's module).
    """
    from pyshacl import validate

    shapes_graph = to_rdflib(shapes)
    if len(shapes_graph) == 0:
        return []
    conforms, report, _ = validate(
        to_rdflib(data),
        shacl_graph=shapes_graph,
        ont_graph=to_rdflib(ontology),
        inference="rdfs",
        allow_warnings=True,
        advanced=True,
    )
    if conforms:
        return []
    assert isinstance(report, rdflib.Graph)
    return [v for v in _results(report, shapes_graph) if v.severity == "Violation"]
