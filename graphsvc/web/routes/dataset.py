"""Dataset-level routes: health, full dumps, and the VoID/DCAT description."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from ...query.negotiation import (
    DATASET_FORMATS,
    DATASET_TYPES,
    GRAPH_FORMATS,
    GRAPH_TYPES,
    choose,
    format_to_accept,
)
from ...rdf.rdfio import write_rdf
from ..services import Services, get_services
from ..void import void_triples

router = APIRouter(tags=["dataset"])
EXTENSIONS = {"application/trig": "trig", "application/n-quads": "nq", "text/turtle": "ttl"}


@router.get("/health", summary="Liveness and size of the store")
def health(services: Annotated[Services, Depends(get_services)]) -> JSONResponse:
    """Whether the service answers, how many quads and graphs it holds, and how many canned
    answers it keeps for the data as it is now."""
    return JSONResponse(
        {
            "status": "ok",
            "quads": services.quad_count(),
            "graphs": len(services.graph_names()),
            "kept_answers": services.answers.kept(services.generation),
        }
    )


@router.get("/data", summary="The whole dataset (dump)")
def dump(request: Request, services: Annotated[Services, Depends(get_services)]) -> Response:
    """Every quad as TriG or N-Quads (named graphs kept), or Turtle (the union, as one graph)."""
    name = request.query_params.get("format")
    accept = format_to_accept(name) if name else request.headers.get("accept")
    media_type = choose(accept, DATASET_TYPES)
    if media_type == "text/turtle":
        union = services.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        body = write_rdf(list(union), DATASET_FORMATS[media_type])
    else:
        body = write_rdf(services.store.quads(), DATASET_FORMATS[media_type])
    filename = f"hlm-knowledge-graph.{EXTENSIONS[media_type]}"
    return Response(
        body,
        media_type=media_type,
        headers={"Vary": "Accept", "Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/.well-known/void", summary="VoID and DCAT description of the dataset")
def void(request: Request, services: Annotated[Services, Depends(get_services)]) -> Response:
    """The dataset described for catalogues: size, partitions, subsets, endpoint and dumps."""
    name = request.query_params.get("format")
    accept = format_to_accept(name, graph=True) if name else request.headers.get("accept")
    media_type = choose(accept, GRAPH_TYPES)
    body = write_rdf(void_triples(services, str(request.base_url)), GRAPH_FORMATS[media_type])
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})
