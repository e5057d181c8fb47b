"""A corpus through the command: .html pages reduced to their article, the curator's report,
links to known entities with their rule and confidence, stable IRIs for new actors, and
``evaluate --corpus`` against gold readings (all on texts of our own in tests/data/extract)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from livesvc import ROOT

from graphsvc.extract.article import html_article, parse_article, read_article
from graphsvc.extract.gazetteer import Gazetteer
from graphsvc.extract.pipeline import extract
from graphsvc.extract.turtle import to_turtle

DATA = ROOT / "tests" / "data" / "extract"
PAGE = DATA / "pages" / "orvalie.html"


def graphsvc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphsvc.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_a_web_page_is_reduced_to_its_article() -> None:
    text, title, date = html_article(PAGE.read_text(encoding="utf-8"))
    assert title == "Orvalie Habitat et l’État signent une convention"
    assert date == "2025-01-15"
    assert "ont signé une convention de financement" in text
    for chrome in ("Accueil", "Nos résidences", "Lire aussi", "mentions légales", "tracker"):
        assert chrome not in text


def test_an_html_article_gives_its_agreement_with_quotes_from_its_text(
    gazetteer: Gazetteer, nlp: object
) -> None:
    article = read_article(PAGE)
    x = extract(article, gazetteer, nlp)
    assert {frozenset(m.text for m in f.parties) for f in x.agreements} == {
        frozenset({"Orvalie Habitat", "État"})
    }
    (fact,) = x.agreements
    assert article.text[fact.sentence[0] : fact.sentence[1]].startswith("Orvalie Habitat et")
    assert "Action Logement" not in {m.text for m in x.mentions}


def test_a_new_actor_gets_the_same_iri_in_two_articles(gazetteer: Gazetteer, nlp: object) -> None:
    iris = []
    for name, text in (
        ("a.txt", "Domivia a signé une convention avec la Ville de Vernoux."),
        ("b.txt", "Le bailleur Domivia et l'État ont conclu un accord."),
    ):
        turtle = to_turtle(extract(parse_article(Path(name), text), gazetteer, nlp))
        graph = ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
        iris.append(
            {t.subject.value for t in graph if t.object == ox.Literal("Domivia", language="fr")}
        )
    assert iris[0] == iris[1] == {"https://w3id.org/hlm/id/organisation/domivia"}


def test_a_guessed_link_says_its_rule_and_confidence(gazetteer: Gazetteer, nlp: object) -> None:
    text = "La Fédération nationale des office publics de l’habitat a signé avec Domivia."
    turtle = to_turtle(extract(parse_article(Path("c.txt"), text), gazetteer, nlp))
    store = ox.Store()
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(  # type: ignore[union-attr]
            """PREFIX hlm: <https://w3id.org/hlm/def/hlm#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?c ?note WHERE {
              <https://w3id.org/hlm/id/organisation/foph> hlm:evidence ?e .
              ?e hlm:confidence ?c ; skos:editorialNote ?note }"""
        )
    )
    assert len(rows) == 1
    assert float(rows[0]["c"].value) < 1.0
    assert rows[0]["note"].value.startswith("lien deviné")


def test_extract_writes_a_report_and_replaces_an_article_extracted_again(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PAGE, folder)
    shutil.copy(DATA / "corpus" / "articles" / "vernoux-domivia.txt", folder)
    out = tmp_path / "out"
    for _ in range(2):
        run = graphsvc("extract", str(folder), "-o", str(out))
        assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "orvalie.ttl",
        "report.md",
        "vernoux-domivia.ttl",
    ]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| orvalie.html | 2 | 0 | 1 |" in report
    assert "## vernoux-domivia.txt" in report and "Claire Dumas (person" in report


def test_evaluate_corpus_scores_against_gold_readings() -> None:
    run = graphsvc("evaluate", "--corpus", str(DATA / "corpus"), "--split", "dev")
    assert run.returncode == 0, run.stderr
    totals = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
        for line in run.stdout.splitlines()
        if line.count("│") == 8
    }
    assert totals["actors"] == ["2", "2", "2", "1.00", "1.00", "1.00"]
    assert totals["people"] == ["1", "1", "1", "1.00", "1.00", "1.00"]
    assert totals["agreements"] == ["1", "1", "1", "1.00", "1.00", "1.00"]


def test_extract_against_a_store_links_to_it_and_says_what_ingesting_adds(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(DATA / "corpus" / "articles" / "vernoux-domivia.txt", first)
    (second / "suite.txt").write_text(
        "Le bailleur Domivia et Orvalie Habitat ont signé un accord.\n", encoding="utf-8"
    )
    store = tmp_path / "store"
    shipped = ROOT / "graphsvc" / "shipped"
    assert graphsvc("extract", str(first), "-o", str(tmp_path / "a")).returncode == 0
    run = graphsvc(
        "ingest", "--store", str(store), str(shipped / "ontology"),
        str(shipped / "data" / "reference"), str(shipped / "data" / "graph"),
        str(tmp_path / "a" / "vernoux-domivia.ttl"),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    run = graphsvc("extract", str(second), "--store", str(store), "-o", str(tmp_path / "b"))
    assert run.returncode == 0, run.stderr
    report = (tmp_path / "b" / "report.md").read_text(encoding="utf-8")
    organisation = "https://w3id.org/hlm/id/organisation/"
    assert "- adds the graph <https://w3id.org/hlm/graph/source/suite>" in report
    assert f"- new actors and people (1): <{organisation}orvalie-habitat>" in report
    assert f"- known ones gaining facts (1): <{organisation}domivia>" in report
