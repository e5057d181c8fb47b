"""The miniature project used by the tests below the web (ontology, shapes, reference, sources)."""

from __future__ import annotations

from livesvc import MINI, snapshot

BROKEN = MINI / "broken"

__all__ = ["BROKEN", "MINI", "snapshot"]
