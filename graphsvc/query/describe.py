"""What the service says about one resource: its triples for machines, a summary for people.

The RDF answer is a symmetric concise bounded description: every triple with the resource as
subject (blank nodes followed, so an amount or a selector comes with its values) and every triple
pointing at it. The page summary adds what a person looks for first: the label, the kinds, the
agreements an actor is party to, and the quoted sentences the facts come from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..rdf.results import is_solutions
from ..store.oxigraph import GraphStore

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
HLM = "https://w3id.org/hlm/def/hlm#"
MAX_INCOMING = 2000

_OUT = """
SELECT ?s ?p ?o ?p2 ?o2 ?p3 ?o3 WHERE {
  ?s ?p ?o
  OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o))
             OPTIONAL { ?o2 ?p3 ?o3 FILTER(isBlank(?o2)) } }
}"""
_INFERRED_ONLY = """
SELECT ?s ?inferred ?p ?o WHERE {
  GRAPH ?inferred { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?inferred) }
}"""
_IN = f"SELECT DISTINCT ?target ?s ?p WHERE {{ ?s ?p ?target }} LIMIT {MAX_INCOMING}"
_LABELS = f"""
SELECT ?s ?label WHERE {{
  {{ ?s <{RDFS_LABEL}> ?label }} UNION {{ ?s <{SKOS_PREF}> ?label }}
  UNION {{ ?s <{HLM}describedAs> ?label }}
}}"""
_AGREEMENTS = f"""
SELECT ?s ?agreement ?other WHERE {{
  ?agreement <{HLM}party> ?s .
  OPTIONAL {{ ?agreement <{HLM}party> ?other FILTER(?other != ?s) }}
}}"""
_EVIDENCE = f"""
SELECT DISTINCT ?s ?evidence ?exact ?source ?headline WHERE {{
  ?s <{HLM}evidence> ?evidence .
  ?evidence <http://www.w3.org/ns/oa#hasSelector> ?selector .
  ?selector <http://www.w3.org/ns/oa#exact> ?exact .
  OPTIONAL {{ ?evidence <http://www.w3.org/ns/oa#hasSource> ?source .
             OPTIONAL {{ ?source <https://schema.org/headline> ?headline }} }}
}}"""

Node = ox.NamedNode | ox.BlankNode
# Oxigraph binds substituted variables only if the query projects them: every query here projects
# its ``?s`` (or ``?target``) although the caller already knows its value.


@dataclass(frozen=True)
class Statement:
    """One property value, and whether it was inferred rather than stated."""

    predicate: ox.NamedNode
    value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
    inferred: bool


@dataclass(frozen=True)
class Quote:
    evidence: str
    exact: str
    source: str | None
    headline: str | None


@dataclass
class Description:
    """A resource as the page shows it."""

    iri: str
    label: str | None
    statements: list[Statement] = field(default_factory=list)
    incoming: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]] = field(default_factory=list)
    agreements: dict[str, list[str]] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)


def _select(store: GraphStore, query: str, subject: Node) -> Any:
    result = store.query(query, substitutions={"s": subject})
    assert is_solutions(result)
    return result


def best_label(labels: Iterable[ox.Literal]) -> str | None:
    """French first (the sources are French), then English, then anything."""
    ranked = sorted(
        labels, key=lambda lit: ({"fr": 0, "en": 1}.get(lit.language or "", 2), lit.value)
    )
    return ranked[0].value if ranked else None


def label_of(store: GraphStore, node: Node) -> str | None:
    return best_label(
        row["label"]
        for row in _select(store, _LABELS, node)
        if isinstance(row["label"], ox.Literal)
    )


def outgoing(
    store: GraphStore, subject: Node, inferred_graph: str
) -> tuple[list[ox.Triple], set[ox.Triple]]:
    """Triples about ``subject`` with blank nodes followed two levels down (a selector, an
    amount), in one query so blank-node labels stay consistent on a remote store too; and which
    of them are only inferred."""
    triples: list[ox.Triple] = []
    for row in _select(store, _OUT, subject):
        for s_var, p_var, o_var in (("s", "p", "o"), ("o", "p2", "o2"), ("o2", "p3", "o3")):
            node, predicate, value = row[s_var], row[p_var], row[o_var]
            if node is None or predicate is None or value is None:
                break
            assert isinstance(node, ox.NamedNode | ox.BlankNode)
            assert isinstance(predicate, ox.NamedNode)
            triples.append(ox.Triple(node, predicate, value))
    unique = list(dict.fromkeys(triples))
    inferred_only: set[ox.Triple] = set()
    inferred = store.query(
        _INFERRED_ONLY, substitutions={"s": subject, "inferred": ox.NamedNode(inferred_graph)}
    )
    assert is_solutions(inferred)
    for row in inferred:
        predicate, value = row["p"], row["o"]
        assert isinstance(predicate, ox.NamedNode) and value is not None
        inferred_only.add(ox.Triple(subject, predicate, value))
    return unique, inferred_only


def describe(store: GraphStore, iri: str, inferred_graph: str) -> Description | None:
    """Everything the store holds about ``iri``; ``None`` if it knows nothing of it."""
    node = ox.NamedNode(iri)
    out, inferred_only = outgoing(store, node, inferred_graph)
    incoming = _incoming(store, node)
    if not out and not incoming:
        return None
    description = Description(iri=iri, label=label_of(store, node))
    description.statements = [
        Statement(t.predicate, t.object, t in inferred_only) for t in out if t.subject == node
    ]
    description.incoming = incoming
    description.triples = out + [ox.Triple(s, p, node) for s, p in incoming]
    for row in _select(store, _AGREEMENTS, node):
        agreement, other = row["agreement"], row["other"]
        assert agreement is not None
        others = description.agreements.setdefault(agreement.value, [])
        if other is not None and other.value not in others:
            others.append(other.value)
    description.quotes = [
        Quote(
            evidence=row["evidence"].value if row["evidence"] else "",
            exact=row["exact"].value if row["exact"] else "",
            source=row["source"].value if row["source"] else None,
            headline=row["headline"].value if row["headline"] else None,
        )
        for row in _select(store, _EVIDENCE, node)
    ]
    return description


def _incoming(
    store: GraphStore, node: Node
) -> list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]]:
    result = store.query(_IN, substitutions={"target": node})
    assert is_solutions(result)
    pairs: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]] = []
    for row in result:
        subject, predicate = row["s"], row["p"]
        if isinstance(subject, ox.NamedNode | ox.BlankNode) and isinstance(predicate, ox.NamedNode):
            pairs.append((subject, predicate))
    return pairs
