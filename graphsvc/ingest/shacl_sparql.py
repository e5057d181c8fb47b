"""SHACL Core compiled to SPARQL and run inside Oxigraph.

pyshacl is the reference (and stays in the test suite as the oracle), but it walks the graph node
by node in Python: measured here 22 s for 100k triples, which puts a million out of reach. Our
shapes use a small part of SHACL Core, and each constraint of that part is one set-based SPARQL
query over the whole data graph: "every focus node whose values break the constraint". Oxigraph
answers each in milliseconds to seconds at 1M triples.

The queries read ``rdf:type`` as SHACL's ``rdf:type/rdfs:subClassOf*``: they run over a store
closed under the RDFS rules (``rules.RDFS_*``), where both are the same and the first is much
faster.

``compile_shapes`` turns a shapes graph into such queries, or raises ``Unsupported`` naming the
construct it does not implement (then the caller falls back to pyshacl rather than validate
wrongly). ``tests/ingest/test_shacl_sparql.py`` proves, on the curated graph, on generated graphs
and on broken variants of both, that the violations are exactly pyshacl's.

Supported: targets (``targetClass``, ``targetNode``, ``targetSubjectsOf``, ``targetObjectsOf``),
predicate and inverse paths, ``class``, ``datatype``, ``nodeKind``, ``pattern`` (+ ``flags``),
``minLength``, ``maxLength``, ``min/maxInclusive``, ``min/maxExclusive``, ``in``, ``hasValue``,
``minCount``, ``maxCount``, ``lessThan``, ``lessThanOrEquals``, ``equals``, ``disjoint``, ``not``,
``and``, ``or``, ``node``, ``qualifiedValueShape`` with ``qualifiedMin/MaxCount``, ``message``,
``severity``, ``deactivated``. Inside ``not``/``or``/``and``/``node`` a nested count is limited to
0 or 1 (a FILTER cannot group).

Oxigraph stores numbers by value: ``"5"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer``.
SHACL's ``sh:datatype`` needs the datatype as written, so ``kept_triples`` (``shacl_datatypes``)
keeps the derived integer types under a private datatype IRI and the compiled queries read them
back as integers.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from .shacl_datatypes import DERIVED_INTEGERS, KEPT_DATATYPE, XSD, keep_datatype

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

# Datatypes whose lexical form rdflib (and so pyshacl) checks: an ill-typed literal does not have
# the datatype it claims. gYear, gYearMonth and the like are not checked by rdflib; nor here.
CHECKED_DATATYPES = frozenset(
    XSD + name
    for name in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")
) | {XSD + "duration"}

VALUE_COMPONENTS = (
    "class",
    "datatype",
    "nodeKind",
    "pattern",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "in",
    "not",
    "and",
    "or",
    "node",
)
BOUNDS = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
PAIR_COMPONENTS = ("lessThan", "lessThanOrEquals", "equals", "disjoint")
KNOWN = frozenset(
    SH + name
    for name in (
        *VALUE_COMPONENTS,
        *PAIR_COMPONENTS,
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
        "path",
        "property",
        "hasValue",
        "minCount",
        "maxCount",
        "qualifiedValueShape",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "message",
        "severity",
        "deactivated",
        "flags",
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
    )
)


class Unsupported(Exception):
    """The shapes use a SHACL feature this compiler does not implement."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result, reduced to what a person needs to fix the file."""

    focus_node: str
    shape: str
    path: str | None
    message: str
    severity: str

    def describe(self) -> str:
        on = f" on {self.path}" if self.path else ""
        return f"shape <{self.shape}> failed for <{self.focus_node}>{on}: {self.message}"


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT whose rows (``?f`` first) are the failing focus nodes."""

    shape: str
    path: str | None
    message: str
    severity: str
    query: str


Term = ox.NamedNode | ox.BlankNode | ox.Literal


class ShapesGraph:
    """The shapes as an index subject → predicate → objects, with RDF list reading."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._index: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            if not isinstance(t.object, ox.Triple) and not isinstance(t.subject, ox.Triple):
                self._index[t.subject][t.predicate.value].append(t.object)

    def objects(self, node: Term, predicate: str) -> list[Term]:
        return list(self._index.get(node, {}).get(predicate, []))

    def one(self, node: Term, predicate: str) -> Term | None:
        values = self.objects(node, predicate)
        if len(values) > 1:
            raise Unsupported(f"<{node}> has several {predicate}")
        return values[0] if values else None

    def predicates(self, node: Term) -> list[str]:
        return list(self._index.get(node, {}))

    def items(self, head: Term) -> list[Term]:
        """The members of an RDF list."""
        found: list[Term] = []
        seen: set[Term] = set()
        while not (isinstance(head, ox.NamedNode) and head.value == RDF + "nil"):
            if head in seen:
                raise Unsupported("a cyclic RDF list")
            seen.add(head)
            first = self.one(head, RDF + "first")
            rest = self.one(head, RDF + "rest")
            if first is None or rest is None:
                raise Unsupported("a malformed RDF list")
            found.append(first)
            head = rest
        return found

    def subjects_with(self, predicate: str) -> list[Term]:
        return [s for s, props in self._index.items() if predicate in props]


def _const(term: Term) -> str:
    """A shapes-graph constant in SPARQL (derived integers under the kept datatype, as loaded)."""
    if isinstance(term, ox.BlankNode):
        raise Unsupported("a blank node used as a value in a constraint")
    return str(keep_datatype(term))


def _int(term: Term | None, what: str) -> int:
    if not isinstance(term, ox.Literal):
        raise Unsupported(f"{what} is not an integer")
    return int(term.value)


def _num(var: str) -> str:
    """A value as SPARQL compares it, a kept derived integer read back as xsd:integer."""
    return (
        f'IF(STRSTARTS(STR(DATATYPE({var})), "{KEPT_DATATYPE}"), <{XSD}integer>(STR({var})), {var})'
    )


class Compiler:
    """Compile the shapes of one shapes graph; fresh variable names come from one counter."""

    def __init__(self, shapes: ShapesGraph) -> None:
        self.shapes = shapes
        self._names = itertools.count()

    def var(self) -> str:
        return f"?v{next(self._names)}"

    # ---------------------------------------------------------------- paths and targets

    def path(self, shape: Term) -> str:
        path = self.shapes.one(shape, SH + "path")
        if isinstance(path, ox.NamedNode):
            return str(path)
        if path is not None:
            inverse = self.shapes.one(path, SH + "inversePath")
            if isinstance(inverse, ox.NamedNode) and self.shapes.predicates(path) == [
                SH + "inversePath"
            ]:
                return f"^{inverse}"
        raise Unsupported(f"the path of <{shape}> is not a predicate or an inverse predicate")

    def targets(self, shape: Term, focus: str) -> str:
        """The distinct focus nodes of a shape (the caller only asks for shapes with targets)."""
        branches: list[str] = []
        for cls in self.shapes.objects(shape, SH + "targetClass"):
            branches.append(f"{focus} <{RDF}type> {_const(cls)} .")
        for node in self.shapes.objects(shape, SH + "targetNode"):
            branches.append(f"VALUES {focus} {{ {_const(node)} }}")
        for prop in self.shapes.objects(shape, SH + "targetSubjectsOf"):
            branches.append(f"{focus} {_const(prop)} {self.var()} .")
        for prop in self.shapes.objects(shape, SH + "targetObjectsOf"):
            branches.append(f"{self.var()} {_const(prop)} {focus} .")
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT {focus} WHERE {{ {union} }} }}"

    # ---------------------------------------------------------------- per value node

    def value_condition(self, component: str, argument: Term, shape: Term, x: str) -> str:
        """A SPARQL expression, never an error, true when value ``x`` meets the constraint."""
        if component == "class":
            return f"EXISTS {{ {x} <{RDF}type> {_const(argument)} }}"
        if component == "datatype":
            return _datatype_condition(argument, x)
        if component == "nodeKind":
            return _node_kind_condition(argument, x)
        if component == "pattern":
            flags = self.shapes.one(shape, SH + "flags")
            flag_text = f", {_const(flags)}" if flags is not None else ""
            return (
                f"COALESCE(!isBlank({x}) && REGEX(STR({x}), {_const(argument)}{flag_text}), false)"
            )
        if component in ("minLength", "maxLength"):
            op = ">=" if component == "minLength" else "<="
            limit = _int(argument, component)
            return f"COALESCE(!isBlank({x}) && STRLEN(STR({x})) {op} {limit}, false)"
        if component in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            return f"COALESCE({_num(x)} {BOUNDS[component]} {_num(_const(argument))}, false)"
        if component == "in":
            members = self.shapes.items(argument)
            tests = [f"sameTerm({x}, {_const(m)})" for m in members] or ["false"]
            return "(" + " || ".join(tests) + ")"
        if component == "not":
            return f"!({self.conforms(argument, x)})"
        if component in ("and", "or"):
            joiner = " && " if component == "and" else " || "
            parts = [self.conforms(member, x) for member in self.shapes.items(argument)]
            return "(" + (joiner.join(parts) or ("true" if component == "and" else "false")) + ")"
        if component == "node":
            return self.conforms(argument, x)
        raise Unsupported(f"sh:{component}")

    def conforms(self, shape: Term, x: str) -> str:
        """A SPARQL expression true when node ``x`` conforms to ``shape`` (nested use)."""
        self.refuse_unknown(shape)
        if _deactivated(self.shapes, shape):
            return "true"
        parts: list[str] = []
        if self.shapes.one(shape, SH + "path") is not None:
            parts.append(self.property_conforms(shape, x))
        else:
            for component in VALUE_COMPONENTS:
                for argument in self.shapes.objects(shape, SH + component):
                    parts.append(self.value_condition(component, argument, shape, x))
            for value in self.shapes.objects(shape, SH + "hasValue"):
                parts.append(f"sameTerm({x}, {_const(value)})")
            for prop in self.shapes.objects(shape, SH + "property"):
                parts.append(self.property_conforms(prop, x))
        return "(" + (" && ".join(parts) or "true") + ")"

    def property_conforms(self, shape: Term, x: str) -> str:
        """Nested property shape: every value meets the value constraints, counts hold."""
        self.refuse_unknown(shape)
        path = self.path(shape)
        parts: list[str] = []
        for component in VALUE_COMPONENTS:
            for argument in self.shapes.objects(shape, SH + component):
                v = self.var()
                condition = self.value_condition(component, argument, shape, v)
                parts.append(f"NOT EXISTS {{ {x} {path} {v} FILTER(!({condition})) }}")
        for value in self.shapes.objects(shape, SH + "hasValue"):
            parts.append(f"EXISTS {{ {x} {path} {_const(value)} }}")
        for bound in self.shapes.objects(shape, SH + "minCount"):
            count = _int(bound, "sh:minCount")
            if count > 1:
                raise Unsupported("sh:minCount above 1 inside sh:not/sh:or/sh:and/sh:node")
            if count == 1:
                parts.append(f"EXISTS {{ {x} {path} {self.var()} }}")
        for bound in self.shapes.objects(shape, SH + "maxCount"):
            count = _int(bound, "sh:maxCount")
            a, b = self.var(), self.var()
            if count == 0:
                parts.append(f"NOT EXISTS {{ {x} {path} {a} }}")
            elif count == 1:
                parts.append(
                    f"NOT EXISTS {{ {x} {path} {a} . {x} {path} {b} FILTER(!sameTerm({a}, {b})) }}"
                )
            else:
                raise Unsupported("sh:maxCount above 1 inside sh:not/sh:or/sh:and/sh:node")
        for name in (*PAIR_COMPONENTS, "qualifiedValueShape"):
            if self.shapes.objects(shape, SH + name):
                raise Unsupported(f"sh:{name} inside sh:not/sh:or/sh:and/sh:node")
        return "(" + (" && ".join(parts) or "true") + ")"

    def refuse_unknown(self, shape: Term) -> None:
        for predicate in self.shapes.predicates(shape):
            if predicate.startswith(SH) and predicate not in KNOWN:
                raise Unsupported(predicate.replace(SH, "sh:"))

    # ---------------------------------------------------------------- top level

    def checks(self) -> list[Check]:
        found: list[Check] = []
        candidates = {
            s
            for name in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
            for s in self.shapes.subjects_with(SH + name)
        }
        for shape in sorted(candidates, key=str):
            if _deactivated(self.shapes, shape):
                continue
            focus = "?f"
            targets = self.targets(shape, focus)
            if self.shapes.one(shape, SH + "path") is not None:
                found.extend(self.property_checks(shape, shape, targets, focus))
                continue
            self.refuse_unknown(shape)
            if any(self.shapes.objects(shape, SH + n) for n in ("minCount", "maxCount")):
                raise Unsupported("sh:minCount or sh:maxCount on a node shape")
            meta = self.meta(shape, shape)
            for component in VALUE_COMPONENTS:
                for argument in self.shapes.objects(shape, SH + component):
                    condition = self.value_condition(component, argument, shape, focus)
                    found.append(
                        meta(f"SELECT {focus} WHERE {{ {targets} FILTER(!({condition})) }}")
                    )
            for value in self.shapes.objects(shape, SH + "hasValue"):
                found.append(
                    meta(
                        f"SELECT {focus} WHERE {{ {targets} "
                        f"FILTER(!sameTerm({focus}, {_const(value)})) }}"
                    )
                )
            for prop in self.shapes.objects(shape, SH + "property"):
                if not _deactivated(self.shapes, prop):
                    found.extend(self.property_checks(prop, shape, targets, focus))
        return found

    def meta(self, shape: Term, parent: Term) -> _CheckMaker:
        named = shape if isinstance(shape, ox.NamedNode) else parent
        message = self.shapes.objects(shape, SH + "message")
        severity = self.shapes.one(shape, SH + "severity")
        path = self.shapes.one(shape, SH + "path")
        return _CheckMaker(
            shape=named.value if isinstance(named, ox.NamedNode) else str(named),
            path=path.value if isinstance(path, ox.NamedNode) else None,
            message=str(message[0].value) if message else "",
            severity=severity.value.rsplit("#", 1)[-1]
            if isinstance(severity, ox.NamedNode)
            else "Violation",
        )

    def property_checks(self, shape: Term, parent: Term, targets: str, f: str) -> list[Check]:
        """One query per constraint of a property shape, one row per result pyshacl reports."""
        self.refuse_unknown(shape)
        path = self.path(shape)
        meta = self.meta(shape, parent)
        found: list[Check] = []
        v = self.var()
        for component in VALUE_COMPONENTS:
            for argument in self.shapes.objects(shape, SH + component):
                condition = self.value_condition(component, argument, shape, v)
                found.append(
                    meta(
                        f"SELECT DISTINCT {f} {v} WHERE {{ {targets} {f} {path} {v} "
                        f"FILTER(!({condition})) }}",
                        component,
                    )
                )
        for value in self.shapes.objects(shape, SH + "hasValue"):
            missing = f"FILTER NOT EXISTS {{ {f} {path} {_const(value)} }}"
            found.append(meta(f"SELECT {f} WHERE {{ {targets} {missing} }}", "hasValue"))
        for bound in self.shapes.objects(shape, SH + "minCount"):
            found.append(
                meta(
                    f"SELECT {f} WHERE {{ {targets} OPTIONAL {{ {f} {path} {v} }} }} "
                    f"GROUP BY {f} HAVING (COUNT(DISTINCT {v}) < {_int(bound, 'sh:minCount')})",
                    "minCount",
                )
            )
        for bound in self.shapes.objects(shape, SH + "maxCount"):
            found.append(
                meta(
                    f"SELECT {f} WHERE {{ {targets} {f} {path} {v} }} "
                    f"GROUP BY {f} HAVING (COUNT(DISTINCT {v}) > {_int(bound, 'sh:maxCount')})",
                    "maxCount",
                )
            )
        found.extend(self.pair_checks(shape, meta, targets, f, path, v))
        found.extend(self.qualified_checks(shape, meta, targets, f, path, v))
        return found

    def pair_checks(
        self, shape: Term, meta: _CheckMaker, targets: str, f: str, path: str, v: str
    ) -> list[Check]:
        found: list[Check] = []
        o = self.var()
        for component in PAIR_COMPONENTS:
            for other in self.shapes.objects(shape, SH + component):
                prop = _const(other)
                if component in ("lessThan", "lessThanOrEquals"):
                    op = "<" if component == "lessThan" else "<="
                    where = (
                        f"{f} {path} {v} . {f} {prop} {o} "
                        f"FILTER(!COALESCE({_num(v)} {op} {_num(o)}, false))"
                    )
                    found.append(
                        meta(
                            f"SELECT DISTINCT {f} {v} {o} WHERE {{ {targets} {where} }}", component
                        )
                    )
                elif component == "disjoint":
                    where = f"{f} {path} {v} . {f} {prop} {v}"
                    found.append(
                        meta(f"SELECT DISTINCT {f} {v} WHERE {{ {targets} {where} }}", component)
                    )
                else:  # equals: each value on one side missing on the other
                    where = (
                        f"{{ {f} {path} {v} FILTER NOT EXISTS {{ {f} {prop} {v} }} }} UNION "
                        f"{{ {f} {prop} {v} FILTER NOT EXISTS {{ {f} {path} {v} }} }}"
                    )
                    found.append(
                        meta(f"SELECT DISTINCT {f} {v} WHERE {{ {targets} {where} }}", component)
                    )
        return found

    def qualified_checks(
        self, shape: Term, meta: _CheckMaker, targets: str, f: str, path: str, v: str
    ) -> list[Check]:
        qualified = self.shapes.objects(shape, SH + "qualifiedValueShape")
        if not qualified:
            return []
        if len(qualified) > 1 or self.shapes.objects(shape, SH + "qualifiedValueShapesDisjoint"):
            raise Unsupported("several or disjoint sh:qualifiedValueShape")
        condition = self.conforms(qualified[0], v)
        counted = (
            f"SELECT {f} WHERE {{ {targets} OPTIONAL {{ {f} {path} {v} FILTER({condition}) }} }}"
        )
        having = "GROUP BY {f} HAVING (COUNT(DISTINCT {v}) {op} {limit})"
        return [
            meta(
                f"{counted} "
                + having.format(f=f, v=v, op=op, limit=_int(bound, f"sh:{component}")),
                component,
            )
            for component, op in (("qualifiedMinCount", "<"), ("qualifiedMaxCount", ">"))
            for bound in self.shapes.objects(shape, SH + component)
        ]


@dataclass(frozen=True)
class _CheckMaker:
    """What every check of one shape shares: its name, path, message and severity."""

    shape: str
    path: str | None
    message: str
    severity: str

    def __call__(self, query: str, component: str = "node") -> Check:
        message = self.message or f"sh:{component} constraint not met"
        return Check(self.shape, self.path, message, self.severity, query)


def _deactivated(shapes: ShapesGraph, shape: Term) -> bool:
    flag = shapes.one(shape, SH + "deactivated")
    return isinstance(flag, ox.Literal) and flag.value == "true"


def _datatype_condition(datatype: Term, x: str) -> str:
    if not isinstance(datatype, ox.NamedNode):
        raise Unsupported("sh:datatype is not an IRI")
    iri = datatype.value
    if iri == RDF + "langString":
        return f'COALESCE(isLiteral({x}) && LANG({x}) != "", false)'
    if iri == RDFS + "Literal":
        return f"isLiteral({x})"
    name = iri[len(XSD) :] if iri.startswith(XSD) else ""
    if name in DERIVED_INTEGERS:
        kept = f"<{KEPT_DATATYPE}{name}>"
        value = f"<{XSD}integer>(STR({x}))"
        in_range = f" && {value} {DERIVED_INTEGERS[name]}" if DERIVED_INTEGERS[name] else ""
        typed = f"isLiteral({x}) && DATATYPE({x}) = {kept} && isLiteral({value}){in_range}"
        return f"COALESCE({typed}, false)"
    typed = f"isLiteral({x}) && DATATYPE({x}) = <{iri}>"
    if iri in CHECKED_DATATYPES:
        typed += f" && isLiteral(<{iri}>(STR({x})))"
    return f"COALESCE({typed}, false)"


def _node_kind_condition(kind: Term, x: str) -> str:
    tests = {
        "IRI": f"isIRI({x})",
        "BlankNode": f"isBlank({x})",
        "Literal": f"isLiteral({x})",
        "BlankNodeOrIRI": f"!isLiteral({x})",
        "BlankNodeOrLiteral": f"!isIRI({x})",
        "IRIOrLiteral": f"!isBlank({x})",
    }
    name = kind.value.removeprefix(SH) if isinstance(kind, ox.NamedNode) else ""
    if name not in tests:
        raise Unsupported(f"sh:nodeKind {kind}")
    return tests[name]


def compile_shapes(shapes: Iterable[ox.Triple]) -> list[Check]:
    """Every constraint of every targeted shape as one query; ``Unsupported`` if one cannot be."""
    return Compiler(ShapesGraph(shapes)).checks()


def run_checks(store: ox.Store, checks: Iterable[Check]) -> list[Violation]:
    """Run the checks over the union of the store's graphs; the violations, sorted.

    The checks are independent reads and Oxigraph lets go of the GIL while it evaluates, so they
    run on every core (at 1M triples: 5.9 s one after the other, 2.3 s on two threads).
    """

    def failing(check: Check) -> list[Violation]:
        result = store.query(check.query, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return [
            Violation(
                focus_node=f"_:{focus.value}" if isinstance(focus, ox.BlankNode) else focus.value,
                shape=check.shape,
                path=check.path,
                message=check.message,
                severity=check.severity,
            )
            for row in result
            if (focus := row[0]) is not None
        ]

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        found = [v for violations in pool.map(failing, checks) for v in violations]
    return sorted(found, key=lambda v: (v.focus_node, v.shape, v.path or "", v.message))
