"""What a SPARQL request is, found by reading its tokens before anything is evaluated.

Oxigraph would happily follow ``SERVICE <http://…>`` (pyoxigraph ships an HTTP client) and
``LOAD <…>``: a user could make the server fetch internal URLs. So every query and update is
lexed first (comments, strings and IRIs skipped, so ``"SERVICE"`` in a literal or ``ex:service``
is not a keyword) and refused with 400 if it would reach out. The same pass tells a query from an
update (an update sent as a query gets a clear message, not a parser's) and lists the ``FROM``
graphs as the query means them: relative IRIs resolved against its ``BASE`` (or the request's
base), prefixed names expanded. Oxigraph reads a ``FROM`` graph from its own store only; one the
store lacks is empty, and the answer says so (``absent_graphs``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from ..errors import BadRequest
from .results import Term

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[A-Za-z\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*)?:[\w\-.:%\\\u00b7\u00c0-\uffff]*)
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_VERBS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class RequestShape:
    """What the lexer learnt: the form, whether it reaches out, the graphs named by ``FROM``."""

    form: str | None
    is_update: bool
    remote_calls: tuple[str, ...]
    from_graphs: tuple[str, ...]
    from_named_graphs: tuple[str, ...] = ()
    declares_base: bool = False

    @property
    def all_from_graphs(self) -> tuple[str, ...]:
        return self.from_graphs + self.from_named_graphs


def tokens(text: str) -> list[Token]:
    """Meaningful tokens of a SPARQL text (comments dropped)."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "comment":
            found.append(Token(kind, match.group(), match.start()))
    return found


def graph_iri(token: Token, base: str | None, prefixes: Mapping[str, str]) -> str | None:
    """The IRI a ``FROM`` / ``USING`` token names, as the parser resolves it; None if it cannot
    tell (an undeclared prefix: the parser will refuse the query itself)."""
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + local.replace("\\", "")
    return None


def shape_of(text: str, base_iri: str | None = None) -> RequestShape:
    """Read a query or update without evaluating it (``base_iri``: the request's base, which a
    ``BASE`` in the text overrides)."""
    form: str | None = None
    is_update = False
    remote: list[str] = []
    from_graphs: list[str] = []
    from_named: list[str] = []
    base = base_iri
    prefixes: dict[str, str] = {}
    items = tokens(text)
    for index, token in enumerate(items):
        if token.kind != "word":
            continue
        word = token.text.upper()
        following = items[index + 1 : index + 3]
        if word == "BASE" and following and following[0].kind == "iri":
            base = graph_iri(following[0], base, prefixes)
        if word == "PREFIX" and len(following) == 2 and following[1].kind == "iri":
            namespace = graph_iri(following[1], base, prefixes)
            if namespace is not None:
                prefixes[following[0].text.removesuffix(":")] = namespace
        if form is None and not is_update:
            if word in QUERY_FORMS:
                form = word
            elif word in UPDATE_VERBS:
                is_update = True
        if word in ("SERVICE", "LOAD"):
            remote.append(word)
        if word in ("FROM", "USING"):
            target = from_graphs
            if following and following[0].kind == "word" and following[0].text.upper() == "NAMED":
                following, target = following[1:], from_named
            named = graph_iri(following[0], base, prefixes) if following else None
            if named is not None:
                target.append(named)
    declares_base = any(t.kind == "word" and t.text.upper() == "BASE" for t in items)
    return RequestShape(
        form, is_update, tuple(remote), tuple(from_graphs), tuple(from_named), declares_base
    )


def check_query(text: str, base_iri: str | None = None) -> RequestShape:
    """Refuse, before evaluation, what a read-only query must not do."""
    shape = shape_of(text, base_iri)
    if shape.is_update:
        raise BadRequest(
            "this is a SPARQL update, not a query: send it with POST to /update "
            "(or /sparql as 'update=' / application/sparql-update) with the write token"
        )
    _refuse_remote(shape)
    return shape


def absent_graphs(shape: RequestShape, known: Collection[str]) -> list[str]:
    """The graphs a query reads (``FROM``, ``FROM NAMED``) that the store does not hold: Oxigraph
    reads them as empty, as Fuseki does; nothing is ever fetched."""
    return sorted({g for g in shape.all_from_graphs if g not in known})


def check_update(text: str) -> RequestShape:
    """Refuse an update that would fetch something (``LOAD``, ``SERVICE``)."""
    shape = shape_of(text)
    _refuse_remote(shape)
    return shape


def with_using(text: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """Apply the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` to an update.

    The SPARQL 1.1 Protocol defines them as ``USING`` / ``USING NAMED`` clauses on every
    operation with a ``WHERE`` (not the ``DELETE WHERE`` shorthand, which takes none). An update
    that already says ``USING`` or ``WITH`` conflicts with them: 400, as the protocol requires.
    """
    if not using and not using_named:
        return text
    items = tokens(text)
    words = [t.text.upper() for t in items if t.kind == "word"]
    if "USING" in words or "WITH" in words:
        raise BadRequest(
            "the update has its own USING or WITH clause; it cannot also take "
            "using-graph-uri / using-named-graph-uri"
        )
    clauses = " ".join(
        [f"USING <{_iri(g)}>" for g in using] + [f"USING NAMED <{_iri(g)}>" for g in using_named]
    )
    depth = 0
    cuts: list[int] = []
    previous: Token | None = None
    for token in items:
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif (
            token.kind == "word"
            and token.text.upper() == "WHERE"
            and depth == 0
            and not (previous is not None and previous.text.upper() == "DELETE")
        ):
            cuts.append(token.start)
        previous = token
    for cut in reversed(cuts):
        text = f"{text[:cut]}{clauses} {text[cut:]}"
    return text


def _iri(value: str) -> str:
    """An IRI given as a parameter, refused if it could break out of ``<…>``."""
    if not value or any(c in value for c in '<>"{}|^`\\ ') or any(ord(c) < 0x21 for c in value):
        raise BadRequest(f"not a valid IRI: {value!r}")
    return value


def _refuse_remote(shape: RequestShape) -> None:
    if shape.remote_calls:
        raise BadRequest(
            f"{shape.remote_calls[0]} is not allowed here: this service never fetches remote "
            "data on a user's behalf"
        )


def values_block(substitutions: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` from terms: their N-Triples form is escaped SPARQL."""
    names = " ".join(f"?{name}" for name in substitutions)
    row = " ".join(str(term) for term in substitutions.values())
    return f"VALUES ({names}) {{ ({row}) }}"


@dataclass(frozen=True)
class BindingPlan:
    """Where a query's parameters go, read once per query text (``binding_plan``)."""

    values_at: int | None  # just inside the top-level WHERE group's brace; None: no such group
    in_place: tuple[tuple[int, int, str], ...]  # (start, end, name) of variables a term may replace


@functools.lru_cache(maxsize=256)
def binding_plan(sparql: str) -> BindingPlan:
    """The plan for binding ``sparql``'s variables: lexing a canned query on every request took
    0.37 ms (partners), more than some canned queries take to run."""
    items = tokens(sparql)
    kept = variable_only(items)
    in_place = tuple(
        (token.start, token.start + len(token.text), token.text[1:])
        for index, token in enumerate(items)
        if token.kind == "var" and index not in kept
    )
    return BindingPlan(_values_offset(items), in_place)


def bind_values(sparql: str, substitutions: Mapping[str, Term] | None) -> str:
    """Bind variables to terms: a ``VALUES`` block at the start of the top-level ``WHERE``
    group, and the term written in place of the variable wherever the grammar takes a term.

    The ``VALUES`` block alone gives the meaning; the terms in place make it fast. Oxigraph does
    not carry a binding into a ``UNION`` or a subquery: the ``agreement`` canned query took
    304 ms with the block alone and 15.6 ms with the term in place (100k triples). The variable
    stays where only a variable may stand (projections, ``AS``, ``BOUND``, ``VALUES`` headers,
    bare ``GROUP BY`` / ``ORDER BY`` keys), and there the block binds it.
    """
    if not substitutions:
        return sparql
    plan = binding_plan(sparql)
    edits = [_values_edit(plan, substitutions)]
    for start, end, name in plan.in_place:
        term = substitutions.get(name)
        if term is not None:
            edits.append((start, end, str(term)))
    return _apply(sparql, edits)


def insert_values(sparql: str, substitutions: Mapping[str, Term]) -> str:
    """The ``VALUES`` block alone, at the start of the top-level ``WHERE`` group: what the
    bindings mean (``bind_values`` gives the same answers faster)."""
    return _apply(sparql, [_values_edit(binding_plan(sparql), substitutions)])


Edit = tuple[int, int, str]  # replace text[start:end] by the string


def _apply(text: str, edits: list[Edit]) -> str:
    pieces: list[str] = []
    last = 0
    for start, end, replacement in sorted(edits):
        pieces += [text[last:start], replacement]
        last = end
    return "".join(pieces) + text[last:]


def _values_edit(plan: BindingPlan, substitutions: Mapping[str, Term]) -> Edit:
    """The ``VALUES`` block, inserted just inside the top-level ``WHERE`` group's brace."""
    if plan.values_at is None:
        raise BadRequest("cannot bind parameters: the query has no WHERE group")
    return (plan.values_at, plan.values_at, f" {values_block(substitutions)} ")


def _values_offset(items: list[Token]) -> int | None:
    """Just inside the top-level ``WHERE`` group's brace (the first top-level group if the
    query leaves ``WHERE`` out)."""
    after_where = any(t.kind == "word" and t.text.upper() == "WHERE" for t in items)
    depth = 0
    seen_where = False
    for token in items:
        if token.kind == "word" and token.text.upper() == "WHERE" and depth == 0:
            seen_where = True
        if token.text == "{":
            if depth == 0 and (seen_where or not after_where):
                return token.start + 1
            depth += 1
        elif token.text == "}":
            depth -= 1
    return None


def variable_only(items: list[Token]) -> set[int]:
    """Indexes of the variable tokens that the grammar requires to stay variables."""
    kept: set[int] = set()
    projection = False  # between SELECT and its WHERE group
    values_header = False  # between VALUES and its data block
    key_clause = False  # in GROUP BY / ORDER BY
    parens = 0
    for index, token in enumerate(items):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "SELECT":
            projection, parens = True, 0
        elif word == "VALUES":
            values_header = True
        elif word == "BY" and index and items[index - 1].text.upper() in ("GROUP", "ORDER"):
            key_clause, parens = True, 0
        elif word in ("WHERE", "FROM", "HAVING", "LIMIT", "OFFSET") or token.text in ("{", "}"):
            projection = key_clause = False
            if token.text == "{":
                values_header = False
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        if token.kind != "var":
            continue
        before = items[index - 1].text.upper() if index else ""
        bound_call = index > 1 and before == "(" and items[index - 2].text.upper() == "BOUND"
        if (
            before == "AS"
            or bound_call
            or values_header
            or (projection and parens == 0)
            or (key_clause and parens == 0)
        ):
            kept.add(index)
    return kept
