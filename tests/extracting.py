"""What the extraction tests share: how a test reads a sentence, and how it names what was found
(a known actor by its IRI, a new one by its words)."""

from __future__ import annotations

from collections.abc import Callable

from graphsvc.extract.facts import AgreementFact
from graphsvc.extract.pipeline import Extraction

Read = Callable[[str], Extraction]
ID = "https://w3id.org/hlm/id/organisation/"


def names(fact: AgreementFact, attribute: str = "parties") -> set[str]:
    """The parties (or signatories, …) of an agreement: IRIs of linked actors, words of new ones."""
    return {m.entry.iri if m.entry else m.text for m in getattr(fact, attribute)}
