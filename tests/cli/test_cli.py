"""The ``graphsvc`` command as a user runs it: a real process, exit codes, file:line errors."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphsvc.settings import SHIPPED_DIR
from graphsvc.store.oxigraph import GraphStore, OxigraphStore

ROOT = Path(__file__).resolve().parent.parent.parent
MINI = ROOT / "tests" / "data" / "ingest"


def graphsvc(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GRAPHSVC_STORE_DIR": str(store)}
    return subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def loaded_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    done = graphsvc("ingest", str(MINI / "ontology"), str(MINI / "data"), store=store)
    assert done.returncode == 0, done.stderr
    assert "asserted" in done.stdout
    return store


def test_query_prints_csv_bindings(loaded_store: Path) -> None:
    done = graphsvc(
        "query",
        "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
        "ORDER BY ?label",
        store=loaded_store,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows == [["label"], ["B1"], ["FOPH"], ["OPH A"]]


def test_query_reads_a_file_and_serialises_construct_as_turtle(
    loaded_store: Path, tmp_path: Path
) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "CONSTRUCT { ?s a ?c } WHERE { GRAPH <https://w3id.org/hlm/graph/source/src1> { ?s a ?c } }"
    )
    done = graphsvc("query", str(query), "--format", "turtle", store=loaded_store)
    assert done.returncode == 0, done.stderr
    triples = list(ox.parse(done.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) == 2


def test_a_bad_file_exits_non_zero_naming_file_and_line(loaded_store: Path) -> None:
    before = graphsvc("export", "--format", "nquads", store=loaded_store).stdout
    done = graphsvc("ingest", str(MINI / "broken" / "src1.ttl"), store=loaded_store)
    assert done.returncode == 1
    assert f"{MINI / 'broken' / 'src1.ttl'}:6: syntax error" in done.stderr
    after = graphsvc("export", "--format", "nquads", store=loaded_store).stdout
    assert sorted(after.splitlines()) == sorted(before.splitlines())


def test_a_malformed_query_exits_non_zero_with_the_parser_message(loaded_store: Path) -> None:
    done = graphsvc("query", "SELECT WHERE {", store=loaded_store)
    assert done.returncode == 1
    assert "graphsvc:" in done.stderr
    assert "Traceback" not in done.stderr


def test_stats_and_export_agree_with_each_other(loaded_store: Path) -> None:
    stats = graphsvc("stats", store=loaded_store)
    assert stats.returncode == 0, stats.stderr
    total = int(stats.stdout.strip().splitlines()[-1].split()[0])
    dump = graphsvc("export", "--format", "nquads", store=loaded_store)
    quads = list(ox.parse(dump.stdout.encode(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == total
    assert "<https://w3id.org/hlm/graph/source/src1>" in stats.stdout


def test_validate_checks_without_writing(loaded_store: Path) -> None:
    before = graphsvc("export", "--format", "nquads", store=loaded_store).stdout
    done = graphsvc("validate", str(MINI / "broken" / "unlabelled.ttl"), store=loaded_store)
    assert done.returncode == 1
    assert "unlabelled.ttl:3" in done.stderr
    assert graphsvc("export", "--format", "nquads", store=loaded_store).stdout == before


def test_validate_lists_every_violation_by_file_and_line(
    loaded_store: Path, tmp_path: Path
) -> None:
    """Not the first one and "(and 3 more)": each violation on its line, file:line first."""
    broken = tmp_path / "three.ttl"
    broken.write_text(
        "@prefix hlm: <https://w3id.org/hlm/def/hlm#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "\n"
        '<https://w3id.org/hlm/id/agreement/c2> a hlm:Convention ; rdfs:label "C2"@fr .\n'
        '<https://w3id.org/hlm/id/agreement/c1> a hlm:Convention ; rdfs:label "C1"@fr .\n'
        "<https://w3id.org/hlm/id/organisation/nameless> a hlm:OfficePublicHabitat .\n",
        encoding="utf-8",
    )
    done = graphsvc("validate", str(broken), store=loaded_store)
    assert done.returncode == 1
    said = done.stderr.strip().splitlines()
    lines = said[next(i for i, line in enumerate(said) if line.startswith("graphsvc: ")) :]
    assert lines[0] == f"graphsvc: {broken}:4: 3 violations of the SHACL shapes:"
    assert [line.split(": shape")[0].strip() for line in lines[1:]] == [
        f"{broken}:4", f"{broken}:5", f"{broken}:6",
    ]  # fmt: skip
    assert "an agreement needs a party" in lines[1] and "agreement/c2" in lines[1]
    assert "an agreement needs a party" in lines[2] and "agreement/c1" in lines[2]
    assert "an organisation needs a label" in lines[3] and "nameless" in lines[3]


def canonical(quads: object) -> set[ox.Quad]:
    """Quads with their blank nodes renamed canonically, to compare two copies of a graph."""
    dataset = ox.Dataset(quads)  # type: ignore[arg-type]
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def store_quads(folder: Path) -> set[ox.Quad]:
    store = OxigraphStore(folder, read_only=True)
    try:
        return canonical(store.quads())
    finally:
        store.close()


def shipped_files() -> list[Path]:
    return sorted(
        p for d in ("ontology", "data") for p in (SHIPPED_DIR / d).rglob("*.ttl") if p.is_file()
    )


def test_validate_of_a_valid_file_exits_zero_saying_what_it_checked(loaded_store: Path) -> None:
    before = store_quads(loaded_store)
    source = MINI / "data" / "graph" / "src2.ttl"
    triples = len(list(ox.parse(path=source, format=ox.RdfFormat.TURTLE)))
    done = graphsvc("validate", str(source), store=loaded_store)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"valid: 1 files, {triples} triples, consistent\n"
    assert store_quads(loaded_store) == before


def test_validate_with_no_path_checks_the_shipped_data_and_writes_nothing(tmp_path: Path) -> None:
    files = shipped_files()
    triples = sum(len(list(ox.parse(path=p, format=ox.RdfFormat.TURTLE))) for p in files)
    done = graphsvc("validate", store=tmp_path / "store")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"valid: {len(files)} files, {triples} triples, consistent\n"
    assert "validating (SHACL)" in done.stderr
    assert not (tmp_path / "store").exists()


def test_ingest_with_no_path_loads_the_shipped_data(
    tmp_path: Path, shipped_store: GraphStore
) -> None:
    store = tmp_path / "store"
    done = graphsvc("ingest", store=store)
    assert done.returncode == 0, done.stderr
    reported = {
        graph: int(count)
        for count, graph in re.findall(r"^\s*(\d+) triples  <([^>]+)>$", done.stdout, re.M)
    }
    files = shipped_files()
    assert len(reported) == len(files)
    assert sum(reported.values()) == sum(
        len(list(ox.parse(path=p, format=ox.RdfFormat.TURTLE))) for p in files
    )
    assert "https://w3id.org/hlm/graph/shapes" in reported
    assert store_quads(store) == canonical(shipped_store.quads())


def test_export_trig_to_a_file_holds_every_quad_of_the_store(
    loaded_store: Path, tmp_path: Path
) -> None:
    output = tmp_path / "dump.trig"
    done = graphsvc("export", "--format", "trig", "-o", str(output), store=loaded_store)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    dumped = canonical(ox.parse(path=output, format=ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in dumped if isinstance(q.graph_name, ox.NamedNode)} >= {
        "https://w3id.org/hlm/graph/source/src1",
        "https://w3id.org/hlm/graph/inferred",
    }
    assert dumped == store_quads(loaded_store)


LABELS_QUERY = (
    "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
)


def read_csv(text: str) -> list[object]:
    return [row[0] for row in csv.reader(io.StringIO(text))]


def read_with_oxigraph(name: str) -> Callable[[str], list[object]]:
    def read(text: str) -> list[object]:
        results_format = ox.QueryResultsFormat.from_extension(name)
        assert results_format is not None
        solutions = ox.parse_query_results(text.encode(), format=results_format)
        assert isinstance(solutions, ox.QuerySolutions)
        return [v.value for v in solutions.variables] + [row["label"] for row in solutions]

    return read


LABELS = [ox.Literal(label, language="fr") for label in ("B1", "FOPH", "OPH A")]


@pytest.mark.parametrize(
    ("name", "read", "expected"),
    [
        ("csv", read_csv, ["label", "B1", "FOPH", "OPH A"]),
        ("tsv", read_with_oxigraph("tsv"), ["label", *LABELS]),
        ("xml", read_with_oxigraph("srx"), ["label", *LABELS]),
        ("json", read_with_oxigraph("srj"), ["label", *LABELS]),
    ],
    ids=["csv", "tsv", "xml", "json"],
)
def test_query_writes_each_results_format(
    loaded_store: Path, name: str, read: Callable[[str], list[object]], expected: list[object]
) -> None:
    done = graphsvc("query", LABELS_QUERY, "--format", name, store=loaded_store)
    assert done.returncode == 0, done.stderr
    assert read(done.stdout) == expected
