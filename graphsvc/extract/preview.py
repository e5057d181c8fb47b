"""What ingesting an extraction would do to the store: link to what it holds, and say what is new.

``graphsvc extract … --store DIR`` opens the store in DIR read-only: the names and
kinds it holds join the gazetteer, so that a body ingested from an earlier article links to the
IRI it got then; and each article's report says whether its graph is new or replaces one, which
of its actors and people the store does not hold yet, and which known ones gain facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import GraphSvcError
from ..iris import CANONICAL_BASE, GraphNames
from .gazetteer import NAME_PROPERTIES, RDF_TYPE

ACTOR_PATHS = ("id/organisation/", "id/person/")


@dataclass
class StoreView:
    """What the store holds that extraction needs: graph names, typed IRIs, naming triples."""

    graphs: set[str] = field(default_factory=set)
    typed: set[str] = field(default_factory=set)
    naming: list[ox.Triple] = field(default_factory=list)


def _canonical(term: ox.NamedNode, base: str) -> ox.NamedNode:
    value = term.value
    if base != CANONICAL_BASE and value.startswith(base + "id/"):
        return ox.NamedNode(CANONICAL_BASE + value[len(base) :])
    return term


def read_store(path: Path, base: str = CANONICAL_BASE) -> StoreView:
    """The view of an Oxigraph store on disk, opened read-only (a running server may hold it)."""
    try:
        store = ox.Store.read_only(str(path))
    except OSError as error:
        raise GraphSvcError(f"{path}: cannot open the store read-only ({error})") from None
    view = StoreView(graphs={g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)})
    for predicate in (RDF_TYPE, *sorted(NAME_PROPERTIES)):
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            subject = _canonical(subject, base)
            value = quad.object
            if isinstance(value, ox.NamedNode):
                value = _canonical(value, base)
            if predicate == RDF_TYPE:
                view.typed.add(subject.value)
            if isinstance(value, ox.NamedNode | ox.Literal):
                view.naming.append(ox.Triple(subject, ox.NamedNode(predicate), value))
    return view


def preview(stem: str, triples: Iterable[ox.Triple], view: StoreView) -> list[str]:
    """What ingesting one extracted file would add or change, in words."""
    graph = GraphNames(CANONICAL_BASE).source(stem)
    lines = [
        f"replaces the graph <{graph}>" if graph in view.graphs else f"adds the graph <{graph}>"
    ]
    subjects = {
        t.subject.value
        for t in triples
        if isinstance(t.subject, ox.NamedNode) and any(p in t.subject.value for p in ACTOR_PATHS)
    }
    new = sorted(s for s in subjects if s not in view.typed)
    known = sorted(s for s in subjects if s in view.typed)
    lines.append(
        f"new actors and people ({len(new)}): " + (", ".join(f"<{s}>" for s in new) or "none")
    )
    lines.append(
        f"known ones gaining facts ({len(known)}): "
        + (", ".join(f"<{s}>" for s in known) or "none")
    )
    return lines
