"""Minimal graphs for the SHACL shapes: one valid graph, and for each shape a graph broken just
for it. Shared by the shapes' own tests (tests/shipped) and the SPARQL compilation of the shapes
(tests/ingest)."""

from __future__ import annotations

import pyoxigraph as ox

SHAPES = "https://w3id.org/hlm/def/shapes#"

VALID = """
@prefix hlm: <https://w3id.org/hlm/def/hlm#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/hlm/id/> .

id:src a schema:NewsArticle ; schema:headline "Titre"@fr ; hlm:sourceFile "x.txt" ;
    schema:datePublished "2020-01-02"^^xsd:date .
id:ev a oa:SpecificResource ; oa:hasSource id:src ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "une convention" ; oa:prefix "" ; oa:suffix "." ] ,
                   [ a oa:TextPositionSelector ; oa:start "0"^^xsd:nonNegativeInteger ;
                     oa:end "14"^^xsd:nonNegativeInteger ] .
id:a a hlm:OfficePublicHabitat ; rdfs:label "OPH A"@fr ; prov:wasDerivedFrom id:src ; hlm:evidence id:ev ;
    adms:identifier [ a adms:Identifier ; dcterms:type hlm:SIREN ; skos:notation "123456789" ] .
id:b a hlm:Federation ; rdfs:label "Fédération B"@fr ; prov:wasDerivedFrom id:src ; hlm:evidence id:ev .
id:u a hlm:UnnamedOrganisation ; hlm:describedAs "notre Office"@fr ; prov:wasDerivedFrom id:src ;
    hlm:evidence id:ev .
id:c a hlm:Convention ; rdfs:label "Convention A-B"@fr ; hlm:party id:a , id:b ;
    hlm:duration "P5Y"^^xsd:duration ; hlm:renewable true ; hlm:signedIn id:s ;
    hlm:amount [ a schema:MonetaryAmount ; schema:value "800000000"^^xsd:decimal ; schema:currency "EUR" ] ;
    prov:wasDerivedFrom id:src ; hlm:evidence id:ev .
id:s a hlm:SigningEvent ; rdfs:label "Signature"@fr ; schema:startDate "2019-09"^^xsd:gYearMonth ;
    schema:superEvent id:congress ; prov:wasDerivedFrom id:src ; hlm:evidence id:ev .
id:congress a hlm:Congress ; rdfs:label "80e Congrès"@fr ; hlm:editionNumber 80 ;
    schema:location id:paris ; prov:wasDerivedFrom id:src .
id:paris a schema:Place ; rdfs:label "Paris"@fr .
id:n a hlm:AgreementCount ; hlm:count 30 ; hlm:countIsApproximate true ; hlm:party id:b ;
    prov:wasDerivedFrom id:src ; hlm:evidence id:ev .
id:q a hlm:Accord ; rdfs:label "Accord"@fr ; prov:wasDerivedFrom id:src ; hlm:evidence id:ev ;
    hlm:quantity [ a schema:QuantitativeValue ; schema:value 600 ; hlm:period "P3Y"^^xsd:duration ] .
id:role a org:Role ; rdfs:label "président"@fr .
id:post a org:Post ; org:role id:role ; org:heldBy id:p ; prov:wasDerivedFrom id:src ; hlm:evidence id:ev .
id:p a schema:Person ; rdfs:label "P" ; prov:wasDerivedFrom id:src ; hlm:evidence id:ev .
"""

BROKEN: dict[str, tuple[str, str]] = {
    "ConventionShape": ("hlm:party id:a , id:b ;", ""),
    "PartyShape": ("hlm:party id:a , id:b ;", "hlm:party id:a , id:b , id:nobody ;"),
    "AgreementShape": ('hlm:duration "P5Y"^^xsd:duration', 'hlm:duration "5 ans"'),
    "AgreementCountShape": ("hlm:count 30 ;", 'hlm:count "trente" ;'),
    "SourcedShape": (
        "schema:location id:paris ; prov:wasDerivedFrom id:src .",
        "schema:location id:paris .",
    ),
    "EvidencedShape": (
        'rdfs:label "P" ; prov:wasDerivedFrom id:src ; hlm:evidence id:ev',
        'rdfs:label "P" ; prov:wasDerivedFrom id:src',
    ),
    "LabelShape": (
        'id:paris a schema:Place ; rdfs:label "Paris"@fr .',
        "id:paris a schema:Place .",
    ),
    "UnnamedOrganisationShape": (
        'hlm:describedAs "notre Office"@fr ;',
        'hlm:describedAs "notre Office"@fr ; rdfs:label "OPH inventé"@fr ;',
    ),
    "DateShape": ('"2019-09"^^xsd:gYearMonth', '"septembre 2019"'),
    "MonetaryAmountShape": ('schema:currency "EUR"', 'schema:currency "euros"'),
    "QuantitativeValueShape": ("schema:value 600 ;", 'schema:value "six cents" ;'),
    "SirenShape": ('skos:notation "123456789"', 'skos:notation "12345"'),
    "EvidenceShape": (
        "id:ev a oa:SpecificResource ; oa:hasSource id:src ;",
        "id:ev a oa:SpecificResource ;",
    ),
    "TextQuoteSelectorShape": ('oa:exact "une convention" ;', ""),
    "TextPositionSelectorShape": (
        'oa:start "0"^^xsd:nonNegativeInteger',
        'oa:start "20"^^xsd:nonNegativeInteger',
    ),
    "SourceShape": ('hlm:sourceFile "x.txt" ;', ""),
    "CongressShape": ("hlm:editionNumber 80 ;", 'hlm:editionNumber "quatre-vingtième" ;'),
    "PostShape": ("org:role id:role ;", ""),
}


def triples(turtle: str) -> list[ox.Triple]:
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
    ]
