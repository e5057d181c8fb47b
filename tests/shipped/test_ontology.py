"""The ontology: well-formed, documented, faithful to the contract, and safe to reason with."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from livesvc import ROOT

from graphsvc.ingest.reasoning import closure, owl_rl_closure
from graphsvc.rdf.rdfio import read_rdf_file
from graphsvc.settings import SHIPPED_DIR
from graphsvc.web.ontodoc import ontology_doc, ontology_html

HLM = rdflib.Namespace("https://w3id.org/hlm/def/hlm#")
SKOS = rdflib.SKOS
ONTOLOGY = SHIPPED_DIR / "ontology" / "hlm.ttl"
CONTRACT = ROOT / "docs" / "modelling.md"
DATA_FILES = sorted((SHIPPED_DIR / "data").rglob("*.ttl"))


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def hlm_terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    kinds = (
        rdflib.OWL.Class,
        rdflib.OWL.ObjectProperty,
        rdflib.OWL.DatatypeProperty,
        rdflib.OWL.AnnotationProperty,
    )
    return {
        s
        for kind in kinds
        for s in graph.subjects(rdflib.RDF.type, kind)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(str(HLM))
    }


def test_the_ontology_is_versioned(ontology: rdflib.Graph) -> None:
    iri = rdflib.URIRef("https://w3id.org/hlm/def/hlm")
    assert (iri, rdflib.RDF.type, rdflib.OWL.Ontology) in ontology
    assert ontology.value(iri, rdflib.OWL.versionIRI) == rdflib.URIRef(
        "https://w3id.org/hlm/def/hlm/1.0.0"
    )
    assert str(ontology.value(iri, rdflib.OWL.versionInfo)) == "1.0.0"


def test_every_term_has_french_and_english_labels_and_a_definition(
    ontology: rdflib.Graph,
) -> None:
    terms = hlm_terms(ontology)
    assert len(terms) >= 70
    for term in terms:
        languages = {lit.language for lit in ontology.objects(term, rdflib.RDFS.label)}
        assert {"fr", "en"} <= languages, term
        assert ontology.value(term, SKOS.definition) is not None, term
        assert ontology.value(term, rdflib.RDFS.isDefinedBy) is not None, term


def contract_terms() -> set[str]:
    """Every hlm: term docs/modelling.md names, prefixed or in its classes section."""
    text = CONTRACT.read_text(encoding="utf-8")
    names = set(re.findall(r"hlm:([A-Za-z]+)", text))
    classes = text.split("## Classes", 1)[1].split("## Properties", 1)[0]
    names |= {n for n in re.findall(r"`([A-Z][A-Za-z]+)`", classes)}
    return names


def test_every_term_of_the_contract_is_in_the_ontology(ontology: rdflib.Graph) -> None:
    defined = {str(t)[len(str(HLM)) :] for t in hlm_terms(ontology)}
    missing = sorted(contract_terms() - defined)
    assert missing == [], f"docs/modelling.md names terms the ontology lacks: {missing}"


def test_no_axiom_known_to_break_owlrl_is_present(ontology: rdflib.Graph) -> None:
    assert not list(ontology.triples((None, rdflib.OWL.hasKey, None)))
    assert not list(
        ontology.triples((None, None, rdflib.URIRef("http://www.w3.org/ns/org#purpose")))
    )
    assert not list(ontology.subjects(rdflib.OWL.unionOf, None)), "outside OWL RL superclasses"


SAMPLE = """
@prefix hlm: <https://w3id.org/hlm/def/hlm#> .
@prefix o: <https://w3id.org/hlm/id/organisation/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
o:oph-x a hlm:OfficePublicHabitat ; rdfs:label "OPH X"@fr .
o:oph-y a hlm:OfficePublicHabitat ; rdfs:label "OPH Y"@fr .
<https://w3id.org/hlm/id/agreement/x> a hlm:PartnershipConvention ; hlm:party o:oph-x , o:oph-y .
<https://w3id.org/hlm/id/event/s> a hlm:SigningEvent ;
    hlm:underAuspicesOf <https://w3id.org/hlm/id/person/p> .
<https://w3id.org/hlm/id/person/p> a <https://schema.org/Person> .
"""


@pytest.fixture(scope="module")
def asserted() -> list[ox.Triple]:
    triples = list(read_rdf_file(ONTOLOGY)[1])
    for path in DATA_FILES:
        triples += read_rdf_file(path)[1]
    triples += [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(SAMPLE.encode(), format=ox.RdfFormat.TURTLE)
    ]
    return triples


@pytest.fixture(scope="module")
def owlrl_entailed(asserted: list[ox.Triple]) -> set[ox.Triple]:
    result = owl_rl_closure(asserted)
    assert result.inconsistencies == [], "the curated data is consistent with the ontology"
    return set(result.inferred) | set(asserted)


def iri(text: str) -> ox.NamedNode:
    return ox.NamedNode(text)


def test_owlrl_merges_no_two_distinct_things(owlrl_entailed: set[ox.Triple]) -> None:
    same = [
        t for t in owlrl_entailed if t.predicate.value.endswith("#sameAs") and t.subject != t.object
    ]
    assert same == []


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        ("id/organisation/oph-x", "rdf:type", "hlm:BailleurSocial"),
        ("id/organisation/oph-x", "rdf:type", "prov:Agent"),
        ("id/organisation/oph-x", "hlm:partyTo", "id/agreement/x"),
        ("id/event/s", "hlm:inPresenceOf", "id/person/p"),
        ("id/agreement/x", "rdf:type", "prov:Entity"),
        ("id/organisation/banque-des-territoires", "rdf:type", "org:Organization"),
        (
            "id/organisation/caisse-des-depots",
            "org:hasUnit",
            "id/organisation/banque-des-territoires",
        ),
        ("id/organisation/office-polynesien-de-l-habitat", "rdf:type", "hlm:BailleurSocial"),
    ],
)
def test_owlrl_derives_what_the_ontology_promises(
    owlrl_entailed: set[ox.Triple], subject: str, predicate: str, obj: str
) -> None:
    prefixes = {
        "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "hlm:": "https://w3id.org/hlm/def/hlm#",
        "prov:": "http://www.w3.org/ns/prov#",
        "org:": "http://www.w3.org/ns/org#",
        "id/": "https://w3id.org/hlm/id/",
    }

    def expand(name: str) -> ox.NamedNode:
        for short, long in prefixes.items():
            if name.startswith(short):
                return iri(long + name[len(short) :])
        raise AssertionError(name)

    assert ox.Triple(expand(subject), expand(predicate), expand(obj)) in owlrl_entailed


def test_the_polynesian_office_is_not_an_office_public_de_l_habitat(
    owlrl_entailed: set[ox.Triple],
) -> None:
    office = iri("https://w3id.org/hlm/id/organisation/office-polynesien-de-l-habitat")
    kinds = {
        t.object.value
        for t in owlrl_entailed
        if t.subject == office and t.predicate.value.endswith("#type")
    }
    assert "https://w3id.org/hlm/def/hlm#BailleurSocial" in kinds
    assert "https://w3id.org/hlm/def/hlm#OfficePublicHabitat" not in kinds


def test_the_fast_rules_give_exactly_owlrls_entailments(
    asserted: list[ox.Triple], owlrl_entailed: set[ox.Triple]
) -> None:
    rules = closure(asserted, "rules")
    assert rules.inconsistencies == []
    assert set(rules.inferred) | set(asserted) == owlrl_entailed


def test_an_inconsistency_is_caught(asserted: list[ox.Triple]) -> None:
    wrong = ox.Triple(
        iri("https://w3id.org/hlm/id/agreement/2018-convention-polynesie"),
        iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        iri("https://w3id.org/hlm/def/hlm#Federation"),
    )
    assert closure([*asserted, wrong], "rules").inconsistencies
    assert owl_rl_closure([*asserted, wrong]).inconsistencies


def test_documentation_page_has_an_entry_per_hlm_term_with_both_labels() -> None:
    path = SHIPPED_DIR / "ontology" / "hlm.ttl"
    doc = ontology_doc(path)
    terms = [t for section in doc.sections.values() for t in section]
    assert len(terms) >= 70
    assert all(t.label_fr and t.label_en and t.definition_fr for t in terms)
    assert doc.version == "1.0.0"
    html = ontology_html(path)
    assert '<tr id="Convention">' in html and '<tr id="party">' in html
    assert 'href="/def/hlm#Agreement"' in html  # relations link within the page
