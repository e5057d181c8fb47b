"""Literals of the derived integer types, kept as written while the shapes are checked.

Oxigraph stores numbers by value: ``"5"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer``.
SHACL's ``sh:datatype`` needs the datatype as written, so the data loaded for validation keeps
those literals under a private datatype IRI (``kept_triples``), the compiled checks
(``shacl_sparql``) read them back as integers, and what reasoning derives from that store is
given its datatypes back (``restored_triples``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
Term = ox.NamedNode | ox.BlankNode | ox.Literal

# Integer subtypes Oxigraph normalises to xsd:integer, kept apart under this prefix.
KEPT_DATATYPE = "urn:graphsvc:shacl:xsd#"
DERIVED_INTEGERS: dict[str, str] = {
    "nonNegativeInteger": ">= 0",
    "positiveInteger": "> 0",
    "nonPositiveInteger": "<= 0",
    "negativeInteger": "< 0",
    "long": "",
    "int": "",
    "short": "",
    "byte": "",
    "unsignedLong": ">= 0",
    "unsignedInt": ">= 0",
    "unsignedShort": ">= 0",
    "unsignedByte": ">= 0",
}


def keep_datatype(term: Term) -> Term:
    """A derived integer literal under the private datatype; any other term as it is."""
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(XSD):
        name = term.datatype.value[len(XSD) :]
        if name in DERIVED_INTEGERS:
            return ox.Literal(term.value, datatype=ox.NamedNode(KEPT_DATATYPE + name))
    return term


def kept_triples(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """The triples to load for validation: derived integer literals keep their datatype."""
    for t in triples:
        obj = t.object
        if isinstance(obj, ox.Literal) and obj.datatype.value[len(XSD) :] in DERIVED_INTEGERS:
            yield ox.Triple(t.subject, t.predicate, keep_datatype(obj))
        else:
            yield t


def restored_triples(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """The inverse of ``kept_triples``, for what reasoning derived from a validation store."""
    for t in triples:
        obj = t.object
        if isinstance(obj, ox.Literal) and obj.datatype.value.startswith(KEPT_DATATYPE):
            original = ox.NamedNode(XSD + obj.datatype.value[len(KEPT_DATATYPE) :])
            yield ox.Triple(t.subject, t.predicate, ox.Literal(obj.value, datatype=original))
        else:
            yield t
