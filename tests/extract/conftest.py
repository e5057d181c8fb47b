"""Extraction fixtures: the shipped reference data as gazetteer, spaCy's French pipeline (loaded
once: it takes seconds), and ``read(text)`` to run the whole extraction on a small article."""

from __future__ import annotations

from pathlib import Path

import pytest
from extracting import Read

from graphsvc.extract.article import parse_article
from graphsvc.extract.gazetteer import Gazetteer
from graphsvc.extract.pipeline import Extraction, extract, french_pipeline
from graphsvc.settings import SHIPPED_DIR


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_files(sorted((SHIPPED_DIR / "data" / "reference").glob("*.ttl")))


@pytest.fixture(scope="session")
def nlp() -> object:
    return french_pipeline()


@pytest.fixture(scope="session")
def read(gazetteer: Gazetteer, nlp: object) -> Read:
    def run(text: str) -> Extraction:
        return extract(parse_article(Path("article.txt"), text), gazetteer, nlp)

    return run
