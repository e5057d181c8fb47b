"""The FastAPI application factory: no work at import time, settings passed in.

``create_app(settings, store)`` wires the routers, the one error handler (plain text, or JSON for
an error that has details when the client asks for JSON) and CORS for reads. The store is opened
by the caller (CLI or test), so a test can hand in an in-memory store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from .. import __version__
from ..errors import GraphSvcError
from ..iris import GraphNames
from ..query.executor import WorkerPool
from ..query.negotiation import parse_accept, quality
from ..settings import Settings
from ..store.oxigraph import GraphStore
from .middleware import BodyLimitMiddleware, HeadMiddleware, SecurityHeadersMiddleware
from .routes import dataset, graph_store, queries, resources, sparql, ui
from .services import Services


def wants_json(accept: str) -> bool:
    """Whether a client ranks ``application/json`` above the plain text errors are written in
    (``*/*`` or no Accept at all: text)."""
    ranges = parse_accept(accept)
    return quality(ranges, "application/json") > quality(ranges, "text/plain")


async def _graphsvc_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, GraphSvcError)
    details = error.details()
    if details is not None and wants_json(request.headers.get("accept", "*/*")):
        headers = {**error.headers, "Vary": "Accept"}
        return JSONResponse(details, status_code=error.status, headers=headers)
    headers = {**error.headers, "Vary": "Accept"} if details is not None else error.headers
    return PlainTextResponse(error.message + "\n", status_code=error.status, headers=headers)


def create_app(settings: Settings, store: GraphStore, workers: WorkerPool | None = None) -> FastAPI:
    """Build the service over an open store (and its query workers, if already started)."""
    services = Services(
        settings=settings, store=store, graphs=GraphNames(settings.base_iri), workers=workers
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # web/routes/ui.py serves /docs from npm files, offline and CSP-clean
        redoc_url=None,
        title="HLM knowledge graph",
        version=__version__,
        description=(
            "French social housing actors and the agreements they sign, as linked data: "
            "a SPARQL 1.1 endpoint, canned queries, dereferenceable resources and dumps."
        ),
    )
    app.state.services = services
    ui.warn_missing_assets(settings.node_modules)
    app.add_exception_handler(GraphSvcError, _graphsvc_error)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        expose_headers=[
            "Content-Type",
            "Vary",
            "X-Result-Limit",
            "X-Result-Truncated",
            "X-Cache",
            "Warning",
        ],
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(HeadMiddleware)
    for module in (sparql, graph_store, queries, resources, dataset, ui):
        app.include_router(module.router)
    queries.install(app, services)
    return app
