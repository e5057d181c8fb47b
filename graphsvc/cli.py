"""The ``graphsvc`` command: thin wrappers over plain functions.

Every error we expect (a bad file, a bad query, a locked store) is printed as one line naming the
file and line, and the command exits with status 1; usage errors exit with 2 (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from .errors import GraphSvcError
from .extract.verbs import register as register_extraction
from .query.executor import start_workers
from .query.negotiation import FORMAT_ALIASES, format_to_any_accept
from .query.querying import answer_query
from .rdf.results import is_solutions
from .settings import Settings
from .store.backends import open_configured_store
from .store.oxigraph import OxigraphStore
from .web.allocator import tune_malloc

DUMP_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "store", None):
        store = None if args.store == ":memory:" else Path(args.store)
        settings = settings.with_changes(store_dir=store)
    return settings


def _say(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


# The verbs that ingest import it when they run: query workers re-import this module (spawn) and
# need neither rdflib nor owlrl, 0.2 s of every worker's start.


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest.pipeline import default_paths, ingest

    settings = _settings(args)
    paths = [Path(p) for p in args.paths] or default_paths(settings)
    store = open_configured_store(settings)
    try:
        report = ingest(store, paths, settings, progress=_say, exclusive=True)
    finally:
        store.close()
    for graph, count in sorted(report.graphs.items()):
        print(f"{count:>8} triples  <{graph}>")
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    print(f"{report.asserted} asserted, {report.inferred} inferred ({timings})")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Run the whole ingest pipeline on an in-memory copy: nothing is written.

    Files are checked against what they would join: the persisted store if there is one,
    otherwise the shipped data.
    """
    from .ingest.pipeline import default_paths, ingest

    settings = _settings(args)
    paths = [Path(p) for p in args.paths]
    memory = OxigraphStore(None)
    if not paths:
        paths = default_paths(settings)
    elif settings.store_dir is not None and settings.store_dir.exists():
        persisted = open_configured_store(settings, read_only=True)
        memory.replace_graphs({g: list(persisted.triples(g)) for g in persisted.graph_names()})
        persisted.close()
    else:
        ingest(memory, default_paths(settings), settings)
    report = ingest(memory, paths, settings, progress=_say)
    print(f"valid: {len(report.graphs)} files, {report.asserted} triples, consistent")
    return 0


def _read_query(text_or_file: str) -> str:
    path = Path(text_or_file)
    if text_or_file.endswith((".rq", ".sparql")) or (len(text_or_file) < 4096 and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise GraphSvcError(f"{path}: cannot read: {error.strerror}") from None
    return text_or_file


def cmd_query(args: argparse.Namespace) -> int:
    settings = _settings(args)
    sparql = _read_query(args.query)
    store = open_configured_store(settings, read_only=True)
    accept = format_to_any_accept(args.format) if args.format else "text/csv, text/turtle;q=0.9"
    try:
        try:
            answer = answer_query(
                lambda: store.query(sparql, stream=True), accept, settings.max_rows
            )
        except SyntaxError as error:
            raise GraphSvcError(f"{args.query}: {error}") from None
    finally:
        store.close()
    sys.stdout.buffer.write(answer.body)
    if answer.truncated:
        print(f"graphsvc: results truncated at {settings.max_rows} rows", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store = open_configured_store(settings, read_only=True)
    try:
        data = ox.serialize(store.quads(), format=DUMP_FORMATS[args.format])
    finally:
        store.close()
    if args.output:
        Path(args.output).write_bytes(data or b"")
    else:
        sys.stdout.buffer.write(data or b"")
    return 0


def cmd_ontodoc(args: argparse.Namespace) -> int:
    from .web.ontodoc import ontology_html

    settings = Settings.from_env()
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(ontology_html(settings.ontology_dir / "hlm.ttl"), encoding="utf-8")
    _say(f"ontology documentation written to {output}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    settings = _settings(args)
    store = open_configured_store(settings, read_only=True)
    try:
        counts = store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        assert is_solutions(counts)
        for row in counts:
            print(f"{row['n'].value:>8}  <{row['g'].value}>")
        print(f"{len(store):>8}  quads in all")
    finally:
        store.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    tune_malloc()  # first: before any thread is given an arena (graphsvc.web.allocator)
    settings = _settings(args)
    store = open_configured_store(settings)
    if not store.query("ASK { ?s ?p ?o }"):  # not len(): it reads every quad
        from .ingest.pipeline import default_paths, ingest

        _say("the store is empty: ingesting the shipped data first")
        ingest(store, default_paths(settings), settings, progress=_say, exclusive=True)
    # The query workers start now, so that their start (an interpreter, the store's opening)
    # overlaps the loading of the web framework (1.3 s) instead of delaying the first answer.
    workers = start_workers(store, settings) if isinstance(store, OxigraphStore) else None

    import uvicorn

    from .web.app import create_app

    app = create_app(settings, store, workers)
    if workers is not None:
        from .web.warming import keep_warm

        keep_warm(app.state.services)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    finally:
        store.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphsvc", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)

    def with_store(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--store",
            help="store folder (default $GRAPHSVC_STORE_DIR or ./var/store; ':memory:' for none)",
        )
        return sub

    serve = with_store(verbs.add_parser("serve", help="serve the graph over HTTP"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)

    ing = with_store(verbs.add_parser("ingest", help="load RDF files or folders (all or nothing)"))
    ing.add_argument("paths", nargs="*", help="files or folders (default: the shipped data)")
    ing.set_defaults(run=cmd_ingest)

    val = with_store(
        verbs.add_parser("validate", help="check files as ingest would; write nothing")
    )
    val.add_argument("paths", nargs="*")
    val.set_defaults(run=cmd_validate)

    query = with_store(verbs.add_parser("query", help="run a SPARQL query (string or .rq file)"))
    query.add_argument("query")
    query.add_argument(
        "--format",
        "-f",
        default=None,
        choices=sorted(k for k in FORMAT_ALIASES if k != "html"),
        help="default: CSV for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE",
    )
    query.set_defaults(run=cmd_query)

    export = with_store(verbs.add_parser("export", help="dump every graph"))
    export.add_argument("--format", "-f", default="trig", choices=sorted(DUMP_FORMATS))
    export.add_argument("--output", "-o")
    export.set_defaults(run=cmd_export)

    stats = with_store(verbs.add_parser("stats", help="triples per named graph"))
    stats.set_defaults(run=cmd_stats)

    doc = verbs.add_parser("ontodoc", help="write the ontology's HTML documentation")
    doc.add_argument("--output", "-o", default="build/ontology.html")
    doc.set_defaults(run=cmd_ontodoc)

    register_extraction(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except GraphSvcError as error:
        print(f"graphsvc: {error.message}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"graphsvc: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
