"""The IRIs of our named graphs and the mapping between data IRIs and service paths.

The canonical base (``https://w3id.org/hlm/``) is the one written in the Turtle files; a service
configured with another base (e.g. ``http://127.0.0.1:8000/``) rewrites nothing in the data, it only
maps ``/id/...`` on itself to ``{data base}id/...``. See docs/modelling.md.
"""

from __future__ import annotations

from dataclasses import dataclass

CANONICAL_BASE = "https://w3id.org/hlm/"
HLM = CANONICAL_BASE + "def/hlm#"


@dataclass(frozen=True)
class GraphNames:
    """Named-graph IRIs under one base."""

    base: str = CANONICAL_BASE

    @property
    def ontology(self) -> str:
        return f"{self.base}graph/ontology"

    @property
    def shapes(self) -> str:
        return f"{self.base}graph/shapes"

    @property
    def reference(self) -> str:
        return f"{self.base}graph/reference"

    @property
    def inferred(self) -> str:
        return f"{self.base}graph/inferred"

    def source(self, stem: str) -> str:
        return f"{self.base}graph/source/{stem}"

    def is_source(self, graph: str) -> bool:
        return graph.startswith(f"{self.base}graph/source/")


GRAPHS = GraphNames()
