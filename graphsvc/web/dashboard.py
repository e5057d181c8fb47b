"""What the home page and the explorer's filters show: counts by kind, sources, search hits.

The summary's queries run in the service process once per state of the store: the result is
kept until a write through this service (``Services.generation``), so a page view costs no
query. Search runs the canned ``search`` query through the workers, under the time limit, like
any query a user's text shapes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NotFound
from ..query.canned import CannedQuery, bound_query
from ..query.querying import QueryJob
from ..rdf.rdfio import PREFIXES
from ..rdf.results import is_solutions
from .services import Services

JSON_RESULTS = "application/sparql-results+json"
_HEAD = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("hlm", "rdfs", "schema", "org"))

KINDS = (
    _HEAD
    + """SELECT ?kind (MIN(?l) AS ?label) (COUNT(DISTINCT ?x) AS ?n) (MIN(?a) AS ?agreement)
WHERE {
  ?x a ?kind . ?kind rdfs:subClassOf* ?top .
  VALUES ?top { hlm:Actor hlm:Agreement schema:Event hlm:Initiative hlm:Award schema:Place }
  FILTER(STRSTARTS(STR(?kind), STR(hlm:)) || ?kind IN (schema:Person, org:Post))
  OPTIONAL { ?kind rdfs:label ?l . FILTER(LANG(?l) = "fr") }
  BIND(EXISTS { ?kind rdfs:subClassOf* hlm:Agreement } AS ?a)
} GROUP BY ?kind ORDER BY DESC(?n) ?label"""
)
SOURCES = (
    _HEAD
    + """SELECT ?source (MIN(?h) AS ?headline) (MIN(?d) AS ?date) (COUNT(DISTINCT ?fact) AS ?facts)
WHERE {
  ?source a schema:NewsArticle .
  OPTIONAL { ?source schema:headline ?h0 } OPTIONAL { ?source rdfs:label ?h1 }
  BIND(COALESCE(?h0, ?h1) AS ?h)
  OPTIONAL { ?source schema:datePublished ?d }
  OPTIONAL { ?fact <http://www.w3.org/ns/prov#wasDerivedFrom> ?source }
} GROUP BY ?source ORDER BY ?date"""
)
LABELLED = (
    _HEAD
    + """SELECT ?x (MIN(?l) AS ?label) (MIN(?d) AS ?date) WHERE {
  ?x a ?class ; rdfs:label ?l . OPTIONAL { ?x schema:startDate ?d }
} GROUP BY ?x ORDER BY ?date ?label"""
)


@dataclass(frozen=True)
class Count:
    iri: str
    label: str
    count: int
    is_agreement_kind: bool


@dataclass(frozen=True)
class Source:
    iri: str
    headline: str
    date: str
    facts: int


@dataclass
class Summary:
    """What the dataset holds, for people."""

    triples: int
    kinds: list[Count] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    congresses: list[dict[str, str]] = field(default_factory=list)
    territories: list[dict[str, str]] = field(default_factory=list)
    agreement_kinds: list[dict[str, str]] = field(default_factory=list)
    last_change: str | None = None


def _rows(services: Services, query: str) -> list[dict[str, str]]:
    result = services.store.query(query)
    assert is_solutions(result)
    names = [v.value for v in result.variables]
    return [{n: term.value for n in names if (term := row[n]) is not None} for row in result]


def _labelled(services: Services, cls: str) -> list[dict[str, str]]:
    rows = _rows(services, LABELLED.replace("?class", cls))
    return [{"iri": r["x"], "label": r.get("label", r["x"])} for r in rows]


def store_changed_at(folder: Path | None) -> str | None:
    """When the on-disk store last changed (its newest file), as an ISO date-time in UTC."""
    if folder is None or not folder.is_dir():
        return None
    times = [p.stat().st_mtime for p in folder.iterdir() if p.is_file()]
    if not times:
        return None
    return dt.datetime.fromtimestamp(max(times), dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def dataset_summary(services: Services) -> Summary:
    """Counts by kind, the sources, and the filter choices of the explorer (cached until the
    next write through this service)."""
    generation = services.generation  # read first: a write during the queries must not be hidden
    cached = services.extras.get("summary")
    if cached is not None and cached[0] == generation:
        summary: Summary = cached[1]
        return summary
    summary = compute_summary(services)
    services.extras["summary"] = (generation, summary)
    return summary


def compute_summary(services: Services) -> Summary:
    summary = Summary(triples=services.quad_count())
    summary.kinds = [
        Count(r["kind"], r.get("label", r["kind"]), int(r["n"]), r.get("agreement") == "true")
        for r in _rows(services, KINDS)
    ]
    summary.sources = [
        Source(r["source"], r.get("headline", r["source"]), r.get("date", ""), int(r["facts"]))
        for r in _rows(services, SOURCES)
    ]
    summary.congresses = _labelled(services, "hlm:Congress")
    summary.territories = _labelled(services, "hlm:Territory")
    summary.agreement_kinds = [
        {"iri": k.iri, "label": k.label} for k in summary.kinds if k.is_agreement_kind
    ]
    summary.last_change = store_changed_at(getattr(services.store, "path", None))
    return summary


def search_labels(services: Services, text: str) -> list[dict[str, str]]:
    """The canned search query, run with the text bound (so page and API agree)."""
    queries: list[CannedQuery] = services.extras.get("canned", [])
    search = next((q for q in queries if q.name == "search"), None)
    if search is None:
        raise NotFound("this service has no 'search' canned query")
    sparql = bound_query(search, {"q": text}, services.settings.base_iri)
    answer = services.run_query(QueryJob(sparql, JSON_RESULTS, max_rows=services.settings.max_rows))
    document = json.loads(answer.body)
    return [
        {name: value["value"] for name, value in binding.items()}
        for binding in document["results"]["bindings"]
    ]
