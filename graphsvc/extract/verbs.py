"""The extraction verbs of the ``graphsvc`` command, declared without loading the extraction.

``graphsvc.cli`` builds its parser at every start, and each query worker of ``graphsvc serve``
imports it again (multiprocessing's spawn re-imports the main module). The extraction's imports
(spaCy's glue, rdflib, rich, tqdm) cost 0.2-0.4 s there, so they wait until a verb runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..settings import Settings


def _deferred(name: str) -> Callable[[argparse.Namespace], int]:
    """``graphsvc.extract.cli.<name>``, imported when the verb runs."""

    def run(args: argparse.Namespace) -> int:
        from . import cli

        command: Callable[[argparse.Namespace], int] = getattr(cli, name)
        return command(args)

    return run


def register(verbs: Any) -> None:
    """Add the extraction verbs to the ``graphsvc`` command."""
    ext = verbs.add_parser("extract", help="French articles → Turtle with provenance, to review")
    ext.add_argument("paths", nargs="+", help="article files (.txt, .md, .html) or folders")
    ext.add_argument("--out", "-o", default="build/extracted", help="folder for the Turtle files")
    ext.add_argument("--review", action="store_true", help="print what was found, with quotes")
    ext.add_argument(
        "--batch-size", type=int, default=256, help="sentences per spaCy batch (nlp.pipe)"
    )
    ext.add_argument(
        "--store",
        metavar="DIR",
        help="a store folder (opened read-only): link to what it holds, report what ingesting adds",
    )
    ext.set_defaults(run=_deferred("cmd_extract"))
    ev = verbs.add_parser(
        "evaluate", help="score extraction against curated Turtle or a gold corpus (P/R/F1)"
    )
    ev.add_argument("--sources", default=str(Settings.from_env().data_dir / "sources"))
    ev.add_argument("--curated", default=str(Settings.from_env().data_dir / "graph"))
    ev.add_argument(
        "--corpus", help="a corpus folder (sources.tsv, articles/, gold/): score against gold YAML"
    )
    ev.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ev.set_defaults(run=_deferred("cmd_evaluate"))
