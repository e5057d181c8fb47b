"""Every extracted fact cites a sentence whose quote sits exactly at its offsets in the file."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from livesvc import ROOT

from graphsvc.extract.article import read_article
from graphsvc.extract.gazetteer import Gazetteer
from graphsvc.extract.pipeline import extract
from graphsvc.extract.turtle import to_turtle
from graphsvc.settings import SHIPPED_DIR

ARTICLES = sorted((SHIPPED_DIR / "data" / "sources").glob("*.txt")) + sorted(
    p
    for p in (ROOT / "tests" / "data" / "extract").rglob("*")
    if p.suffix in (".md", ".txt", ".html")
)
SELECTORS = """PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX hlm: <https://w3id.org/hlm/def/hlm#>
SELECT ?e ?exact ?prefix ?suffix ?start ?end ?confidence WHERE {
  ?e oa:hasSelector ?q , ?p ; hlm:confidence ?confidence .
  ?q oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
  ?p oa:start ?start ; oa:end ?end . }"""
FACTS_WITHOUT_EVIDENCE = """PREFIX hlm: <https://w3id.org/hlm/def/hlm#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?x WHERE { ?x a ?k . FILTER(?k NOT IN (<https://schema.org/NewsArticle>,
  <http://www.w3.org/ns/oa#SpecificResource>, <http://www.w3.org/ns/oa#TextQuoteSelector>,
  <http://www.w3.org/ns/oa#TextPositionSelector>, <https://schema.org/MonetaryAmount>))
  FILTER NOT EXISTS { ?x hlm:evidence ?e ; prov:wasDerivedFrom ?s } }"""


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_quote_is_at_its_offsets_and_every_fact_has_evidence(
    path: Path, gazetteer: Gazetteer, nlp: object
) -> None:
    article = read_article(path)
    store = ox.Store()
    store.load(to_turtle(extract(article, gazetteer, nlp)).encode(), format=ox.RdfFormat.TURTLE)
    rows = list(store.query(SELECTORS))  # type: ignore[arg-type]
    assert rows, "an article with facts yields evidence"
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert article.text[start:end] == row["exact"].value
        assert article.text[:start].endswith(row["prefix"].value)
        assert article.text[end:].startswith(row["suffix"].value)
        assert 0 < float(row["confidence"].value) <= 1
    assert list(store.query(FACTS_WITHOUT_EVIDENCE)) == []  # type: ignore[arg-type]
