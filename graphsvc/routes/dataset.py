"""Dataset-level routes: health (dumps, VoID/DCAT come with the linked-data work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from ..services import Services, get_services

router = APIRouter()


@router.get("/health", tags=["dataset"], summary="Liveness and size of the store")
def health(services: Annotated[Services, Depends(get_services)]) -> JSONResponse:
    """Whether the service answers, and how many quads and graphs it holds."""
    store = services.store
    return JSONResponse({"status": "ok", "quads": len(store), "graphs": len(store.graph_names())})
