"""The SPARQL 1.1 Graph Store HTTP Protocol at /store (indirect identification).

``?graph=IRI`` names a graph, ``?default`` the default graph. Reads are open; writes need the token
and go through the same pipeline as ``graphsvc ingest`` (parse, SHACL-validate the resulting
dataset, reason, swap in atomically), so a bad body changes nothing. The default graph is the union
of the named graphs, as queries see it: it can be read, not written.
"""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ...errors import BadRequest, Forbidden, MethodNotAllowed, NotFound, UnsupportedMediaType
from ...ingest.pipeline import SourceFile, ingest_sources, source_from_text
from ...query.negotiation import GRAPH_FORMATS, GRAPH_TYPES, choose
from ...rdf.rdfio import write_rdf
from ..auth import require_token
from ..services import Services, get_services
from .sparql import media_type_of, parse_params, single

router = APIRouter(tags=["graph store"])

BODY_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def target_graph(request: Request) -> str | None:
    """The graph a request is about: an IRI, or ``None`` for the default graph."""
    params = parse_params(request.url.query)
    graph = single(params, "graph")
    has_default = any(k == "default" for k, _ in params)
    if graph is not None and has_default:
        raise BadRequest("give either '?graph=IRI' or '?default', not both")
    if graph is None and not has_default:
        raise BadRequest("name the graph: '?graph=IRI' or '?default'")
    if graph is not None and (":" not in graph or any(c in graph for c in ' <>"{}|^`\\')):
        raise BadRequest(f"'graph' must be an absolute IRI, got {graph!r}")
    return graph


@router.get("/store", summary="Read a graph (Graph Store Protocol)")
def read_graph(request: Request, services: Annotated[Services, Depends(get_services)]) -> Response:
    """A named graph's triples, or the default (union) graph, in the negotiated format."""
    graph = target_graph(request)
    media_type = choose(request.headers.get("accept"), GRAPH_TYPES)
    if graph is not None and graph not in services.store.graph_names():
        raise NotFound(f"no graph <{graph}> in this store")
    if graph is None:
        result = services.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        triples = [t for t in result if isinstance(t, ox.Triple)]
    else:
        triples = list(services.store.triples(graph))
    body = write_rdf(triples, GRAPH_FORMATS[media_type])
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def _writable(request: Request, services: Services) -> str:
    require_token(request, services.settings)
    graph = target_graph(request)
    if graph is None:
        raise MethodNotAllowed(
            "the default graph is the union of the named graphs; write to a named graph",
        )
    if graph == services.graphs.inferred:
        raise Forbidden("the inferred graph is computed at ingest; it cannot be written")
    return graph


async def _body_source(request: Request, services: Services, graph: str) -> SourceFile:
    media_type = media_type_of(request)
    if media_type not in BODY_FORMATS:
        raise UnsupportedMediaType(
            f"send the graph as one of {', '.join(BODY_FORMATS)}, not {media_type or 'nothing'}"
        )
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the body is not valid UTF-8: {error}") from None
    return source_from_text(
        "<request body>", graph, text, BODY_FORMATS[media_type], services.settings
    )


async def _put_or_post(request: Request, services: Services, merge: bool) -> Response:
    graph = _writable(request, services)
    source = await _body_source(request, services, graph)
    with services.write_lock:
        existed = graph in services.store.graph_names()
        if merge and existed:
            kept = list(services.store.triples(graph))
            source = SourceFile(source.path, graph, source.text, kept + source.triples)
        ingest_sources(services.store, [source], services.settings, lambda _message: None)
        services.written(reasoned=True)
    return Response(status_code=204 if existed else 201)


@router.put("/store", summary="Replace a named graph (needs the write token)")
async def put_graph(
    request: Request, services: Annotated[Services, Depends(get_services)]
) -> Response:
    """Replace a named graph with the request body (validated and reasoned over first)."""
    return await _put_or_post(request, services, merge=False)


@router.post("/store", summary="Add triples to a named graph (needs the write token)")
async def post_graph(
    request: Request, services: Annotated[Services, Depends(get_services)]
) -> Response:
    """Merge the request body into a named graph (validated and reasoned over first)."""
    return await _put_or_post(request, services, merge=True)


@router.delete("/store", summary="Delete a named graph (needs the write token)")
def delete_graph(
    request: Request, services: Annotated[Services, Depends(get_services)]
) -> Response:
    """Drop a named graph and bring the inferred graph up to date."""
    graph = _writable(request, services)
    with services.write_lock:
        if graph not in services.store.graph_names():
            raise NotFound(f"no graph <{graph}> in this store")
        services.store.drop_graphs([graph])
        services.written()
    return Response(status_code=204)
