"""Canned queries over HTTP: ``/queries`` lists them, ``/queries/{name}`` runs one.

Each query becomes its own operation in the OpenAPI document, with its parameters typed,
defaulted and enumerated as its header says, so API clients and the docs page see them as they
see any endpoint. Answers are negotiated like /sparql answers (``Accept`` or ``?format=``).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ...query.answer_cache import Served
from ...query.canned import CannedQuery, Parameter, canned_job, load_folder, rebase_default
from ...query.negotiation import choose, format_to_any_accept
from ..pages import render
from ..responses import answer_response
from ..services import Services, get_services

router = APIRouter(tags=["canned queries"])

SCHEMA_FORMATS = {"iri": "uri", "xsd_date": "date"}
SCHEMA_TYPES = {"integer": "integer", "decimal": "number", "boolean": "boolean"}


def parameter_schema(parameter: Parameter, base: str) -> dict[str, Any]:
    """The OpenAPI schema of one parameter (sent as a string, checked by its RDF type)."""
    schema: dict[str, Any] = {"type": SCHEMA_TYPES.get(parameter.kind, "string")}
    if parameter.kind in SCHEMA_FORMATS:
        schema["format"] = SCHEMA_FORMATS[parameter.kind]
    if parameter.enum:
        schema["enum"] = list(parameter.enum)
    if parameter.default is not None:
        schema["default"] = rebase_default(parameter.default, base)
    return schema


def describe(query: CannedQuery, base: str, root: str) -> dict[str, Any]:
    """What the index says of a query."""
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "form": query.form,
        "url": f"{root}queries/{query.name}",
        "parameters": [
            {
                "name": p.name,
                "type": p.kind,
                "required": p.required and p.default is None,
                **({"default": rebase_default(p.default, base)} if p.default is not None else {}),
                **({"enum": list(p.enum)} if p.enum else {}),
            }
            for p in query.parameters
        ],
        "query": query.text,
    }


def make_endpoint(query: CannedQuery, base: str) -> Callable[..., Awaitable[Response]]:
    """A route function whose signature declares the query's parameters to FastAPI."""

    async def route(request: Request, services: Services, **values: str | None) -> Response:
        """A kept answer is sent from the event loop; computing one waits in a thread."""
        name = values.pop("format", None)
        accept = format_to_any_accept(name) if name else request.headers.get("accept", "*/*")
        settings = services.settings
        job = canned_job(query, values, accept, settings.base_iri, settings.max_rows)
        kept = services.kept_canned(job)
        served = (
            Served(kept, hit=True)
            if kept is not None
            else await run_in_threadpool(services.run_canned, job)
        )
        response = answer_response(served.answer, services.settings.max_rows)
        response.headers["X-Cache"] = "hit" if served.hit else "miss"
        return response

    signature = [
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter(
            "services",
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=Annotated[Services, Depends(get_services)],
        ),
    ]
    for parameter in query.parameters:
        schema = parameter_schema(parameter, base)
        default = rebase_default(parameter.default, base) if parameter.default else None
        signature.append(
            inspect.Parameter(
                parameter.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=default,
                annotation=Annotated[
                    str | None,
                    Query(
                        description=f"{parameter.kind}"
                        + (
                            " (required)"
                            if parameter.required and parameter.default is None
                            else ""
                        ),
                        json_schema_extra=schema,
                    ),
                ],
            )
        )
    signature.append(
        inspect.Parameter(
            "format",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                Query(description="json, xml, csv, tsv (SELECT/ASK); ttl, jsonld, nt (CONSTRUCT)"),
            ],
        )
    )

    route.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    route.__name__ = f"query_{query.name.replace('-', '_')}"
    return route


def install(app: FastAPI, services: Services) -> None:
    """Load and check every canned query, then add one operation per query.

    A broken file raises ``CannedQueryError`` here, so the service does not start.
    """
    queries = load_folder(services.settings.queries_dir)
    services.extras["canned"] = queries
    base = services.settings.base_iri
    for query in queries:
        app.add_api_route(
            f"/queries/{query.name}",
            make_endpoint(query, base),
            methods=["GET"],
            summary=query.summary,
            description=query.description,
            tags=["canned queries", *query.tags],
            operation_id=f"query_{query.name.replace('-', '_')}",
        )


@router.get("/queries", summary="The canned queries, with their parameters")
def index(request: Request, services: Annotated[Services, Depends(get_services)]) -> Response:
    """JSON for programs, a page for people."""
    queries: list[CannedQuery] = services.extras.get("canned", [])
    root = str(request.base_url)
    listing = [describe(q, services.settings.base_iri, root) for q in queries]
    if choose(request.headers.get("accept"), ("application/json", "text/html")) == "text/html":
        html = render("queries.html", services.settings.base_iri, queries=listing)
        return HTMLResponse(html, headers={"Vary": "Accept"})
    return JSONResponse(listing, headers={"Vary": "Accept"})
