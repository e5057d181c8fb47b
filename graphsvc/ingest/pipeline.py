"""Ingest: parse → SHACL-validate → OWL RL reasoning → swap in atomically.

Each file goes to its own named graph (docs/modelling.md): the ontology, the shapes, one graph per
reference file, one per source file; the closure goes to the inferred graph. Re-ingesting a file
replaces exactly its graph. Nothing is written until every file has parsed, the whole resulting
dataset conforms to the shapes and is consistent; then all changed graphs and the new inferred graph
are replaced in one transaction, so a failed ingest leaves the store exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import IngestError
from ..iris import CANONICAL_BASE, GraphNames
from ..rdf.rdfio import RDF_FORMATS, NodeLines, line_of_node, parse_text, read_rdf_file
from ..settings import Settings
from ..store.oxigraph import GraphStore, begin_write
from .reasoning import Closure, closure
from .rules import RuleStore, complete, unsupported_constructs
from .shacl_datatypes import restored_triples
from .shacl_sparql import Violation
from .validation import compiled_checks, rdfs_store, shacl_violations, sparql_violations

Progress = Callable[[str], None]


@dataclass(frozen=True)
class SourceFile:
    """A parsed file and the named graph it will replace."""

    path: Path
    graph: str
    text: str
    triples: list[ox.Triple]


@dataclass
class IngestReport:
    """What an ingest did, for the CLI and the HTTP answer."""

    graphs: dict[str, int] = field(default_factory=dict)
    inferred: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def asserted(self) -> int:
        return sum(self.graphs.values())


def default_paths(settings: Settings) -> list[Path]:
    """What ``graphsvc ingest`` loads with no PATH: ontology, shapes, reference, curated graph."""
    return [
        settings.ontology_dir / "hlm.ttl",
        settings.ontology_dir / "shapes.ttl",
        settings.data_dir / "reference",
        settings.data_dir / "graph",
    ]


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders as their RDF files (recursive, sorted); missing paths are errors."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RDF_FORMATS
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise IngestError(str(path), "no such file or folder")
    return files


def graph_for(path: Path, names: GraphNames) -> str:
    """The named graph a file belongs to, from where it lives and its name."""
    if path.parent.name == "ontology" and path.stem == "hlm":
        return names.ontology
    if path.parent.name == "ontology" and path.stem == "shapes":
        return names.shapes
    if path.parent.name == "reference":
        return f"{names.base}graph/reference/{path.stem}"
    return names.source(path.stem)


def rebase(triples: Sequence[ox.Triple], base: str) -> list[ox.Triple]:
    """Move data IRIs (``…/id/…``) from the canonical base to the configured one.

    The Turtle files are written with ``https://w3id.org/hlm/``; a service configured with another
    base serves the same resources under its own IRIs, so that every data IRI dereferences there.
    Ontology terms (``…/def/…``) keep their canonical IRIs.
    """
    if base == CANONICAL_BASE:
        return list(triples)
    old = CANONICAL_BASE + "id/"
    new = base + "id/"

    def move(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> object:
        if isinstance(term, ox.NamedNode) and term.value.startswith(old):
            return ox.NamedNode(new + term.value[len(old) :])
        return term

    return [ox.Triple(move(t.subject), t.predicate, move(t.object)) for t in triples]  # type: ignore[arg-type]


def _check_subjects_under_base(source: SourceFile, base: str, names: GraphNames) -> None:
    """Data files describe our own resources: every IRI subject must be under the base."""
    if source.graph in (names.ontology, names.shapes):
        return
    for triple in source.triples:
        subject = triple.subject
        if isinstance(subject, ox.NamedNode) and not subject.value.startswith(base):
            raise IngestError(
                str(source.path),
                f"subject <{subject.value}> is outside the base IRI {base}",
                line=line_of_node(source.text, subject.value),
            )


def source_from_text(
    label: str, graph: str, text: str, rdf_format: ox.RdfFormat, settings: Settings
) -> SourceFile:
    """A source that did not come from a file (a Graph Store request body), checked the same way."""
    path = Path(label)
    triples = parse_text(text, path, rdf_format, base_iri=graph)
    source = SourceFile(path, graph, text, triples)
    _check_subjects_under_base(source, settings.base_iri, GraphNames(settings.base_iri))
    return source


def read_sources(paths: Iterable[Path], settings: Settings) -> list[SourceFile]:
    """Parse every file; refuse two files that would land in the same graph."""
    names = GraphNames(settings.base_iri)
    sources: list[SourceFile] = []
    seen: dict[str, Path] = {}
    for path in expand_paths(paths):
        graph = graph_for(path, names)
        if graph in seen:
            raise IngestError(str(path), f"same graph <{graph}> as {seen[graph]}")
        seen[graph] = path
        text, triples = read_rdf_file(path)
        source = SourceFile(path, graph, text, rebase(triples, settings.base_iri))
        _check_subjects_under_base(source, settings.base_iri, names)
        sources.append(source)
    return sources


def located_violations(
    violations: Sequence[Violation], sources: Sequence[SourceFile]
) -> list[tuple[str, int | None, Violation]]:
    """Every violation with the file and line that describe its focus node: named resources
    first (no line names a blank node: those last), then by file and line. Each file is read
    once for the lines of its nodes, and each node looked up once."""
    texts = [(str(source.path), NodeLines(source.text)) for source in sources]
    fallback = str(sources[0].path) if sources else "<store>"
    places: dict[str, tuple[str, int | None]] = {}

    def place(node: str) -> tuple[str, int | None]:
        if node not in places:
            found = ((path, text.line_of(node)) for path, text in texts)
            places[node] = next(((p, n) for p, n in found if n is not None), (fallback, None))
        return places[node]

    located = [(*place(v.focus_node), v) for v in violations]
    return sorted(
        located,
        key=lambda item: (item[2].focus_node.startswith("_:"), item[0], item[1] or 0),
    )


def violations_text(located: Sequence[tuple[str, int | None, Violation]]) -> str:
    """One line per violation, ``file:line: what failed``, after a count."""
    count = len(located)
    lines = [f"{count} violation{'s' if count > 1 else ''} of the SHACL shapes:"]
    for path, line, violation in located:
        where = f"{path}:{line}" if line is not None else path
        lines.append(f"  {where}: {violation.describe()}")
    return "\n".join(lines)


def ingest(
    store: GraphStore,
    paths: Iterable[Path],
    settings: Settings,
    progress: Progress | None = None,
    *,
    exclusive: bool = False,
) -> IngestReport:
    """Ingest files into ``store`` all or nothing; raise ``IngestError`` naming file and line.

    ``exclusive``: nobody else reads the store meanwhile (see
    ``graphsvc.store.oxigraph.begin_write``).
    """
    say = progress or (lambda _message: None)
    clock = time.perf_counter()
    say("parsing")
    paths = list(paths)
    sources = read_sources(paths, settings)
    if not sources:
        raise IngestError(", ".join(str(p) for p in paths) or "<nothing>", "no RDF file to ingest")
    report = IngestReport()
    report.seconds["parse"] = time.perf_counter() - clock
    return ingest_sources(store, sources, settings, say, report, exclusive=exclusive)


def ingest_sources(
    store: GraphStore,
    sources: Sequence[SourceFile],
    settings: Settings,
    say: Progress,
    report: IngestReport | None = None,
    *,
    exclusive: bool = False,
) -> IngestReport:
    """Validate, reason and swap in already-parsed sources (files, or a Graph Store request)."""
    names = GraphNames(settings.base_iri)
    report = report or IngestReport()
    graphs: dict[str, list[ox.Triple]] = {
        g: list(store.triples(g)) for g in store.graph_names() if g != names.inferred
    }
    for source in sources:
        graphs[source.graph] = source.triples
    ontology, data, shapes = dataset_parts(graphs, store.triples(None), names)

    # The source graphs are final already: their write starts now (in the background when the
    # store allows it) and the inferred graph joins it once the data has passed.
    write = begin_write(store, {s.graph: s.triples for s in sources}, exclusive=exclusive)
    try:
        entailed = _checked_closure(ontology, data, shapes, sources, settings, say, report)
    except BaseException:
        write.abandon()
        raise
    say("storing")
    clock = time.perf_counter()
    write.finish({names.inferred: entailed.inferred})
    report.seconds["store"] = time.perf_counter() - clock
    report.graphs = {s.graph: len(s.triples) for s in sources}
    report.inferred = len(entailed.inferred)
    return report


def dataset_parts(
    graphs: Mapping[str, Sequence[ox.Triple]], default: Iterable[ox.Triple], names: GraphNames
) -> tuple[list[ox.Triple], list[ox.Triple], list[ox.Triple]]:
    """The ontology, the data and the shapes of a dataset about to be written.

    ``graphs``: every named graph but the inferred one, as they will be; ``default``: the store's
    own default graph (only SPARQL Update writes there), which counts as data.
    """
    ontology = list(graphs.get(names.ontology, []))
    shapes = list(graphs.get(names.shapes, []))
    data = [t for g, ts in graphs.items() if g not in (names.ontology, names.shapes) for t in ts]
    data.extend(default)
    return ontology, data, shapes


def _checked_closure(
    ontology: list[ox.Triple],
    data: list[ox.Triple],
    shapes: list[ox.Triple],
    sources: Sequence[SourceFile],
    settings: Settings,
    say: Progress,
    report: IngestReport,
) -> Closure:
    """The closure of valid, consistent data; ``IngestError`` naming file and line otherwise."""
    violations, entailed = validate_and_reason(ontology, data, shapes, settings, say, report)
    if violations:
        located = located_violations(violations, sources)
        path, line, _ = located[0]
        raise IngestError(path, violations_text(located), line=line)
    assert entailed is not None
    if entailed.inconsistencies:
        raise IngestError(
            ", ".join(str(s.path) for s in sources),
            "the data is inconsistent with the ontology: " + "; ".join(entailed.inconsistencies),
        )
    return entailed


def validate_and_reason(
    ontology: list[ox.Triple],
    data: list[ox.Triple],
    shapes: list[ox.Triple],
    settings: Settings,
    say: Progress,
    report: IngestReport,
) -> tuple[list[Violation], Closure | None]:
    """SHACL violations, then (when there are none) the OWL RL closure.

    With the fast engines both share one in-memory store: loaded once, closed under the RDFS rules
    for the shapes, then carried on to the OWL RL fixpoint. Otherwise each engine works alone.
    """
    asserted = [*ontology, *data]
    say("validating (SHACL)")
    clock = time.perf_counter()
    checks = compiled_checks(shapes) if settings.validator == "sparql" else None
    fast = settings.reasoner == "rules" and not unsupported_constructs(asserted)
    work: RuleStore | None = None
    if checks is None:
        violations = shacl_violations(data, shapes, ontology, "pyshacl")
    else:
        work = rdfs_store(asserted)
        violations = sparql_violations(work, checks)
    report.seconds["validate"] = time.perf_counter() - clock
    if violations:
        return violations, None
    say("reasoning (OWL RL)")
    clock = time.perf_counter()
    if work is not None and fast:
        done = complete(work)
        entailed = Closure(list(restored_triples(done.inferred)), done.inconsistencies)
    else:
        entailed = closure(asserted, settings.reasoner)
    report.seconds["reason"] = time.perf_counter() - clock
    return [], entailed


def refresh_inferred(store: GraphStore, settings: Settings) -> int:
    """Recompute the inferred graph after a raw write (SPARQL Update, Graph Store DELETE).

    Returns the number of inferred triples. Inconsistencies are not a reason to undo a write the
    token holder asked for; ``graphsvc validate`` reports them.
    """
    names = GraphNames(settings.base_iri)
    asserted = [
        t
        for g in store.graph_names()
        if g not in (names.inferred, names.shapes)
        for t in store.triples(g)
    ]
    asserted.extend(store.triples(None))
    entailed = closure(asserted, settings.reasoner)
    store.replace_graphs({names.inferred: entailed.inferred})
    return len(entailed.inferred)
