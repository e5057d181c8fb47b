"""How good is the extraction? Precision, recall and F1 against curated Turtle.

Both sides are read the same way: each graph is loaded with the ontology and the reference data
into a store and asked the same SPARQL questions. Actors match by IRI or by a name (label, alias,
acronym, words of an unnamed one) equal after folding or nearly equal (rapidfuzz); agreements
match when their parties, mapped through the actor matching, are the same set; fields (year,
congress, amount) are scored on matched agreements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz

from .normalise import fold

PREFIXES = """PREFIX hlm: <https://w3id.org/hlm/def/hlm#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""
ACTORS = (
    PREFIXES
    + """SELECT DISTINCT ?x ?name WHERE {
  GRAPH <urn:graph> { { ?x ?p ?o } UNION { ?s ?p ?x } }
  ?x a/rdfs:subClassOf* hlm:Actor .
  OPTIONAL { ?x rdfs:label|skos:altLabel|skos:prefLabel|hlm:acronym|schema:name
                |hlm:describedAs ?name }
}"""
)
AGREEMENTS = (
    PREFIXES
    + """SELECT ?a ?party ?year ?congress ?amount WHERE {
  GRAPH <urn:graph> { ?a a ?k }
  ?k rdfs:subClassOf* hlm:Agreement .
  OPTIONAL { ?a hlm:party ?party }
  OPTIONAL { ?a hlm:atEvent ?congress . ?congress a hlm:Congress }
  OPTIONAL { { ?a hlm:signedIn/schema:startDate ?d } UNION { ?a hlm:atEvent/schema:startDate ?d } }
  BIND(SUBSTR(STR(?d), 1, 4) AS ?year)
  OPTIONAL { ?a hlm:amount/schema:value ?amount }
}"""
)


@dataclass
class Agreement:
    iri: str
    parties: set[str] = field(default_factory=set)
    years: set[str] = field(default_factory=set)
    congresses: set[str] = field(default_factory=set)
    amounts: set[str] = field(default_factory=set)


@dataclass
class Facts:
    actors: dict[str, set[str]]  # IRI → folded names
    agreements: list[Agreement]


@dataclass
class Score:
    """Counts for one measure, summed over sources."""

    matched: int = 0
    found: int = 0
    expected: int = 0

    def add(self, other: Score) -> None:
        self.matched += other.matched
        self.found += other.found
        self.expected += other.expected

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(name: str) -> str:
    return fold(re.sub(r"\([^()]*\)", " ", name))


def read_facts(graph: Iterable[ox.Triple], context: Iterable[ox.Quad]) -> Facts:
    """Actors and agreements of one graph, with the ontology and reference data as context."""
    store = ox.Store()
    store.extend(context)
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:graph")) for t in graph
    )
    actors: dict[str, set[str]] = {}
    for row in store.query(ACTORS, use_default_graph_as_union=True):  # type: ignore[union-attr]
        names = actors.setdefault(row["x"].value, set())
        if row["name"] is not None:
            names.add(_key(row["name"].value))
    agreements: dict[str, Agreement] = {}
    for row in store.query(AGREEMENTS, use_default_graph_as_union=True):  # type: ignore[union-attr]
        agreement = agreements.setdefault(row["a"].value, Agreement(row["a"].value))
        columns = {"party": agreement.parties, "year": agreement.years,
                   "congress": agreement.congresses, "amount": agreement.amounts}  # fmt: skip
        for name, values in columns.items():
            if row[name] is not None and row[name].value:
                values.add(str(float(row[name].value)) if name == "amount" else row[name].value)
    return Facts(actors, list(agreements.values()))


def _same_actor(a_iri: str, a_names: set[str], b_iri: str, b_names: set[str]) -> bool:
    if a_iri == b_iri or a_names & b_names:
        return True
    # One label may carry more of the text than the other ("ministère du logement et de
    # l'aménagement du territoire" ~ "…, en charge des transports interinsulaires").
    if any(x.startswith(y) or y.startswith(x) for x in a_names for y in b_names
           if min(len(x), len(y)) >= 20):  # fmt: skip
        return True
    return any(
        fuzz.ratio(x, y) >= 90 for x in a_names for y in b_names if len(x) > 6 and len(y) > 6
    )


def match_actors(found: dict[str, set[str]], expected: dict[str, set[str]]) -> dict[str, str]:
    """Extracted IRI → curated IRI, one to one, exact IRIs first."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for iri in found:
        if iri in expected:
            mapping[iri] = iri
            taken.add(iri)
    for iri, names in found.items():
        if iri in mapping:
            continue
        for other, other_names in expected.items():
            if other not in taken and _same_actor(iri, names, other, other_names):
                mapping[iri] = other
                taken.add(other)
                break
    return mapping


def score(found: Facts, expected: Facts) -> dict[str, Score]:
    """Actor, agreement (by party set) and field scores of one source."""
    mapping = match_actors(found.actors, expected.actors)
    scores = {"actors": Score(len(mapping), len(found.actors), len(expected.actors))}
    agreements = Score(0, len(found.agreements), len(expected.agreements))
    fields = {name: Score() for name in ("year", "congress", "amount")}
    left = list(expected.agreements)
    for agreement in found.agreements:
        parties = {mapping.get(p, p) for p in agreement.parties}
        twin = next((e for e in left if e.parties and e.parties == parties), None)
        if twin is None:
            continue
        left.remove(twin)
        agreements.matched += 1
        for name, attribute in (
            ("year", "years"),
            ("congress", "congresses"),
            ("amount", "amounts"),
        ):
            mine, theirs = getattr(agreement, attribute), getattr(twin, attribute)
            fields[name].found += bool(mine)
            fields[name].expected += bool(theirs)
            fields[name].matched += bool(mine and mine & theirs)
    scores["agreements"] = agreements
    scores.update({f"field:{k}": v for k, v in fields.items()})
    return scores


def context_quads(paths: Iterable[Path]) -> list[ox.Quad]:
    quads = []
    for path in paths:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            quads.append(
                ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph())
            )
    return quads
