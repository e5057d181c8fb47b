"""Pages for people: the home page with the query editor, search, the partnership explorer, assets.

The editor is YASGUI and the explorer draws with cytoscape.js; both come from npm (``npm ci``
installs them into ``node_modules``) and are served from here, so the pages work with no internet
access. Only the files named in ``VENDOR_FILES`` are reachable: ``node_modules`` is not a web root.
Our own scripts live in ``graphsvc/static`` and read their settings from a JSON block in the page,
so the Content-Security-Policy can forbid inline scripts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from markupsafe import Markup

from ...errors import GraphSvcError, NotFound
from ...query.canned import CannedQuery, bound_query
from ...rdf.rdfio import PREFIXES
from ...settings import SHIPPED_DIR
from ..dashboard import dataset_summary, search_labels
from ..pages import render
from ..services import Services, get_services

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# Public name → path under node_modules. Nothing else there is served. The list is a data file
# because the wheel build (setup.py) copies the same files into the package.
VENDOR_FILES: dict[str, str] = json.loads(
    (SHIPPED_DIR / "vendor-files.json").read_text(encoding="utf-8")
)
# Which page needs which package file, to say on the page what is missing.
PAGE_ASSETS = {
    "home.html": ("yasgui.min.js", "yasgui.min.css"),
    "explore.html": ("cytoscape.min.js",),
    "docs.html": ("swagger-ui-bundle.js", "swagger-ui.css"),
}
log = logging.getLogger("graphsvc.ui")


def missing_assets(node_modules: Path, names: Iterable[str] = VENDOR_FILES) -> list[str]:
    """The front-end files (public names) not installed under ``node_modules``."""
    return [name for name in names if not (node_modules / VENDOR_FILES[name]).is_file()]


def warn_missing_assets(node_modules: Path) -> list[str]:
    """Log once, at start-up, which pages will not work and how to install what they need."""
    missing = missing_assets(node_modules)
    if missing:
        log.warning(
            "front-end files missing under %s: %s. The query editor, the explorer and /docs "
            "need them: run `npm ci` in the project folder, or set GRAPHSVC_NODE_MODULES to a "
            "node_modules holding the packages of package.json.",
            node_modules,
            ", ".join(VENDOR_FILES[name] for name in missing),
        )
    return missing


EDITOR_PREFIXES = ("hlm", "org", "prov", "schema", "oa", "rdfs", "skos", "xsd")
DEFAULT_QUERY_BODY = """SELECT ?agreement ?label ?date WHERE {
  ?agreement a hlm:Agreement ; rdfs:label ?label .
  OPTIONAL { ?agreement hlm:atEvent/schema:startDate ?date }
}
ORDER BY ?date
LIMIT 100"""


def json_block(data: Any) -> Markup:
    """Data for a page's script, safe inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def prefix_lines() -> str:
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in EDITOR_PREFIXES if p in PREFIXES)


def examples(queries: list[CannedQuery], base: str) -> list[dict[str, str]]:
    """The canned queries as ready-to-run editor examples, their defaults bound."""
    listed = []
    for query in queries:
        try:
            text = bound_query(query, {}, base)
        except GraphSvcError:
            text = query.text  # a required parameter without default: shown, to be filled in
        listed.append({"name": query.name, "summary": query.summary, "query": text})
    return listed


def editor_page(request: Request) -> HTMLResponse:
    """The home page: what the dataset holds, a search box, and the SPARQL editor.

    Also what ``/sparql`` answers a browser that asks without a query.
    """
    services: Services = request.app.state.services
    base = services.settings.base_iri
    config = {
        "endpoint": str(request.url_for("sparql_get")),
        "query": prefix_lines() + "\n" + DEFAULT_QUERY_BODY,
        "examples": examples(services.extras.get("canned", []), base),
        "maxRows": services.settings.max_rows,
    }
    html = render(
        "home.html",
        base,
        summary=dataset_summary(services),
        config=json_block(config),
        missing=missing_assets(services.settings.node_modules, PAGE_ASSETS["home.html"]),
    )
    return HTMLResponse(html)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """Home page: dataset summary, search and the query editor."""
    return editor_page(request)


@router.get("/search", response_class=HTMLResponse)
def search(
    services: Annotated[Services, Depends(get_services)],
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """Labels and aliases containing the text, accents and case ignored."""
    text = q.strip()
    hits = search_labels(services, text) if text else []
    html = render("search.html", services.settings.base_iri, q=text, hits=hits)
    return HTMLResponse(html)


DRAWN_EDGES = 2000  # more make cytoscape's layout take minutes; the strongest are drawn


def _positive(value: str | None, default: int) -> int:
    """A positive integer from a query parameter; the default for anything else."""
    return int(value) if value is not None and value.isdigit() and int(value) > 0 else default


@router.get("/explore", response_class=HTMLResponse)
def explore(request: Request, services: Annotated[Services, Depends(get_services)]) -> HTMLResponse:
    """The partnership network, drawn from the partnership-network canned query."""
    base = services.settings.base_iri
    summary = dataset_summary(services)
    config = {
        "network": "/queries/partnership-network",
        "partners": "/queries/partners",
        "centre": request.query_params.get(
            "actor", base + "id/organisation/banque-des-territoires"
        ),
        "base": base,
        "congresses": summary.congresses,
        "territories": summary.territories,
        "kinds": summary.agreement_kinds,
        "maxEdges": _positive(request.query_params.get("edges"), DRAWN_EDGES),
    }
    html = render(
        "explore.html",
        base,
        config=json_block(config),
        missing=missing_assets(services.settings.node_modules, PAGE_ASSETS["explore.html"]),
    )
    return HTMLResponse(html)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(services: Annotated[Services, Depends(get_services)]) -> HTMLResponse:
    """The OpenAPI document in Swagger UI, served from npm like the editor (FastAPI's own page
    loads it from a CDN with an inline script, which our Content-Security-Policy blocks)."""
    html = render(
        "docs.html",
        services.settings.base_iri,
        missing=missing_assets(services.settings.node_modules, PAGE_ASSETS["docs.html"]),
    )
    return HTMLResponse(html)


@router.get("/assets/vendor/{name}")
def vendor_asset(name: str, services: Annotated[Services, Depends(get_services)]) -> FileResponse:
    """A front-end package file installed by ``npm ci``."""
    relative = VENDOR_FILES.get(name)
    if relative is None:
        raise NotFound(f"no asset named {name!r}")
    path = services.settings.node_modules / relative
    if not path.is_file():
        raise NotFound(f"{name} is not installed: run `npm ci` in the project folder")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/assets/{name}")
def own_asset(name: str) -> FileResponse:
    """Our own scripts and styles (graphsvc/static)."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise NotFound(f"no asset named {name!r}")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})
