"""SHACL validation (pyshacl) of the data against ontology/shapes.ttl.

The data graph is every data graph the store will hold after the change, so a shape about a node
that another file describes (a reference actor, a source article) sees the whole picture. RDFS
inference over the ontology lets ``sh:targetClass hlm:Agreement`` reach the subclasses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from pyshacl import validate

from .rdfio import to_rdflib

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One SHACL result, reduced to what a person needs to fix the file."""

    focus_node: str
    shape: str
    path: str | None
    message: str
    severity: str

    def describe(self) -> str:
        on = f" on {self.path}" if self.path else ""
        return f"shape <{self.shape}> failed for <{self.focus_node}>{on}: {self.message}"


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
    data: Iterable[ox.Triple], shapes: Iterable[ox.Triple], ontology: Iterable[ox.Triple]
) -> list[Violation]:
    """Validate; return the violations (warnings and infos are not reasons to refuse a file)."""
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
