"""The SPARQL 1.1 Protocol: query (GET, POST form, POST direct) and update (with the token).

Every request is read once, by hand, from the raw query string and body: a form body is decoded
exactly once (a known peer bug is decoding it twice, which breaks ``+`` and ``%``), repeated
``query`` parameters are an error rather than "the last one wins", and SPARQLWrapper's extra
``format``/``output``/``results`` parameters pick the format. Queries are lexed before anything runs
(``sparql_text``), then answered by a killable worker. Updates go through the ingest pipeline
(``graphsvc.ingest.update``): staged, SHACL-validated, reasoned, swapped in, or refused with 422.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ...errors import BadRequest, UnsupportedMediaType
from ...ingest.update import apply_update
from ...query.negotiation import (
    GRAPH_TYPES,
    choose,
    format_to_any_accept,
    parse_accept,
    quality,
)
from ...query.querying import QueryJob
from ...rdf.sparql_text import (
    RequestShape,
    absent_graphs,
    check_query,
    check_update,
    with_using,
)
from ...store.oxigraph import Dataset
from ..auth import require_token
from ..responses import answer_response
from ..service_description import service_description
from ..services import Services, get_services
from .ui import editor_page

router = APIRouter(tags=["sparql"])

Params = list[tuple[str, str]]
FORMAT_PARAMETERS = ("format", "output", "results")
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


def parse_params(raw: str | bytes) -> Params:
    """Decode a query string or form body once, keeping repeats and empty values."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as error:
        raise BadRequest(f"parameters are not valid UTF-8: {error}") from None


def single(params: Params, name: str) -> str | None:
    """The one value of a parameter; 400 if it is given more than once."""
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise BadRequest(f"the '{name}' parameter is given {len(values)} times; give it once")
    return values[0] if values else None


def dataset_of(params: Params, shape: RequestShape) -> Dataset | None:
    """The RDF dataset: the protocol's ``default-graph-uri`` / ``named-graph-uri`` if given (they
    override the query's), else the query's ``FROM`` / ``FROM NAMED``, else the service default
    (``None``: the union of all graphs). As the specs say, naming only named graphs leaves the
    default graph empty."""
    default = tuple(v for k, v in params if k == "default-graph-uri")
    named = tuple(v for k, v in params if k == "named-graph-uri")
    if not default and not named:
        default, named = shape.from_graphs, shape.from_named_graphs
    if not default and not named:
        return None
    return Dataset(default_graphs=default, named_graphs=named)


def accept_of(request: Request, params: Params) -> str:
    """The Accept to negotiate with: a format parameter wins over the header.

    ``format=json`` must work for SELECT and for CONSTRUCT alike, so a short name that means
    different media types for solutions and graphs asks for both.
    """
    for name in FORMAT_PARAMETERS:
        value = single(params, name)
        if value:
            return format_to_any_accept(value)
    return request.headers.get("accept", "*/*")


def media_type_of(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def endpoint_of(request: Request) -> str:
    """The endpoint's own URL: the base IRI relative IRIs in a request resolve against."""
    return str(request.url.replace(query=""))


def wants_html(accept: str) -> bool:
    """A browser: it ranks text/html above every RDF format we could send."""
    ranges = parse_accept(accept)
    html = quality(ranges, "text/html")
    return html > 0 and all(html > quality(ranges, t) for t in GRAPH_TYPES if t != "text/plain")


def _run(services: Services, text: str, params: Params, accept: str, base_iri: str) -> Response:
    settings = services.settings
    if len(text) > settings.max_query_length:
        raise BadRequest(
            f"the query is {len(text)} characters long; the limit is {settings.max_query_length}"
        )
    if not text.strip():
        raise BadRequest("the 'query' parameter is empty")
    shape = check_query(text, base_iri)
    job = QueryJob(text, accept, dataset_of(params, shape), None, settings.max_rows, base_iri)
    response = answer_response(services.run_query(job), settings.max_rows)
    absent = absent_graphs(shape, services.graph_names()) if shape.all_from_graphs else []
    if absent:
        said = ", ".join(f"<{g}>" for g in absent)
        warning = f'199 graphsvc "no such graph in this store, read as empty: {said}"'
        previous = response.headers.get("Warning")
        response.headers["Warning"] = f"{previous}, {warning}" if previous else warning
    return response


def _describe_service(request: Request, services: Services, accept: str) -> Response:
    if wants_html(accept):
        return editor_page(request)
    media_type = choose(accept, GRAPH_TYPES)
    body = service_description(services, endpoint_of(request), media_type)
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


@router.get(
    "/sparql",
    summary="SPARQL query (GET); service description or query editor without a query",
)
def sparql_get(request: Request, services: Annotated[Services, Depends(get_services)]) -> Response:
    """SPARQL 1.1 Protocol query via GET."""
    params = parse_params(request.url.query)
    if single(params, "update") is not None:
        raise BadRequest("SPARQL Update is not allowed via GET; POST it to /update with the token")
    accept = accept_of(request, params)
    query = single(params, "query")
    if query is None:
        return _describe_service(request, services, accept)
    return _run(services, query, params, accept, endpoint_of(request))


@router.post("/sparql", summary="SPARQL query or update (POST form or direct body)")
async def sparql_post(
    request: Request, services: Annotated[Services, Depends(get_services)]
) -> Response:
    """SPARQL 1.1 Protocol query or update via POST."""
    url_params = parse_params(request.url.query)
    media_type = media_type_of(request)
    body = await request.body()
    if media_type == FORM:
        params = parse_params(body)
        query, update = single(params, "query"), single(params, "update")
        if query is not None and update is not None:
            raise BadRequest("give either 'query' or 'update', not both")
        if update is not None:
            return await _update(request, services, update, url_params + params)
        if query is None:
            raise BadRequest("the form has neither a 'query' nor an 'update' parameter")
        all_params = url_params + params
        accept = accept_of(request, all_params)
        return _run(services, query, all_params, accept, endpoint_of(request))
    if media_type == QUERY_TYPE:
        if single(url_params, "query") is not None:
            raise BadRequest("the query is in the body; do not also give a 'query' parameter")
        accept = accept_of(request, url_params)
        return _run(services, _utf8(body), url_params, accept, endpoint_of(request))
    if media_type == UPDATE_TYPE:
        return await _update(request, services, _utf8(body), url_params)
    raise UnsupportedMediaType(
        f"POST /sparql takes {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}, "
        f"not {media_type or 'a body without Content-Type'}"
    )


@router.post("/update", summary="SPARQL update (needs the write token)")
async def update_post(
    request: Request, services: Annotated[Services, Depends(get_services)]
) -> Response:
    """SPARQL 1.1 Protocol update via POST (form ``update=`` or application/sparql-update)."""
    url_params = parse_params(request.url.query)
    media_type = media_type_of(request)
    body = await request.body()
    if media_type == FORM:
        params = parse_params(body)
        update = single(params, "update")
        if update is None:
            raise BadRequest("the form has no 'update' parameter")
        return await _update(request, services, update, url_params + params)
    if media_type == UPDATE_TYPE:
        return await _update(request, services, _utf8(body), url_params)
    raise UnsupportedMediaType(f"POST /update takes {FORM} or {UPDATE_TYPE}, not {media_type!r}")


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the request body is not valid UTF-8: {error}") from None


async def _update(request: Request, services: Services, text: str, params: Params) -> Response:
    """Check the request, then write on a worker thread: staging, validating and reasoning take
    seconds on a big store, and the event loop keeps serving reads meanwhile."""
    require_token(request, services.settings)
    if not text.strip():
        raise BadRequest("the update is empty")
    if len(text) > services.settings.max_query_length:
        raise BadRequest(f"the update is longer than {services.settings.max_query_length} chars")
    check_update(text)
    using = tuple(v for k, v in params if k == "using-graph-uri")
    using_named = tuple(v for k, v in params if k == "using-named-graph-uri")
    text = with_using(text, using, using_named)
    await run_in_threadpool(_write, services, text, endpoint_of(request))
    return Response(status_code=204)


def _write(services: Services, update: str, base_iri: str) -> None:
    with services.write_lock:
        report = apply_update(services.store, update, services.settings, base_iri=base_iri)
        if report.changed or not report.validated:
            services.written(reasoned=True)
