"""The one small interface between the service and where the triples live.

Everything else (ingest, the SPARQL endpoint, canned queries, linked-data pages, dumps) talks to a
``GraphStore``; the embedded Oxigraph store is the first implementation, a remote SPARQL 1.1 store
(Virtuoso, Fuseki, GraphDB) comes behind the same methods. Results are pyoxigraph's own result
objects, which a remote backend can build with ``pyoxigraph.parse_query_results``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from ..rdf.results import Term, materialise
from .bulkcopy import FINISH
from .swap import COMPLETE_MARK, copy_dir, parts_dir, recover_swap, swap_in

# Plain objects (graphsvc.rdf.results) and graph results as a list of triples, or, streamed,
# pyoxigraph's own result objects: they read the same way.
QueryResult = Any


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query runs over (SPARQL Protocol default-graph-uri / named-graph-uri).

    ``None`` fields mean "the service default": the union of all graphs as default graph and every
    named graph available to ``GRAPH``.
    """

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


class GraphStore(Protocol):
    """What the rest of the code may ask of a store."""

    def query(
        self,
        sparql: str,
        dataset: Dataset | None = None,
        substitutions: Mapping[str, Term] | None = None,
        base_iri: str | None = None,
        stream: bool = False,
    ) -> QueryResult:
        """Run a SPARQL query string in the store's own engine.

        The answer is read into plain objects (``graphsvc.rdf.results``) unless ``stream`` is set:
        only a caller that stays on one thread and caps what it reads (a query worker) streams.
        """
        ...

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL update, all or nothing."""
        ...

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs present."""
        ...

    def replace_graphs(self, graphs: Mapping[str, Sequence[ox.Triple]]) -> None:
        """Replace each named graph by the given triples, all of them in one transaction."""
        ...

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        """Remove named graphs, all of them in one transaction."""
        ...

    def triples(self, graph: str | None) -> Iterator[ox.Triple]:
        """The triples of one named graph, or of the store's default graph when ``None``."""
        ...

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad in the store."""
        ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


def _term_sparql(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """SPARQL syntax for a term: pyoxigraph's ``str()`` is N-Triples, which SPARQL accepts."""
    return str(term)


def insert_data_text(
    graphs: Mapping[str, Sequence[ox.Triple]], default: Sequence[ox.Triple] | None = None
) -> str:
    """A ``DROP SILENT GRAPH … ; INSERT DATA {…}`` update replacing each graph in one request.

    ``default``, when given, replaces the store's own default graph in the same request (a
    SPARQL Update may write there; ``None`` leaves it alone). Oxigraph applies one update request
    in one transaction, which is what makes ingest atomic (and crash-safe on disk: RocksDB commits
    the write batch or nothing). Blank node labels are shared across the graphs of one request.
    """
    parts = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
    if default is not None:
        parts.append("DROP SILENT DEFAULT")
    body = [_triple_sparql(t) for t in default or ()]
    for name, triples in graphs.items():
        if not triples:
            continue
        body.append(f"GRAPH <{name}> {{")
        body.extend(_triple_sparql(t) for t in triples)
        body.append("}")
    if body:
        parts.append("INSERT DATA {\n" + "\n".join(body) + "\n}")
    return " ;\n".join(parts)


def _triple_sparql(t: ox.Triple) -> str:
    return f"{_term_sparql(t.subject)} {_term_sparql(t.predicate)} {_term_sparql(t.object)} ."


# Oxigraph refuses a query calling a function it does not know, while SPARQL 1.1 (§17.3) makes
# such a call an expression error: the variable it binds stays unbound, a FILTER on it is false.
UNKNOWN_FUNCTION = re.compile(r"The custom function <([^>]*)> is not supported")
MAX_UNKNOWN_FUNCTIONS = 32


def unknown_function(error: RuntimeError) -> ox.NamedNode | None:
    """The function Oxigraph refused a query for, if that is what ``error`` says."""
    match = UNKNOWN_FUNCTION.fullmatch(str(error))
    return ox.NamedNode(match.group(1)) if match else None


def unbound(*_arguments: Term) -> Term | None:
    """The value of a call to a function nobody defined: none (an expression error)."""
    return None


class OxigraphStore:
    """The embedded store: Oxigraph on disk (RocksDB) or in memory."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        if path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(path))
        else:
            recover_swap(path)
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
        self.path = path
        self.read_only = read_only

    @classmethod
    def from_nquads(cls, path: Path) -> OxigraphStore:
        """An in-memory store loaded from an N-Quads file (a query worker's snapshot)."""
        store = cls(None)
        with path.open("rb") as snapshot:
            store._store.bulk_load(snapshot, format=ox.RdfFormat.N_QUADS)
        return store

    @classmethod
    def copy_of(cls, other: OxigraphStore) -> OxigraphStore:
        """An in-memory copy of another store (a query worker's fast copy of the disk store)."""
        store = cls(None)
        store._store.bulk_extend(other.quads())
        other.close()
        return store

    def query(
        self,
        sparql: str,
        dataset: Dataset | None = None,
        substitutions: Mapping[str, Term] | None = None,
        base_iri: str | None = None,
        stream: bool = False,
    ) -> QueryResult:
        dataset = dataset or Dataset()
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = (
            [ox.NamedNode(g) for g in dataset.default_graphs]
            if dataset.default_graphs is not None
            else None
        )
        named: list[ox.NamedNode | ox.BlankNode] | None = (
            [ox.NamedNode(g) for g in dataset.named_graphs]
            if dataset.named_graphs is not None
            else None
        )
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()} or None
        unknown: dict[ox.NamedNode, Callable[..., Term | None]] = {}
        while True:
            try:
                result = self._store.query(
                    sparql,
                    use_default_graph_as_union=default is None,
                    default_graph=default,
                    named_graphs=named,
                    substitutions=subs,
                    base_iri=base_iri,
                    custom_functions=unknown or None,
                )
                break
            except RuntimeError as error:
                function = unknown_function(error)
                if function is None or len(unknown) >= MAX_UNKNOWN_FUNCTIONS:
                    raise
                unknown[function] = unbound
        return result if stream else materialise(result)

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        self._store.update(sparql, base_iri=base_iri)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def replace_graphs(
        self,
        graphs: Mapping[str, Sequence[ox.Triple]],
        *,
        default: Sequence[ox.Triple] | None = None,
    ) -> None:
        """One transaction either way; graphs new to the store skip SPARQL text entirely.

        ``extend`` is transactional and three times faster than parsing an ``INSERT DATA`` of the
        same triples (18 s against 60 s for 800k on disk), but it cannot drop: a replacement of a
        graph already present goes through one update request. ``default`` replaces the store's
        own default graph too (only SPARQL Update writes there), in the same request.
        """
        if not graphs and default is None:
            return
        present = {g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}
        if default is None and present.isdisjoint(graphs):
            self._store.extend(_as_quads(graphs))
        else:
            self._store.update(insert_data_text(graphs, default))

    def _swap_in(self, path: Path, copy: Path) -> None:
        """Close this store, put the finished copy in its place, open it."""
        self._store.flush()
        del self._store
        try:
            swap_in(path, copy)
        finally:
            recover_swap(path)  # a failed rename: finish or undo it before opening again
            self._store = ox.Store(str(path))

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        names = list(graphs)
        if names:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in names))

    def triples(self, graph: str | None) -> Iterator[ox.Triple]:
        graph_name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        for quad in self._store.quads_for_pattern(None, None, None, graph_name):
            yield quad.triple

    def quads(self) -> Iterator[ox.Quad]:
        yield from self._store.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()
        del self._store


def open_store(path: Path | None, *, read_only: bool = False) -> OxigraphStore:
    """Open the embedded store (``None`` = in memory)."""
    return OxigraphStore(path, read_only=read_only)


# A write at least this big, and at least as big as the store, goes to a new copy swapped in when
# the writer is alone: RocksDB's bulk loader writes sorted files directly, 794k quads in 15 s
# against 44 s for the transactional ``extend`` (on disk, same machine).
REBUILD_MIN_QUADS = 50_000


class StagedWrite(Protocol):
    """A replacement of named graphs begun before all of it is known (ingest: the source graphs
    are known before validation and reasoning, the inferred graph after)."""

    def finish(self, more: Mapping[str, Sequence[ox.Triple]]) -> None:
        """Add the last graphs and make the whole write visible at once."""
        ...

    def abandon(self) -> None:
        """Leave the store as it was."""
        ...


def begin_write(
    store: GraphStore, graphs: Mapping[str, Sequence[ox.Triple]], *, exclusive: bool
) -> StagedWrite:
    """Start replacing ``graphs``: in a background copy when that is safe and pays, else later.

    ``exclusive``: no other process reads the store meanwhile (the ``ingest`` command, the first
    load of ``serve``). Then a big write to the embedded store on disk is bulk-loaded into a new
    copy while the caller validates and reasons, and swapped in by ``finish``.
    """
    written = sum(len(triples) for triples in graphs.values())
    if (
        exclusive
        and isinstance(store, OxigraphStore)
        and store.path is not None
        and not store.read_only
        and written >= max(REBUILD_MIN_QUADS, len(store))
    ):
        return _CopyInBackground(store, store.path, graphs)
    return _WriteAtFinish(store, dict(graphs))


@dataclass
class _WriteAtFinish:
    """Everything in one ``replace_graphs`` transaction at the end."""

    store: GraphStore
    graphs: dict[str, Sequence[ox.Triple]]

    def finish(self, more: Mapping[str, Sequence[ox.Triple]]) -> None:
        self.store.replace_graphs({**self.graphs, **more})

    def abandon(self) -> None:
        pass


def _as_quads(graphs: Mapping[str, Sequence[ox.Triple]]) -> Iterator[ox.Quad]:
    for name, triples in graphs.items():
        graph = ox.NamedNode(name)
        for t in triples:
            yield ox.Quad(t.subject, t.predicate, t.object, graph)


class _CopyInBackground:
    """The store's kept graphs and the new ones bulk-loaded into a sibling folder by a process.

    The bulk loader is not atomic, so it writes a copy nobody reads; ``finish`` swaps it in (see
    ``graphsvc.store.swap``), ``abandon`` deletes it. Quads reach the loader
    (``graphsvc.store.bulkcopy``) as N-Quads files, which pyoxigraph writes without holding up
    the caller for long (0.8 s for 800k quads), so the loading overlaps the caller's validation
    and reasoning.
    """

    def __init__(
        self, owner: OxigraphStore, path: Path, graphs: Mapping[str, Sequence[ox.Triple]]
    ) -> None:
        self._owner = owner
        self._path = path
        self._copy = copy_dir(path)
        shutil.rmtree(self._copy, ignore_errors=True)
        # Beside the store, not in /tmp: the next opening of the store deletes them if this
        # process is killed (100 MB of N-Quads at 1M triples).
        self._parts = parts_dir(path)
        shutil.rmtree(self._parts, ignore_errors=True)
        self._parts.mkdir()
        self._sent = 0  # files handed to the loader so far
        self._loader = subprocess.Popen(
            [sys.executable, "-m", "graphsvc.store.bulkcopy", str(self._copy)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        replaced = {ox.NamedNode(name) for name in graphs}
        kept = (
            quad
            for quad in owner._store.quads_for_pattern(None, None, None, None)
            if quad.graph_name not in replaced
        )
        self._send(chain(kept, _as_quads(graphs)))

    def _send(self, quads: Iterable[ox.Quad]) -> None:
        """Write ``quads`` to a new N-Quads file and ask the loader to add it."""
        assert self._loader.stdin is not None
        part = self._parts / f"part-{self._sent}.nq"
        self._sent += 1
        ox.serialize(quads, str(part), format=ox.RdfFormat.N_QUADS)
        self._loader.stdin.write(f"{part}\n")
        self._loader.stdin.flush()

    def finish(self, more: Mapping[str, Sequence[ox.Triple]]) -> None:
        try:
            self._send(_as_quads(more))
            output, errors = self._loader.communicate(f"{FINISH}\n")
            if self._loader.returncode != 0 or output.strip() != "ok":
                raise OSError(f"the bulk loader failed: {errors.strip()[-2000:]}")
        except BaseException:
            self.abandon()
            raise
        shutil.rmtree(self._parts)
        (self._copy / COMPLETE_MARK).touch()
        self._owner._swap_in(self._path, self._copy)

    def abandon(self) -> None:
        self._loader.kill()
        self._loader.wait()
        for stream in (self._loader.stdin, self._loader.stdout, self._loader.stderr):
            if stream is not None:
                stream.close()
        shutil.rmtree(self._parts, ignore_errors=True)
        shutil.rmtree(self._copy, ignore_errors=True)
