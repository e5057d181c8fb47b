"""Pages for people: the query editor (home page and ``/sparql`` for browsers)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter()

_EDITOR = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>HLM knowledge graph — SPARQL</title></head>
<body><h1>HLM knowledge graph — SPARQL query</h1>
<form method="get" action="/sparql">
<textarea name="query" rows="12" cols="100">SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea><br>
<button type="submit">Run</button></form></body></html>
"""


def editor_page(request: Request) -> HTMLResponse:
    """The SPARQL query editor, shared by ``/`` and by ``/sparql`` when a browser asks."""
    return HTMLResponse(_EDITOR)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    """Home page: the query editor."""
    return editor_page(request)
