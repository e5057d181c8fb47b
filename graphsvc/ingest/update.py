"""SPARQL Update through the ingest pipeline: staged, validated, reasoned, swapped in.

``graphsvc ingest`` and the Graph Store Protocol never let the store leave the shapes; a SPARQL
Update must not either. So an update never runs on the store itself. It runs on a staging copy;
the graphs it changed, with every other graph as it is, make the dataset that is SHACL-validated
(the SPARQL-compiled validator ingest uses) and reasoned over (the inferred graph recomputed as
ingest does); only then are the changed graphs and the new inferred graph written to the store in
one ``replace_graphs`` transaction, the function ingest and the Graph Store end in. A refused
update raises ``UpdateRefused`` (422, every violation) and the store is untouched.

What an update may do is what the shapes allow: unlike the shipped data files, it may describe
resources outside the base IRI (links to other datasets; the W3C suites' example.org data). It
may not add to the inferred graph (403, as the Graph Store says), and what it removes from it
comes back if the rest still entails it: that graph is computed, never written by hand.

The staging copy is a copy of the whole store, in memory: the data graph of a shape may be any
graph (a party described in a reference file), and an update's WHERE may read any of them; and the
whole dataset is revalidated and reasoned over, as an ingest does (so an update to the ontology or
the shapes graph revalidates everything, as it must). The cost grows with the store, not with the
update: every quad is read once and held twice (the copy, and the set the change is found from).
One agreement (``bench/update_cost.py``, in memory, 2 cores shared with other work; in brackets
the old raw update + ``refresh_inferred``): 17k quads 0.39 s (0.20 s), 115k 3.0 s (2.1 s), 1.05M
46 s (15 s), of which copy 6.3, update and diff 2.6, dataset 3.9, SHACL 19.8, OWL RL 8.5, store
1.4; the process peaked at 1.7 GiB, the store included. At the shipped size (3.2k quads) that
is nothing; at a million quads a write holds the write lock (not the readers: they have their own
copies, and the update runs off the event loop) for most of a minute, and validating only what
the change can affect (the focus nodes near the changed triples, over an RDFS closure kept
between writes) would be the next step.

A remote store (``GRAPHSVC_STORE=sparql``) keeps the old behaviour, the update sent as it is and the
inferred graph recomputed after: the remote store may be written by others between our copy and
our write (a write of staged graphs would undo theirs), copying it means reading every graph over
HTTP for each update, and its ``replace_graphs`` is not atomic once it needs several requests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import BadRequest, Forbidden, GraphSvcError
from ..iris import GraphNames
from ..settings import Settings
from ..store.oxigraph import GraphStore, OxigraphStore
from .pipeline import IngestReport, Progress, dataset_parts, refresh_inferred, validate_and_reason
from .shacl_sparql import Violation


@dataclass
class UpdateReport:
    """What an update did: the graphs it changed (``None``: the store's default graph), whether
    it went through validation, and where the time went."""

    changed: list[str | None] = field(default_factory=list)
    validated: bool = True
    inferred: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class UpdateRefused(GraphSvcError):
    """An update whose result breaks the shapes or the ontology: every reason, nothing written."""

    status = 422

    def __init__(self, violations: Sequence[Violation], inconsistencies: Sequence[str] = ()):
        self.violations = list(violations)
        self.inconsistencies = list(inconsistencies)
        lines = [self.summary()]
        lines.extend(f"- {v.describe()}" for v in self.violations)
        lines.extend(f"- inconsistent: {reason}" for reason in self.inconsistencies)
        super().__init__("\n".join(lines))

    def summary(self) -> str:
        reasons = []
        if self.violations:
            count = len(self.violations)
            reasons.append(f"{count} violation{'s' if count > 1 else ''} of the shapes")
        if self.inconsistencies:
            reasons.append("an inconsistency with the ontology")
        return f"the update was refused and changed nothing: {' and '.join(reasons)}"

    def details(self) -> dict[str, object]:
        return {
            "error": self.summary(),
            "violations": [
                {
                    "focus_node": v.focus_node,
                    "shape": v.shape,
                    "path": v.path,
                    "message": v.message,
                    "severity": v.severity,
                }
                for v in self.violations
            ],
            "inconsistencies": self.inconsistencies,
        }


def apply_update(
    store: GraphStore,
    update: str,
    settings: Settings,
    *,
    base_iri: str | None = None,
    say: Progress | None = None,
) -> UpdateReport:
    """Run ``update`` on ``store`` if its result is valid and consistent; ``UpdateRefused`` else.

    The caller holds the write lock and, after it, tells the readers (``Services.written``,
    with ``reasoned=True``: the inferred graph is already up to date) when ``changed`` is not
    empty or the store was not validated (remote). Malformed updates and updates the engine
    refuses are ``BadRequest``; either way the store is untouched. An update that changes no
    triple (a DELETE matching nothing, CREATE GRAPH) writes nothing: like ingest, the store keeps
    no empty graph.
    """
    say = say or (lambda _message: None)
    if not isinstance(store, OxigraphStore):
        _run(store.update, update, base_iri)
        return UpdateReport(validated=False, inferred=refresh_inferred(store, settings))
    names = GraphNames(settings.base_iri)
    report = UpdateReport()
    clock = time.perf_counter()
    staging = ox.Store()
    staging.bulk_extend(store.quads())
    before = set(staging)
    report.seconds["copy"] = time.perf_counter() - clock
    clock = time.perf_counter()
    _run(staging.update, update, base_iri)
    after = set(staging)
    report.seconds["update"] = time.perf_counter() - clock
    touched = _graphs_of(after - before, names, added=True) | _graphs_of(before - after, names)
    del before, after
    if not touched:
        return report
    clock = time.perf_counter()
    graphs = {
        g.value: _triples(staging, g)
        for g in staging.named_graphs()
        if isinstance(g, ox.NamedNode) and g.value != names.inferred
    }
    default = _triples(staging, ox.DefaultGraph())
    del staging
    ontology, data, shapes = dataset_parts(graphs, default, names)
    report.seconds["dataset"] = time.perf_counter() - clock
    steps = IngestReport()
    violations, entailed = validate_and_reason(ontology, data, shapes, settings, say, steps)
    report.seconds.update(steps.seconds)
    if violations:
        raise UpdateRefused(violations)
    assert entailed is not None  # validate_and_reason reasons whenever nothing is violated
    if entailed.inconsistencies:
        raise UpdateRefused([], entailed.inconsistencies)
    say("storing")
    clock = time.perf_counter()
    replaced = {g: graphs.get(g, []) for g in touched if g is not None}
    store.replace_graphs(
        {**replaced, names.inferred: entailed.inferred},
        default=default if None in touched else None,
    )
    report.seconds["store"] = time.perf_counter() - clock
    report.changed = sorted(touched, key=lambda g: g or "")
    report.inferred = len(entailed.inferred)
    return report


def _run(run: Callable[..., object], update: str, base_iri: str | None) -> None:
    """Run an update with the engine's errors as ``BadRequest`` (the store it ran on is either a
    staging copy, or, remote, one that applies an update all or nothing)."""
    try:
        run(update, base_iri=base_iri)
    except SyntaxError as error:
        raise BadRequest(f"malformed update: {error}") from None
    except (ValueError, OSError, RuntimeError) as error:
        raise BadRequest(f"the update failed and changed nothing: {error}") from None


def _graphs_of(
    quads: Iterable[ox.Quad], names: GraphNames, *, added: bool = False
) -> set[str | None]:
    """The graphs ``quads`` are in (``None``: the default graph), but the inferred one, which is
    recomputed: adding to it by hand is refused."""
    graphs: set[str | None] = set()
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.DefaultGraph):
            graphs.add(None)
        elif isinstance(graph, ox.NamedNode) and graph.value == names.inferred:
            if added:
                raise Forbidden(
                    f"the inferred graph <{names.inferred}> is computed from the others; "
                    "an update cannot add to it"
                )
        elif isinstance(graph, ox.NamedNode):
            graphs.add(graph.value)
    return graphs


def _triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Triple]:
    return [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
