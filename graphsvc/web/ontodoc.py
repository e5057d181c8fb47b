"""HTML documentation of the ontology (``/def/hlm`` for browsers, ``graphsvc ontodoc``).

pyLODE is the field's usual tool, but its releases pin rdflib versions older than ours; the page
we need is one table per kind of term, so it is built here from the ontology file with rdflib and
a template. Terms get anchors by local name, so ``https://w3id.org/hlm/def/hlm#Convention`` lands
on its entry. Reused terms (ORG, PROV, schema.org…) that the file annotates are listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .pages import render, short

HLM = "https://w3id.org/hlm/def/hlm#"
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
KINDS = {
    OWL.Class: "Classes",
    OWL.ObjectProperty: "Object properties",
    OWL.DatatypeProperty: "Datatype properties",
    OWL.AnnotationProperty: "Annotation properties",
}


@dataclass
class TermDoc:
    """What the page says of one term."""

    iri: str
    name: str
    label_fr: str = ""
    label_en: str = ""
    definition_fr: str = ""
    definition_en: str = ""
    relations: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class OntologyDoc:
    iri: str
    title: str
    description: str
    version: str
    version_iri: str
    sections: dict[str, list[TermDoc]]
    reused: dict[str, list[TermDoc]]


def _text(
    graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef, lang: str
) -> str:
    for value in graph.objects(subject, predicate):
        if isinstance(value, rdflib.Literal) and value.language == lang:
            return str(value)
    return ""


def _iris(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, rdflib.URIRef))


def term_doc(graph: rdflib.Graph, term: rdflib.URIRef) -> TermDoc:
    doc = TermDoc(
        iri=str(term),
        name=short(str(term)),
        label_fr=_text(graph, term, RDFS.label, "fr"),
        label_en=_text(graph, term, RDFS.label, "en"),
        definition_fr=_text(graph, term, SKOS.definition, "fr"),
        definition_en=_text(graph, term, SKOS.definition, "en"),
    )
    relations = {
        "subclass of": _iris(graph, term, RDFS.subClassOf),
        "superclass of": sorted(str(s) for s in graph.subjects(RDFS.subClassOf, term)),
        "subproperty of": _iris(graph, term, RDFS.subPropertyOf),
        "domain": _iris(graph, term, RDFS.domain),
        "range": _iris(graph, term, RDFS.range),
        "inverse of": _iris(graph, term, OWL.inverseOf),
        "disjoint with": _iris(graph, term, OWL.disjointWith),
    }
    doc.relations = {k: v for k, v in relations.items() if v}
    return doc


def ontology_doc(path: Path) -> OntologyDoc:
    """Read the ontology file into what the page shows, terms sorted by name."""
    graph = rdflib.Graph().parse(path, format="turtle")
    ontology = next(graph.subjects(RDF.type, OWL.Ontology))
    sections: dict[str, list[TermDoc]] = {}
    reused: dict[str, list[TermDoc]] = {}
    for kind, title in KINDS.items():
        terms = sorted(
            (t for t in set(graph.subjects(RDF.type, kind)) if isinstance(t, rdflib.URIRef)),
            key=lambda t: short(str(t)).lower(),
        )
        sections[title] = [term_doc(graph, t) for t in terms if str(t).startswith(HLM)]
        reused[title] = [term_doc(graph, t) for t in terms if not str(t).startswith(HLM)]
    return OntologyDoc(
        iri=str(ontology),
        title=_text(graph, ontology, DCTERMS.title, "en") or str(ontology),
        description=_text(graph, ontology, DCTERMS.description, "en"),
        version=str(graph.value(ontology, OWL.versionInfo) or ""),
        version_iri=str(graph.value(ontology, OWL.versionIRI) or ""),
        sections={k: v for k, v in sections.items() if v},
        reused={k: v for k, v in reused.items() if v},
    )


def ontology_html(path: Path, base: str = "https://w3id.org/hlm/") -> str:
    """The documentation page of the ontology file at ``path``."""
    return render("ontology.html", base, o=ontology_doc(path), anchor=anchor)


def anchor(iri: str) -> str:
    """The fragment a term's entry has on the page (its local name for hlm: terms)."""
    return iri[len(HLM) :] if iri.startswith(HLM) else short(iri).replace(":", "-")
