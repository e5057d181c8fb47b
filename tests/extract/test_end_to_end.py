"""Extraction end to end: the CLI writes reviewed Turtle, ingest takes it, the service serves it;
and the regression benchmark on the five curated sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from livesvc import ROOT, TEST_TOKEN, StartService
from SPARQLWrapper import JSON, SPARQLWrapper

from graphsvc.extract.article import read_article
from graphsvc.extract.evaluate import Score, context_quads, read_facts, score
from graphsvc.extract.gazetteer import Gazetteer
from graphsvc.extract.pipeline import extract
from graphsvc.extract.turtle import to_turtle
from graphsvc.ingest.pipeline import default_paths, ingest
from graphsvc.settings import SHIPPED_DIR, Settings
from graphsvc.store.oxigraph import OxigraphStore

ARTICLE = ROOT / "tests" / "data" / "extract" / "communique-bailleur.md"


def graphsvc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_extract_review_ingest_and_query_over_http(
    tmp_path: Path, start_service: StartService
) -> None:
    run = graphsvc("extract", str(ARTICLE), "--review", "-o", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert "FinancingConvention" in run.stdout and "Habitat 76 (new)" in run.stdout
    extracted = tmp_path / "communique-bailleur.ttl"
    assert "hlm:kindIsGuessed true" in extracted.read_text(encoding="utf-8")

    settings = Settings(store_dir=None, update_token=TEST_TOKEN, shipped_dir=SHIPPED_DIR)
    store = OxigraphStore(None)
    ingest(store, [*default_paths(settings), extracted], settings)
    service = start_service(settings, store)
    client = SPARQLWrapper(f"{service.url}/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(
        """PREFIX hlm: <https://w3id.org/hlm/def/hlm#>
        PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?label ?amount ?quote WHERE {
          ?a a hlm:FinancingConvention ; hlm:party ?habitat ,
               <https://w3id.org/hlm/id/organisation/banque-des-territoires> ;
             hlm:amount/schema:value ?amount ; hlm:evidence/oa:hasSelector/oa:exact ?quote .
          ?habitat rdfs:label ?label . FILTER(STR(?label) = "Habitat 76") }"""
    )
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    assert {float(r["amount"]["value"]) for r in rows} == {45_000_000.0}
    assert any("ont signé une convention de financement" in r["quote"]["value"] for r in rows)


def test_extract_names_a_missing_file_and_fails(tmp_path: Path) -> None:
    run = graphsvc("extract", str(tmp_path / "absent.md"), "-o", str(tmp_path))
    assert run.returncode != 0
    assert "absent.md" in run.stderr


def test_extract_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Convention signée à Besançon".encode("latin-1"))
    run = graphsvc("extract", str(bad), "-o", str(tmp_path))
    assert run.returncode != 0
    assert "latin1.txt:1" in run.stderr


@pytest.fixture(scope="module")
def totals(gazetteer: Gazetteer, nlp: object) -> dict[str, Score]:
    settings = Settings()
    context = context_quads(
        [
            settings.ontology_dir / "hlm.ttl",
            *sorted((settings.data_dir / "reference").glob("*.ttl")),
        ]
    )
    sums: dict[str, Score] = {}
    for path in sorted((settings.data_dir / "sources").glob("*.txt")):
        extraction = extract(read_article(path), gazetteer, nlp)
        found = read_facts(
            ox.parse(to_turtle(extraction).encode(), format=ox.RdfFormat.TURTLE), context
        )
        curated = settings.data_dir / "graph" / f"{path.stem}.ttl"
        expected = read_facts(ox.parse(path=str(curated), format=ox.RdfFormat.TURTLE), context)
        for name, value in score(found, expected).items():
            sums.setdefault(name, Score()).add(value)
    return sums


def test_regression_floor_on_the_five_curated_sources(totals: dict[str, Score]) -> None:
    """A floor under today's figures (README), so a change that loses ground is seen: agreements
    by signatory set F1 0.96, actors F1 0.97 (the issue's targets: 0.8 and 0.9)."""
    assert totals["agreements"].f1 >= 0.9
    assert totals["actors"].f1 >= 0.9
    assert totals["field:congress"].f1 >= 0.85


def test_evaluate_prints_precision_recall_and_f1_per_source_and_in_all() -> None:
    run = graphsvc("evaluate")
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if "ALL" in line]
    measures = {line.split("│")[2].strip() for line in rows}
    assert {"actors", "agreements", "field:year"} <= measures
    assert sum("000_85de2008" in line for line in run.stdout.splitlines()) == 5


def test_ontodoc_writes_the_ontology_documentation(tmp_path: Path) -> None:
    target = tmp_path / "doc" / "ontology.html"
    run = graphsvc("ontodoc", "-o", str(target))
    assert run.returncode == 0, run.stderr
    page = target.read_text(encoding="utf-8")
    assert '<tr id="Convention">' in page and "version 1.0.0" in page
