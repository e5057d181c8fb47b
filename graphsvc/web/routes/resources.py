"""Linked data: every ``/id/…`` IRI and the ontology under ``/def/…`` dereference here.

Browsers get a page; linked-data clients get Turtle, JSON-LD, N-Triples or RDF/XML by ``Accept``
or ``?format=`` (``Vary: Accept`` so caches keep them apart). A client that accepts anything gets
Turtle: a machine that does not say what it wants is more likely a script than a person.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ...errors import NotFound
from ...iris import CANONICAL_BASE
from ...query.describe import describe, label_of
from ...query.negotiation import GRAPH_FORMATS, choose, format_to_accept
from ...rdf.rdfio import write_rdf
from ..ontodoc import ontology_html
from ..pages import render
from ..services import Services, get_services

router = APIRouter(tags=["linked data"])

RESOURCE_TYPES = (
    "text/turtle",
    "text/html",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
)
DOWNLOADS = (
    ("ttl", "text/turtle"),
    ("jsonld", "application/ld+json"),
    ("nt", "application/n-triples"),
    ("rdfxml", "application/rdf+xml"),
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def negotiate(request: Request) -> str:
    """HTML or an RDF format, from ``?format=`` first, then ``Accept``."""
    name = request.query_params.get("format")
    accept = format_to_accept(name, graph=True) if name else request.headers.get("accept")
    return choose(accept, RESOURCE_TYPES)


def rdf_response(triples: list[ox.Triple], media_type: str) -> Response:
    body = write_rdf(triples, GRAPH_FORMATS[media_type])
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


@router.get("/id/{path:path}", summary="A resource of the graph (linked data)")
def resource(
    path: str, request: Request, services: Annotated[Services, Depends(get_services)]
) -> Response:
    """Describe one resource: a page for people, its triples for machines."""
    iri = f"{services.settings.base_iri}id/{path}"
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise NotFound(
            f"<{iri}> is not a valid IRI, so nothing is described there: {error}"
        ) from None
    media_type = negotiate(request)
    description = describe(services.store, iri, services.graphs.inferred)
    if description is None:
        raise NotFound(f"<{iri}> is not described in this graph")
    if media_type != "text/html":
        return rdf_response(description.triples, media_type)
    kinds = sorted(
        {
            s.value.value
            for s in description.statements
            if s.predicate.value == RDF_TYPE
            and isinstance(s.value, ox.NamedNode)
            and not s.inferred
        }
    )
    statements = sorted(
        description.statements, key=lambda s: (s.inferred, s.predicate.value, str(s.value))
    )
    linked = set(description.agreements) | {o for v in description.agreements.values() for o in v}
    labels = {i: label_of(services.store, ox.NamedNode(i)) for i in linked}
    html = render(
        "resource.html",
        services.settings.base_iri,
        d=description,
        kinds=kinds,
        statements=statements,
        labels=labels,
        formats=DOWNLOADS,
        lang="fr",
    )
    return HTMLResponse(html, headers={"Vary": "Accept"})


@lru_cache(maxsize=4)
def _ontology_html(path: Path, mtime: float) -> str:
    """The documentation page, rebuilt when the file changes (``mtime`` is the cache key)."""
    return ontology_html(path)


@router.get("/def/{path:path}", summary="The ontology and the shapes")
def vocabulary(
    path: str, request: Request, services: Annotated[Services, Depends(get_services)]
) -> Response:
    """The ontology (``/def/hlm``, any version) or the SHACL shapes (``/def/shapes``)."""
    name = path.split("/")[0]
    graphs = {"hlm": services.graphs.ontology, "shapes": services.graphs.shapes}
    if name not in graphs or graphs[name] not in services.graph_names():
        raise NotFound(f"no vocabulary at /def/{path}")
    media_type = negotiate(request)
    triples = list(services.store.triples(graphs[name]))
    if media_type != "text/html":
        return rdf_response(triples, media_type)
    source = services.settings.ontology_dir / "hlm.ttl"
    if name == "hlm" and source.exists():
        page = _ontology_html(source, source.stat().st_mtime)
        return HTMLResponse(page, headers={"Vary": "Accept"})
    description = describe(services.store, f"{CANONICAL_BASE}def/{name}", services.graphs.inferred)
    if description is None:
        raise NotFound(f"no page for /def/{path}")
    html = render(
        "resource.html",
        services.settings.base_iri,
        d=description,
        kinds=[],
        statements=description.statements,
        labels={},
        formats=DOWNLOADS,
    )
    return HTMLResponse(html, headers={"Vary": "Accept"})
