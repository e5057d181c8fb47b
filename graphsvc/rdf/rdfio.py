"""Reading RDF files into triples, with errors that name the file and the line.

Parsing is Oxigraph's (fast, and its syntax errors carry a line number); rdflib is only used where a
library needs an rdflib graph (pyshacl, owlrl), through N-Triples, which both sides read exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from ..errors import IngestError

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def rdf_format_for(path: Path) -> ox.RdfFormat:
    """The format of a file from its extension; unknown extensions are an ingest error."""
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise IngestError(
            str(path), f"unknown RDF file extension (expected one of {known})"
        ) from None


def _decode(path: Path, raw: bytes) -> str:
    """Decode UTF-8 strictly; a bad byte is reported with its line."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise IngestError(
            str(path), f"not valid UTF-8 (byte 0x{raw[error.start]:02x})", line=line
        ) from None


def parse_text(
    text: str, path: Path, rdf_format: ox.RdfFormat, base_iri: str | None = None
) -> list[ox.Triple]:
    """Parse RDF text into triples; a syntax error names ``path`` and the line."""
    try:
        quads = ox.parse(text.encode("utf-8"), format=rdf_format, base_iri=base_iri)
        triples = [q.triple for q in quads]  # twice as fast as building Triple(s, p, o)
    except SyntaxError as error:
        raise IngestError(str(path), f"syntax error: {error.msg}", line=error.lineno) from None
    return triples


def read_rdf_file(path: Path, base_iri: str | None = None) -> tuple[str, list[ox.Triple]]:
    """Read one file: its decoded text (to locate nodes later) and its triples.

    An empty file is refused: loading it would silently empty a graph.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise IngestError(str(path), f"cannot read: {error.strerror}") from None
    rdf_format = rdf_format_for(path)
    text = _decode(path, raw)
    triples = parse_text(text, path, rdf_format, base_iri)
    if not triples:
        raise IngestError(str(path), "the file holds no triples")
    return text, triples


def to_ntriples(triples: Iterable[ox.Triple]) -> str:
    """N-Triples text for triples (pyoxigraph's term syntax is N-Triples)."""
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


def to_rdflib(triples: Iterable[ox.Triple], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Copy triples into an rdflib graph, for the libraries that need one."""
    graph = rdflib.Graph() if graph is None else graph
    graph.parse(data=to_ntriples(triples), format="nt")
    return graph


def from_rdflib(graph: rdflib.Graph) -> list[ox.Triple]:
    """Copy an rdflib graph's triples into pyoxigraph terms."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def line_of_node(text: str, iri: str) -> int | None:
    """The first line where a node is written as a subject (full or prefixed IRI), if any.

    Used to point a SHACL violation at a line of the file: pyshacl reports nodes, not positions.
    """
    return NodeLines(text).line_of(iri)


class NodeLines:
    """A Turtle text read once for the lines that write its nodes, so that many nodes (every
    violation of a big file) are each found without reading the text again."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.prefixes: dict[str, str] = {}
        self.subjects: dict[str, int] = {}  # a line's first term → the first line it starts
        for number, line in enumerate(self.lines, start=1):
            words = line.split(maxsplit=3)
            if not words:
                continue
            if words[0].lower() in ("@prefix", "prefix"):
                if len(words) >= 3 and words[1].endswith(":"):
                    self.prefixes[words[1][:-1]] = words[2].strip("<>")
            else:
                self.subjects.setdefault(words[0].rstrip(";,."), number)

    def line_of(self, iri: str) -> int | None:
        """The first line where ``iri`` starts a statement; else the first that mentions it."""
        forms = [f"<{iri}>"]
        forms += [f"{p}:{iri[len(ns) :]}" for p, ns in self.prefixes.items() if iri.startswith(ns)]
        starts = [self.subjects[form] for form in forms if form in self.subjects]
        if starts:
            return min(starts)
        for number, line in enumerate(self.lines, start=1):
            if any(form in line for form in forms):
                return number
        return None


PREFIXES: dict[str, str] = {
    "hlm": "https://w3id.org/hlm/def/hlm#",
    "hlmsh": "https://w3id.org/hlm/def/shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "cv": "http://data.europa.eu/m8g/",
    "rov": "http://www.w3.org/ns/regorg#",
    "adms": "http://www.w3.org/ns/adms#",
}
PREFIXED_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


def write_rdf(
    items: Iterable[ox.Triple] | Iterable[ox.Quad],
    rdf_format: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """Serialise triples or quads; Turtle-like formats get our usual prefixes for readability."""
    if rdf_format in PREFIXED_FORMATS:
        return ox.serialize(items, format=rdf_format, prefixes=prefixes or PREFIXES) or b""
    return ox.serialize(items, format=rdf_format) or b""
