"""Content negotiation: one pure function over one table per result kind.

``choose(accept, offers)`` picks the offer with the highest q-value the Accept header gives it
(the most specific matching media range decides an offer's q, per RFC 9110 §12.5.1); ties go to
the server's order of preference. Nothing acceptable → ``NotAcceptable`` (406), never a guess.
``?format=`` short names (``json``, ``ttl``…) map to the same media types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import BadRequest, NotAcceptable


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header."""

    type: str
    subtype: str
    q: float

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header leniently: malformed elements are ignored, bad q-values are 0."""
    ranges: list[MediaRange] = []
    for element in header.split(","):
        parts = [p.strip() for p in element.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            if media == "*":
                media = "*/*"
            else:
                continue
        kind, _, sub = media.partition("/")
        if not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0)
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q the client gives ``media_type``: that of the most specific range matching it."""
    best: MediaRange | None = None
    for media_range in ranges:
        if media_range.matches(media_type) and (
            best is None or media_range.specificity > best.specificity
        ):
            best = media_range
    return best.q if best is not None else 0.0


def choose(accept: str | None, offers: Sequence[str]) -> str:
    """The offer to send for an Accept header; 406 if none is acceptable.

    >>> choose("text/csv;q=0.5, application/sparql-results+json", SOLUTION_TYPES)
    'application/sparql-results+json'
    """
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    scored = [(quality(ranges, offer), -index, offer) for index, offer in enumerate(offers)]
    q, _, offer = max(scored)
    if q <= 0:
        raise NotAcceptable(
            f"none of the available formats is acceptable (Accept: {accept}); "
            f"available: {', '.join(offers)}"
        )
    return offer


# Media types we produce, in our order of preference, per result kind.
SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
BOOLEAN_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/json": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS: dict[str, ox.RdfFormat] = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/turtle": ox.RdfFormat.TURTLE,
}
SOLUTION_TYPES = tuple(SOLUTION_FORMATS)
BOOLEAN_TYPES = tuple(BOOLEAN_FORMATS)
GRAPH_TYPES = tuple(GRAPH_FORMATS)
DATASET_TYPES = tuple(DATASET_FORMATS)

# ``?format=`` (and SPARQLWrapper's ``format``/``output``/``results``) short names.
FORMAT_ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "nq": "application/n-quads",
    "html": "text/html",
}
GRAPH_ALIASES = {"json": "application/ld+json", "xml": "application/rdf+xml"}


def format_to_accept(name: str, *, graph: bool = False) -> str:
    """Turn a ``?format=`` value (short name or media type) into an Accept header value."""
    key = name.strip().lower()
    if "/" in key:
        return key
    if graph and key in GRAPH_ALIASES:
        return GRAPH_ALIASES[key]
    try:
        return FORMAT_ALIASES[key]
    except KeyError:
        known = ", ".join(sorted(FORMAT_ALIASES))
        raise BadRequest(f"unknown format {name!r}; known formats: {known}") from None


def format_to_any_accept(name: str) -> str:
    """Like ``format_to_accept`` when the result kind is not known yet (a query not yet run):
    ``json`` must serve SELECT (SPARQL JSON) and CONSTRUCT (JSON-LD) alike."""
    key = name.strip().lower()
    if key in GRAPH_ALIASES:
        return f"{FORMAT_ALIASES[key]}, {GRAPH_ALIASES[key]}"
    return format_to_accept(name)
