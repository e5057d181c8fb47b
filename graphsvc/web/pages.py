"""HTML pages: one Jinja environment with autoescape, and the helpers templates use.

Everything from the data reaches a page through autoescaping or ``markupsafe.escape``: a label with
``<script>`` or an IRI with a quote is shown, never run. IRIs under the service's base become local
links, so browsing the graph stays on this service whatever base it is configured with.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..iris import CANONICAL_BASE
from ..rdf.rdfio import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("graphsvc.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def short(iri: str) -> str:
    """A prefixed name when a known prefix fits (``hlm:Convention``), else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def local_link(iri: str, base: str) -> str:
    """Where to browse ``iri``: a path on this service for our own IRIs, the IRI otherwise."""
    for root in (base, CANONICAL_BASE):
        if iri.startswith(root + "id/") or iri.startswith(root + "def/"):
            return "/" + iri[len(root) :]
    return iri


def term_html(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, base: str) -> Markup:
    """A term as safe HTML: links for IRIs, text with language or datatype for literals."""
    if isinstance(term, ox.NamedNode):
        return Markup('<a href="{}">{}</a>').format(local_link(term.value, base), short(term.value))
    if isinstance(term, ox.BlankNode):
        return Markup('<span class="iri">_:{}</span>').format(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Markup('{} <span class="lang">@{}</span>').format(term.value, term.language)
        if term.datatype.value != XSD_STRING:
            return Markup('{} <span class="lang">{}</span>').format(
                term.value, short(term.datatype.value)
            )
        return Markup("{}").format(term.value)
    return Markup("« {} {} {} »").format(
        term_html(term.subject, base), term_html(term.predicate, base), term_html(term.object, base)
    )


def render(template: str, base: str, **context: Any) -> str:
    """Render a template with the link helpers bound to the service's base."""
    return (
        environment()
        .get_template(template)
        .render(
            short=short,
            link=lambda iri: local_link(iri, base),
            value=lambda term: term_html(term, base),
            escape=escape,
            **context,
        )
    )
