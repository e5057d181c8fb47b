"""The read side of the W3C SPARQL 1.1 suite, judged two ways: Oxigraph alone and our service.

Query evaluation (``mf:QueryEvaluationTest``, ``mf:CSVResultFormatTest``) and syntax
(``mf:PositiveSyntaxTest11`` / ``mf:NegativeSyntaxTest11``) entries are read from the manifests in
``/work/shared/w3c-sparql11`` (see its SOURCE.md). Every file there has a canonical IRI under
``CANONICAL``; manifests, queries and results are read against those IRIs, as the suite means them.

- **Oxigraph alone** (``judge_alone``): an in-memory ``pyoxigraph.Store`` loaded the standard way,
  ``qt:data`` into the default graph and ``qt:graphData`` (and any file the query names with
  ``FROM`` / ``FROM NAMED``) into named graphs named by the file's IRI; the query runs with the
  query file's IRI as base; the answer is serialised in the format of the expected result and read
  back, so that the result-format tests test a serialiser on both sides.
- **Our service** (``ServiceJudge``): a live uvicorn over an in-memory ``OxigraphStore`` holding
  the test data the way the service holds data, in named graphs only (``qt:data`` in a graph named
  by its file's IRI), so the default graph queries see is the union of the named graphs. The query
  goes over HTTP (``GET /sparql?query=``) with ``BASE <query file IRI>`` prepended, because the
  endpoint resolves relative IRIs against its own URL; ``Accept`` asks for the expected result's
  format and the answer is read by its ``Content-Type``.

Results are compared exactly (terms, not values): solutions as multisets, blank nodes up to
renaming (rows and graphs are canonicalised with RDFC-1.0, so this is isomorphism, not a
heuristic), in order when the query has ``ORDER BY``; booleans; graphs by isomorphism.

``PYTHONPATH=. python tests/w3c_query.py`` (in the checkout, so that ``graphsvc`` is this one)
prints the figures per directory and every test either side fails.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pyoxigraph as ox
from livesvc import serve_app

from graphsvc.settings import Settings
from graphsvc.store.oxigraph import OxigraphStore
from graphsvc.web.app import create_app
from graphsvc.web.services import Services

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "w3c-sparql11"
CANONICAL = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"

EVALUATION_DIRS = (
    "aggregates",
    "bind",
    "bindings",
    "cast",
    "construct",
    "exists",
    "functions",
    "grouping",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
    "syntax-query",
)
RESULT_FORMAT_DIRS = ("csv-tsv-res", "json-res")
READ_DIRS = EVALUATION_DIRS + RESULT_FORMAT_DIRS

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"

EVALUATION = "evaluation"
POSITIVE = "positive syntax"
NEGATIVE = "negative syntax"
KINDS = {
    MF + "QueryEvaluationTest": EVALUATION,
    MF + "CSVResultFormatTest": EVALUATION,
    MF + "PositiveSyntaxTest11": POSITIVE,
    MF + "NegativeSyntaxTest11": NEGATIVE,
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal


# --- the manifests -------------------------------------------------------------------------------


def iri_of(path: Path) -> str:
    """The canonical IRI of a file of the suite."""
    return CANONICAL + path.relative_to(SUITE).as_posix()


def path_of(iri: str) -> Path | None:
    """The local copy of a canonical IRI, if the suite has that file."""
    if not iri.startswith(CANONICAL):
        return None
    path = SUITE / iri.removeprefix(CANONICAL)
    return path if path.is_file() else None


@dataclass(frozen=True)
class W3CTest:
    """One manifest entry of the read side."""

    iri: str
    kind: str
    directory: str
    query: Path
    title: str = ""
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Path | None = None

    @property
    def name(self) -> str:
        return f"{self.directory}/{self.iri.rsplit('#', 1)[-1]}"

    @property
    def query_iri(self) -> str:
        return iri_of(self.query)


class _Triples:
    """A manifest's triples, indexed by subject."""

    def __init__(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        self.by_subject: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        for t in triples:
            self.by_subject[_key(t.subject)].append((t.predicate.value, t.object))  # type: ignore[arg-type]

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        return [o for p, o in self.by_subject.get(_key(subject), []) if p == predicate]

    def value(self, subject: Term, predicate: str) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def items(self, head: Term | None) -> Iterator[Term]:
        """The members of an RDF list."""
        while head is not None and head != ox.NamedNode(RDF + "nil"):
            first = self.value(head, RDF + "first")
            if first is not None:
                yield first
            head = self.value(head, RDF + "rest")


def _key(term: object) -> str:
    return str(term)


def _local(term: Term | None) -> Path:
    path = path_of(term.value) if isinstance(term, ox.NamedNode) else None
    if path is None:
        raise ValueError(f"no local copy of {term}")
    return path


def load_manifest(directory: str) -> list[W3CTest]:
    """The read-side entries of ``<directory>/manifest.ttl``, in manifest order."""
    manifest = SUITE / directory / "manifest.ttl"
    graph = _Triples(
        ox.parse(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=iri_of(manifest))
    )
    head = ox.NamedNode(iri_of(manifest))
    tests: list[W3CTest] = []
    for entry in graph.items(graph.value(head, MF + "entries")):
        kinds = [KINDS.get(t.value, "") for t in graph.objects(entry, RDF + "type")]
        kind = next((k for k in kinds if k), None)
        if kind is None or not isinstance(entry, ox.NamedNode):
            raise ValueError(f"{manifest}: {entry} is not a read-side test this runner knows")
        action = graph.value(entry, MF + "action")
        title = str(getattr(graph.value(entry, MF + "name"), "value", ""))
        if kind == EVALUATION and action is not None:
            result = graph.value(entry, MF + "result")
            tests.append(
                W3CTest(
                    iri=entry.value,
                    kind=kind,
                    directory=directory,
                    query=_local(graph.value(action, QT + "query")),
                    title=title,
                    data=tuple(_local(d) for d in graph.objects(action, QT + "data")),
                    graph_data=tuple(_local(d) for d in graph.objects(action, QT + "graphData")),
                    result=None if result is None else _local(result),
                )
            )
        elif action is not None:
            tests.append(W3CTest(entry.value, kind, directory, _local(action), title))
    return tests


def load_suite(directories: Sequence[str] = READ_DIRS) -> list[W3CTest]:
    """Every read-side test of ``directories``; none if the suite is not on this machine (the
    test module then fails on its count, not at collection)."""
    if not SUITE.is_dir():
        return []
    return [test for directory in directories for test in load_manifest(directory)]


# --- results, read into comparable values --------------------------------------------------------


@dataclass(frozen=True)
class Solutions:
    """A solution sequence: its variables and its rows (unbound variables left out)."""

    variables: frozenset[str]
    rows: tuple[tuple[tuple[str, Term], ...], ...]


@dataclass(frozen=True)
class CsvTable:
    """A CSV answer as text: the header and the cells (CSV keeps no types)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Graph:
    triples: tuple[ox.Triple, ...]


Outcome = bool | Solutions | CsvTable | Graph

RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
    ".csv": ox.QueryResultsFormat.CSV,
}


def solutions_of(result: ox.QuerySolutions) -> Solutions:
    variables = [v.value for v in result.variables]
    rows = tuple(
        tuple((name, value) for name in variables if (value := row[name]) is not None)
        for row in result
    )
    return Solutions(frozenset(variables), rows)


def read_csv(data: bytes) -> CsvTable:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    lines = [tuple(line) for line in reader]
    return CsvTable(lines[0] if lines else (), tuple(lines[1:]))


def read_results(data: bytes, media_or_suffix: str) -> Outcome:
    """A SPARQL results document (by file suffix or media type) as an ``Outcome``."""
    key = media_or_suffix.split(";")[0].strip().lower()
    if key in (".csv", "text/csv"):
        return read_csv(data)
    result_format = RESULT_FORMATS.get(key) or ox.QueryResultsFormat.from_media_type(key)
    if result_format is None:
        raise ValueError(f"not a SPARQL results format: {media_or_suffix}")
    parsed = ox.parse_query_results(data, format=result_format)
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    return solutions_of(parsed)


def result_set_of_graph(triples: Sequence[ox.Triple]) -> Solutions | None:
    """The DAWG result-set vocabulary (``rs:ResultSet`` in Turtle) as solutions, if used."""
    graph = _Triples(triples)
    sets = [
        t.subject
        for t in triples
        if t.object == ox.NamedNode(RS + "ResultSet") and not isinstance(t.subject, ox.Triple)
    ]
    if not sets:
        return None
    result_set = sets[0]
    variables = frozenset(v.value for v in graph.objects(result_set, RS + "resultVariable"))
    indexed: list[tuple[int, tuple[tuple[str, Term], ...]]] = []
    for solution in graph.objects(result_set, RS + "solution"):
        index = graph.value(solution, RS + "index")
        bindings: list[tuple[str, Term]] = []
        for binding in graph.objects(solution, RS + "binding"):
            variable, value = (
                graph.value(binding, RS + "variable"),
                graph.value(binding, RS + "value"),
            )
            if variable is not None and value is not None:
                bindings.append((variable.value, value))
        row = tuple(sorted(bindings, key=lambda pair: pair[0]))
        indexed.append((int(index.value) if isinstance(index, ox.Literal) else 0, row))
    indexed.sort(key=lambda pair: pair[0])
    return Solutions(variables, tuple(row for _, row in indexed))


def read_rdf(data: bytes, rdf_format: ox.RdfFormat, base_iri: str | None) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(data, format=rdf_format, base_iri=base_iri)]


def expected_outcome(test: W3CTest) -> Outcome:
    """The expected result of an evaluation test."""
    assert test.result is not None
    suffix = test.result.suffix
    if suffix in RESULT_FORMATS:
        return read_results(test.result.read_bytes(), suffix)
    rdf_format = ox.RdfFormat.from_extension(suffix.lstrip("."))
    if rdf_format is None:
        raise ValueError(f"unknown result file type: {test.result}")
    triples = read_rdf(test.result.read_bytes(), rdf_format, iri_of(test.result))
    return result_set_of_graph(triples) or Graph(tuple(triples))


# --- comparison ----------------------------------------------------------------------------------


def _canonical(quads: Iterable[ox.Quad]) -> ox.Dataset:
    """Quads with blank nodes renamed canonically (RDFC-1.0) and literals as Oxigraph stores them
    (numeric and boolean lexical forms normalised: ``"1.0"^^xsd:decimal`` is ``"1"``), which is
    how Oxigraph's own harness reads expected and actual results alike."""
    store = ox.Store()
    store.extend(quads)
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


ROW = "urn:w3c-harness:row"
AT = "urn:w3c-harness:at"
VAR = "urn:w3c-harness:var:"


def _rows_as_quads(rows: Sequence[Sequence[tuple[str, Term]]], ordered: bool) -> Iterator[ox.Quad]:
    """Rows as a graph (one blank node per row) so that canonicalisation compares multisets of
    rows with blank nodes up to renaming."""
    for index, row in enumerate(rows):
        node = ox.BlankNode()
        yield ox.Quad(node, ox.NamedNode(RDF + "type"), ox.NamedNode(ROW))
        if ordered:
            yield ox.Quad(node, ox.NamedNode(AT), ox.Literal(str(index)))
        for name, value in row:
            yield ox.Quad(node, ox.NamedNode(VAR + name), value)


def _csv_cell(cell: str) -> Term:
    return ox.BlankNode(cell[2:]) if cell.startswith("_:") and len(cell) > 2 else ox.Literal(cell)


def _csv_rows(table: CsvTable) -> list[list[tuple[str, Term]]]:
    return [
        [(name, _csv_cell(cell)) for name, cell in zip(table.header, line, strict=False) if cell]
        for line in table.rows
    ]


def _short(outcome: Outcome, limit: int = 600) -> str:
    text = repr(outcome)
    return text if len(text) <= limit else text[:limit] + "…"


def _row_text(row: Sequence[tuple[str, Term]]) -> str:
    return " ".join(
        f"?{name}=" + ("_:*" if isinstance(value, ox.BlankNode) else str(value))
        for name, value in sorted(row, key=lambda pair: pair[0])
    )


def _rows_diff(
    expected: Sequence[Sequence[tuple[str, Term]]], actual: Sequence[Sequence[tuple[str, Term]]]
) -> str:
    """The rows only one side has (blank nodes shown as ``_:*``): a hint for a reader."""
    wanted = Counter(_row_text(r) for r in expected)
    got = Counter(_row_text(r) for r in actual)
    missing, extra = sorted((wanted - got).elements()), sorted((got - wanted).elements())
    if not missing and not extra:
        return "the same rows but for which blank nodes are the same across rows"
    return f"missing {missing[:8]}; unexpected {extra[:8]}"[:1500]


def difference(expected: Outcome, actual: Outcome, ordered: bool) -> str | None:
    """``None`` when ``actual`` is the expected result; otherwise what differs."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        if expected is actual:
            return None
        return f"expected {_short(expected)}, got {_short(actual)}"
    if isinstance(expected, Graph) or isinstance(actual, Graph):
        if not (isinstance(expected, Graph) and isinstance(actual, Graph)):
            return f"expected {_short(expected)}, got {_short(actual)}"
        if _canonical(ox.Quad(t.subject, t.predicate, t.object) for t in expected.triples) == (
            _canonical(ox.Quad(t.subject, t.predicate, t.object) for t in actual.triples)
        ):
            return None
        return f"graphs differ: expected {_short(expected)}, got {_short(actual)}"
    if isinstance(expected, CsvTable) or isinstance(actual, CsvTable):
        if not (isinstance(expected, CsvTable) and isinstance(actual, CsvTable)):
            return f"expected {_short(expected)}, got {_short(actual)}"
        if set(expected.header) != set(actual.header):
            return f"columns {expected.header} expected, got {actual.header}"
        rows_e, rows_a = _csv_rows(expected), _csv_rows(actual)
    else:
        if expected.variables != actual.variables:
            return (
                f"variables {sorted(expected.variables)} expected, got {sorted(actual.variables)}"
            )
        rows_e, rows_a = [list(r) for r in expected.rows], [list(r) for r in actual.rows]
    if len(rows_e) != len(rows_a):
        return f"{len(rows_e)} rows expected, got {len(rows_a)}: {_rows_diff(rows_e, rows_a)}"
    if _canonical(_rows_as_quads(rows_e, False)) != _canonical(_rows_as_quads(rows_a, False)):
        return f"rows differ: {_rows_diff(rows_e, rows_a)}"
    if ordered and _canonical(_rows_as_quads(rows_e, True)) != _canonical(
        _rows_as_quads(rows_a, True)
    ):
        order_e = [_row_text(r) for r in rows_e]
        order_a = [_row_text(r) for r in rows_a]
        return f"same rows in another order: expected {order_e[:8]}, got {order_a[:8]}"
    return None


ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?<([^>]*)>", re.IGNORECASE)


def is_ordered(query: str) -> bool:
    return ORDER_BY.search(query) is not None


def from_files(test: W3CTest, query: str) -> list[Path]:
    """Files of the suite the query names with ``FROM`` / ``FROM NAMED`` (test harnesses load
    them into the graph of that name, as a dataset description asks)."""
    found = [path_of(urljoin(test.query_iri, iri)) for iri in FROM.findall(query)]
    return [p for p in found if p is not None]


# --- verdicts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    passed: bool
    detail: str = ""


def read_data(path: Path) -> list[ox.Triple]:
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None:
        raise ValueError(f"unknown data file type: {path}")
    return read_rdf(path.read_bytes(), rdf_format, iri_of(path))


def named_graphs(test: W3CTest, query: str) -> dict[str, list[ox.Triple]]:
    """The named graphs of the test's dataset: ``qt:graphData`` and files named by ``FROM``."""
    return {iri_of(p): read_data(p) for p in (*test.graph_data, *from_files(test, query))}


def _answer_format(test: W3CTest) -> tuple[str, ox.QueryResultsFormat | None]:
    """The media type to ask for (the expected result's) and the results format to use."""
    assert test.result is not None
    suffix = test.result.suffix
    if suffix in RESULT_FORMATS:
        return RESULT_FORMATS[suffix].media_type, RESULT_FORMATS[suffix]
    return "", None


def judge_alone(test: W3CTest) -> Verdict:
    """The test run by pyoxigraph alone, loaded the standard way."""
    query = test.query.read_text(encoding="utf-8")
    store = ox.Store()
    if test.kind != EVALUATION:
        try:
            list_all(store.query(query, base_iri=test.query_iri))
        except SyntaxError as error:
            return Verdict(test.kind == NEGATIVE, f"refused: {error}")
        except (RuntimeError, ValueError, OSError) as error:
            return Verdict(test.kind == POSITIVE, f"parsed, then failed: {error}")
        return Verdict(test.kind == POSITIVE, "parsed")
    try:
        expected = expected_outcome(test)
        for path in test.data:
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in read_data(path))
        for name, triples in named_graphs(test, query).items():
            graph = ox.NamedNode(name)
            store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        result = store.query(query, base_iri=test.query_iri)
        actual = _read_back(result, test)
    except (SyntaxError, RuntimeError, ValueError, OSError) as error:
        return Verdict(False, f"error: {type(error).__name__}: {error}")
    found = difference(expected, actual, is_ordered(query))
    return Verdict(found is None, found or "")


def list_all(result: object) -> None:
    """Read a query answer to its end (an error may come while reading)."""
    if isinstance(result, (ox.QuerySolutions, ox.QueryTriples)):
        list(result)


def _read_back(result: object, test: W3CTest) -> Outcome:
    """Oxigraph's answer, serialised as the expected result is and read back."""
    if isinstance(result, ox.QueryTriples):
        return Graph(tuple(result))
    _, results_format = _answer_format(test)
    if results_format is None:  # a result set written in Turtle: compare the terms directly
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        assert isinstance(result, ox.QuerySolutions)
        return solutions_of(result)
    assert isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
    data = result.serialize(format=results_format)
    assert data is not None
    return read_results(data, test.result.suffix if test.result else "")


# --- through the service -------------------------------------------------------------------------

GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9"
SOLUTION_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"


def service_graphs(test: W3CTest, query: str) -> dict[str, list[ox.Triple]]:
    """The test's data as our service holds data: named graphs only, ``qt:data`` in the graph
    named by its file's IRI, so the default graph queries see is the union of them all."""
    graphs = {iri_of(p): read_data(p) for p in test.data}
    for name, triples in named_graphs(test, query).items():
        graphs.setdefault(name, triples)
    return graphs


def service_accept(test: W3CTest, expected: Outcome | None) -> str:
    if test.kind != EVALUATION:
        return f"{SOLUTION_ACCEPT}, {GRAPH_ACCEPT};q=0.5"
    media_type, results_format = _answer_format(test)
    if results_format is not None:
        return media_type
    if isinstance(expected, Graph):
        return GRAPH_ACCEPT
    return SOLUTION_ACCEPT


def read_answer(answer: httpx.Response) -> Outcome:
    """The service's answer, read by its Content-Type."""
    media_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    if rdf_format is not None and media_type not in ("application/json", "application/xml"):
        return Graph(tuple(read_rdf(answer.content, rdf_format, None)))
    return read_results(answer.content, media_type)


def with_base(test: W3CTest, query: str) -> str:
    """The query as the service must get it: our endpoint resolves relative IRIs against its own
    URL, the suite against the query file's IRI."""
    return f"BASE <{test.query_iri}>\n{query}"


def judge_answer(test: W3CTest, query: str, answer: httpx.Response) -> Verdict:
    """Judge the service's HTTP answer to the test's query."""
    if test.kind == POSITIVE:
        return Verdict(answer.status_code == 200, f"{answer.status_code} {answer.text[:300]}")
    if test.kind == NEGATIVE:
        return Verdict(answer.status_code == 400, f"{answer.status_code} {answer.text[:300]}")
    if answer.status_code != 200:
        return Verdict(False, f"{answer.status_code} {answer.text[:300]}")
    try:
        actual = read_answer(answer)
        expected = expected_outcome(test)
    except (SyntaxError, ValueError) as error:
        return Verdict(False, f"unreadable answer ({answer.headers.get('content-type')}): {error}")
    found = difference(expected, actual, is_ordered(query))
    return Verdict(found is None, found or "")


@contextmanager
def serving() -> Iterator[ServiceJudge]:
    """One live service over an in-memory store whose data each test replaces.

    Started as ``livesvc.serve`` starts one (real uvicorn on 127.0.0.1, a random port, the real
    query workers), but keeping a hand on the app's ``Services``: a fresh service per test costs
    2 s of worker start-up (11 minutes for the suite), so one service serves them all and each new
    data set is announced with ``Services.written``, as every write path of the service does.
    """
    store = OxigraphStore(None)
    app = create_app(Settings(query_timeout=20, query_workers=1), store)
    with serve_app(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield ServiceJudge(client, store, app.state.services)


class ServiceJudge:
    """Loads a test's data into the live service's store and asks it the test's query."""

    def __init__(self, client: httpx.Client, store: OxigraphStore, services: Services) -> None:
        self.client = client
        self.store = store
        self.services = services
        self.loaded: dict[str, list[ox.Triple]] | None = None

    def load(self, graphs: dict[str, list[ox.Triple]]) -> None:
        """Replace the store's graphs and tell the service, as a write does (without reasoning:
        the suite's data uses no ontology of ours, and each test must see exactly its data)."""
        if graphs == self.loaded:
            return
        self.store.drop_graphs(self.store.graph_names())
        self.store.replace_graphs(graphs)
        self.services.written(reasoned=True)
        self.loaded = graphs

    def judge(self, test: W3CTest) -> Verdict:
        query = test.query.read_text(encoding="utf-8")
        try:
            expected = expected_outcome(test) if test.kind == EVALUATION else None
            self.load(service_graphs(test, query) if test.kind == EVALUATION else {})
        except (SyntaxError, ValueError, OSError) as error:
            return Verdict(False, f"harness: {error}")
        answer = self.client.get(
            "/sparql",
            params={"query": with_base(test, query)},
            headers={"Accept": service_accept(test, expected)},
        )
        return judge_answer(test, query, answer)


# --- the report ----------------------------------------------------------------------------------


def report(tests: Sequence[W3CTest]) -> None:
    alone = {t.iri: judge_alone(t) for t in tests}
    started = time.monotonic()
    with serving() as judge:
        served = {t.iri: judge.judge(t) for t in tests}
    elapsed = time.monotonic() - started
    print(f"{'directory':20} {'oxigraph':>8} {'service':>8} {'total':>6}")
    totals: Counter[str] = Counter()
    for directory in READ_DIRS:
        these = [t for t in tests if t.directory == directory]
        a = sum(alone[t.iri].passed for t in these)
        s = sum(served[t.iri].passed for t in these)
        totals.update(alone=a, served=s, total=len(these))
        print(f"{directory:20} {a:8} {s:8} {len(these):6}")
    print(f"{'all':20} {totals['alone']:8} {totals['served']:8} {totals['total']:6}")
    print(f"service side: {elapsed:.1f} s")
    for t in tests:
        by_alone, by_service = alone[t.iri], served[t.iri]
        if not (by_alone.passed and by_service.passed):
            print(f"\n{t.name} ({t.title}) [{t.kind}]")
            print(f"  Oxigraph alone passes: {by_alone.passed}, service: {by_service.passed}")
            if not by_alone.passed:
                print(f"  alone: {by_alone.detail[:700]}")
            if not by_service.passed:
                print(f"  service: {by_service.detail[:700]}")


if __name__ == "__main__":
    report(load_suite(sys.argv[1:] or READ_DIRS))
