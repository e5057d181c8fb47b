"""What the package carries and serves: the ontology and its SHACL shapes (``ontology/``), the
reference data, the curated graph of the five shipped sources and their texts (``data/``), and the
canned queries (``queries/``). They are package data, so an installed wheel serves the same graph
as a checkout; the settings (``GRAPHSVC_QUERIES_DIR``, paths given to ``ingest``) still override
them. A wheel built after ``npm ci`` also carries the front-end files the pages need
(``vendor/``, filled by ``setup.py``; never committed).

Entry point: :func:`shipped_dir`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped_dir() -> Path:
    """The folder holding ``ontology/``, ``data/``, ``queries/`` (and ``vendor/`` in a wheel).

    The package is installed as files (a checkout, an editable install or a wheel unpacked in
    site-packages), never imported from a zip, so the resource root is a real folder.
    """
    return Path(str(files(__name__)))
