"""Canned queries (queries/*.rq): grlc-style files, loaded and checked once, served as operations.

A file is a SPARQL query with a header of ``#+ `` lines (YAML once the marker is removed):
``summary``, ``description``, ``tags``, ``defaults`` and ``enumerate``, as grlc reads them, so the
folder also works with grlc. Parameters follow grlc's naming: ``?_name_type`` is required,
``?__name_type`` optional; the type is ``iri``, ``literal``, ``integer``, ``decimal``,
``boolean``, ``xsd_date`` or a language tag (``fr``).

Values are never pasted into the query text as given. Each is parsed by its type into an RDF term
and the terms are bound by ``sparql_text.bind_values`` (a ``VALUES`` block, and the term in place
of the variable where the grammar allows), written from the terms' escaped N-Triples form: a
value holding quotes, ``>`` or ``}`` stays one literal or is refused.
A broken file stops start-up with its name and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from ..errors import BadRequest, CannedQueryError
from ..iris import CANONICAL_BASE
from ..rdf.results import Term
from ..rdf.sparql_text import bind_values, shape_of
from .negotiation import BOOLEAN_TYPES, GRAPH_TYPES, SOLUTION_TYPES, choose
from .querying import QueryJob

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAMETER = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*)(?:_([A-Za-z]+(?:_[A-Za-z]+)?))?\b")
TYPES = ("iri", "literal", "integer", "decimal", "boolean", "xsd_date")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a canned query, as its variable name and header declare it."""

    name: str
    variable: str
    kind: str
    required: bool
    default: str | None = None
    enum: tuple[str, ...] = ()

    @property
    def language(self) -> str | None:
        return self.kind if LANGUAGE.match(self.kind) and self.kind not in TYPES else None


@dataclass(frozen=True)
class CannedQuery:
    """A query file, checked: what the index, the OpenAPI and the route need."""

    name: str
    path: Path
    summary: str
    description: str
    tags: tuple[str, ...]
    text: str
    form: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)


def header_and_body(text: str) -> tuple[str, str]:
    """Split the ``#+`` header (YAML without the markers) from the query."""
    header: list[str] = []
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines) and lines[index].startswith("#+"):
        header.append(lines[index][3:] if lines[index].startswith("#+ ") else lines[index][2:])
        index += 1
    return "".join(header), "".join(lines[index:])


def _mapping_list(value: Any, key: str, where: str) -> dict[str, Any]:
    """grlc writes ``defaults`` and ``enumerate`` as a list of one-key mappings."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        merged: dict[str, Any] = {}
        for item in value:
            merged.update(item)
        return merged
    raise CannedQueryError(f"{where}: '{key}' must be a list of 'name: value' entries")


def parse_parameters(
    body: str, defaults: Mapping[str, Any], enums: Mapping[str, Any], where: str
) -> tuple[Parameter, ...]:
    """The parameters the query's variables declare, in order of first appearance."""
    found: dict[str, Parameter] = {}
    for match in PARAMETER.finditer(body):
        underscores, name, kind = match.group(1), match.group(2), match.group(3) or "literal"
        if name in found:
            continue
        if kind not in TYPES and not LANGUAGE.match(kind):
            raise CannedQueryError(
                f"{where}: parameter ?{match.group(0)[1:]} has unknown type {kind!r}"
            )
        default = defaults.get(name)
        enum = tuple(str(v) for v in enums.get(name, []) or [])
        parameter = Parameter(
            name=name,
            variable=match.group(0)[1:],
            kind=kind,
            required=underscores == "_",
            default=None if default is None else str(default),
            enum=enum,
        )
        for value in ([parameter.default] if parameter.default is not None else []) + list(enum):
            try:
                to_term(parameter, value)
            except BadRequest as error:
                raise CannedQueryError(f"{where}: {error.message}") from None
        found[name] = parameter
    unknown = (set(defaults) | set(enums)) - set(found)
    if unknown:
        raise CannedQueryError(
            f"{where}: defaults/enumerate for unknown parameters {sorted(unknown)}"
        )
    return tuple(found.values())


def to_term(parameter: Parameter, value: str) -> Term:
    """A parameter value as an RDF term of its declared type; 400 naming the parameter if not."""

    def refuse(why: str) -> BadRequest:
        return BadRequest(f"parameter '{parameter.name}' ({parameter.kind}): {why}: {value[:80]!r}")

    if parameter.enum and value not in parameter.enum:
        raise refuse(f"must be one of {', '.join(parameter.enum)}")
    kind = parameter.kind
    if kind == "iri":
        if IRI_FORBIDDEN.search(value) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
            raise refuse("not an absolute IRI")
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise refuse("not an absolute IRI") from None
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", value):
            raise refuse("not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise refuse("not a decimal number") from None
        if not number.is_finite():
            raise refuse("not a finite decimal number")
        return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "decimal"))
    if kind == "boolean":
        if value not in ("true", "false"):
            raise refuse("not 'true' or 'false'")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
    if kind == "xsd_date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise refuse("not a date (YYYY-MM-DD)") from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if parameter.language:
        return ox.Literal(value, language=parameter.language)
    return ox.Literal(value)


def rebase_default(value: str, base: str) -> str:
    """Defaults name data IRIs under the canonical base; a service elsewhere serves them there."""
    old = CANONICAL_BASE + "id/"
    return base + "id/" + value[len(old) :] if value.startswith(old) else value


def load_query(path: Path) -> CannedQuery:
    """Read and check one file; ``CannedQueryError`` names the file (and line) if it is broken."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CannedQueryError(f"{where}: cannot read: {error}") from None
    name = path.stem
    if not NAME.match(name):
        raise CannedQueryError(f"{where}: file names are routes: lower-case letters, digits, '-'")
    header_text, body = header_and_body(text)
    try:
        header = yaml.safe_load(header_text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        last = max(1, header_text.count("\n"))
        line = f":{min(mark.line + 1, last)}" if mark is not None else ""
        raise CannedQueryError(f"{where}{line}: the #+ header is not valid YAML: {error}") from None
    if not isinstance(header, dict):
        raise CannedQueryError(f"{where}:1: the #+ header must be 'key: value' lines")
    defaults = _mapping_list(header.get("defaults"), "defaults", where)
    enums = _mapping_list(header.get("enumerate"), "enumerate", where)
    parameters = parse_parameters(body, defaults, enums, where)
    shape = shape_of(body)
    if shape.is_update or shape.form is None:
        raise CannedQueryError(
            f"{where}: a canned query must be SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    if shape.remote_calls:
        raise CannedQueryError(f"{where}: {shape.remote_calls[0]} is not allowed in a canned query")
    sample = {p.variable: to_term(p, p.default) for p in parameters if p.default is not None}
    try:
        ox.Store().query(bind_values(body, sample) if sample else body)
    except SyntaxError as error:
        raise CannedQueryError(f"{where}: the query does not parse: {error}") from None
    except BadRequest as error:
        raise CannedQueryError(f"{where}: {error.message}") from None
    tags = header.get("tags") or []
    return CannedQuery(
        name=name,
        path=path,
        summary=str(header.get("summary") or name),
        description=str(header.get("description") or ""),
        tags=tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])),
        text=body,
        form=shape.form,
        parameters=parameters,
    )


def load_folder(folder: Path) -> list[CannedQuery]:
    """Every ``.rq`` file of the folder, sorted by name (a missing folder holds none)."""
    if not folder.is_dir():
        return []
    return [load_query(path) for path in sorted(folder.glob("*.rq"))]


def canned_job(
    query: CannedQuery,
    values: Mapping[str, str | None],
    accept: str | None,
    base: str,
    max_rows: int,
) -> QueryJob:
    """The job answering a canned query request; 400 for a bad value, 406 for no format.

    The format is chosen here, not in the worker, so that requests asking for the same format in
    other words (``*/*``, a browser's list) share one kept answer.
    """
    offers = {"ASK": BOOLEAN_TYPES, "CONSTRUCT": GRAPH_TYPES, "DESCRIBE": GRAPH_TYPES}
    media_type = choose(accept, offers.get(query.form, SOLUTION_TYPES))
    return QueryJob(bound_query(query, values, base), media_type, None, None, max_rows)


def needs_no_value(query: CannedQuery) -> bool:
    """Whether the query runs as it is (every parameter optional or defaulted)."""
    return all(not p.required or p.default is not None for p in query.parameters)


def bound_query(query: CannedQuery, values: Mapping[str, str | None], base: str) -> str:
    """The query text with the given (or default) values bound; 400 for a bad or missing one."""
    terms: dict[str, Term] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name)
        if value is None or value == "":
            value = None if parameter.default is None else rebase_default(parameter.default, base)
        if value is None:
            if parameter.required:
                raise BadRequest(f"parameter '{parameter.name}' is required")
            continue
        terms[parameter.variable] = to_term(parameter, value)
    return bind_values(query.text, terms)
