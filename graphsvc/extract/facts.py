"""The facts the rules read from a sentence: mentions, posts, agreements, counts, initiatives.

Offsets are into the whole file; a mention's ``key`` is the IRI of the known entry it was linked
to, or its category and folded name, so that the same name read twice is one node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .gazetteer import Entry
from .normalise import fold


@dataclass
class Mention:
    """An actor or person named in a sentence, resolved to a known entry or new."""

    start: int
    end: int
    text: str
    category: str  # "actor" or "person"
    entry: Entry | None = None
    score: float = 1.0
    kind: str | None = None
    kind_guessed: bool = False
    acronym: str | None = None
    unnamed: bool = False  # the text describes it without naming it: ``text`` is its words
    # How ``entry`` was chosen: "name" (a known name as written), "exact" (the folded name),
    # "acronym", "fuzzy" (a near-equal name: ``score`` says how near); None when new.
    link: str | None = None

    @property
    def key(self) -> str:
        bare = re.sub(r"\([^()]*\)", " ", self.text)
        # "groupe ICF Habitat" and "ICF Habitat" are one body.
        key = re.sub(r"^groupe\s+(?=\S+\s+\S)", "", fold(bare))
        return self.entry.iri if self.entry else f"{self.category}:{key}"


@dataclass
class Post:
    person: Mention
    role: str  # local name under id/role/
    of: Mention | None
    sentence: tuple[int, int]


@dataclass
class AgreementFact:
    kind: str
    sentence: tuple[int, int]
    parties: list[Mention] = field(default_factory=list)
    signatories: list[Mention] = field(default_factory=list)
    signed_by: list[Mention] = field(default_factory=list)
    present: list[Mention] = field(default_factory=list)
    auspices: list[Mention] = field(default_factory=list)
    amount: Decimal | None = None
    duration: str | None = None
    renewable: bool | None = None
    purpose: str | None = None
    territories: list[Entry] = field(default_factory=list)
    confidence: float = 0.8
    signed: bool = False  # the sentence has a signing verb
    needs_subject: bool = False  # a pronoun stands for the body signing ("Elle a signé avec")
    more_evidence: list[tuple[int, int]] = field(default_factory=list)

    def party_keys(self) -> frozenset[str]:
        return frozenset(m.key for m in self.parties)


@dataclass
class CountFact:
    count: int
    approximate: bool
    kind: str
    sentence: tuple[int, int]
    by: list[Mention] = field(default_factory=list)


@dataclass
class InitiativeFact:
    name: str
    kind: str  # "Alliance", "School" or "Initiative"
    sentence: tuple[int, int]
    launched_by: list[Mention] = field(default_factory=list)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    kept = []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            kept.append(m)
    return kept
