"""Known actors, people, places, congresses and roles, and how to find and resolve their names.

Built from ``data/reference/`` (labels, alternative labels, acronyms, names), so that a new article
naming "la Fédération des offices publics de l'habitat (FOPH)" reuses the IRI the curated graph
uses. Resolution is exact on folded keys first, then on the acronym in parentheses, then fuzzy
(rapidfuzz) for near-misses, with a score that becomes the evidence's confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz, process

from .normalise import fold

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NAME_PROPERTIES = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "https://w3id.org/hlm/def/hlm#acronym",
    "https://schema.org/name",
}
EDITION = "https://w3id.org/hlm/def/hlm#editionNumber"
CATEGORIES = {
    "organisation": "actor",
    "person": "person",
    "place": "place",
    "event": "event",
    "role": "role",
}
FUZZY_CUTOFF = 88.0
# A known name followed by one of these words is the name of another body: its subsidiary or
# namesake ("CDC Habitat", "CDC-Habitat", "Action Logement Immobilier" when not known itself).
SUBSIDIARY_TAIL = re.compile(r"[ -](?:Habitat|Logement|Immobili[eè]re?|Habitations?)\b", re.I)


# The categories of the Mouvement Hlm, written out: "Fédération des OPH" is the "Fédération des
# offices publics de l'habitat".
CATEGORY_ACRONYMS = {
    "OPH": "offices publics de l'habitat",
    "ESH": "entreprises sociales pour l'habitat",
    "EPL": "entreprises publiques locales",
    "AR": "association régionale",
}


def expand_categories(name: str) -> str:
    """ "Fédération des OPH" → "Fédération des offices publics de l'habitat"."""
    for acronym, words in CATEGORY_ACRONYMS.items():
        name = re.sub(rf"\b{acronym}\b", words, name)
    return name


@dataclass
class Entry:
    """One known thing and every name the reference data gives it."""

    iri: str
    category: str
    kinds: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    edition: int | None = None

    @property
    def label(self) -> str:
        return self.names[0] if self.names else self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Resolution:
    entry: Entry
    score: float  # 1.0 exact, lower for fuzzy
    how: str  # "exact", "acronym" or "fuzzy"


@dataclass(frozen=True)
class Found:
    """A known name found in a text: where, and what it names."""

    start: int
    end: int
    entry: Entry


def scan_key(text: str) -> str:
    """A same-length folding of ``text`` for searching names at their original offsets."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append({"’": "'", "ʼ": "'", "*": " ", "\u00a0": " "}.get(char, base[:1] or " "))
    return "".join(out)


def _category(iri: str) -> str | None:
    match = re.search(r"/id/([a-z]+)/", iri)
    return CATEGORIES.get(match.group(1)) if match else None


class Gazetteer:
    """Lookup over the reference entries."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self._by_key: dict[str, Entry] = {}
        for entry in self.entries:
            for name in entry.names:
                self._by_key.setdefault(fold(name), entry)
        self._keys = list(self._by_key)
        self._patterns = sorted(
            ((self._pattern(n), n, e) for e in self.entries for n in e.names),
            key=lambda item: -len(item[1]),
        )

    @staticmethod
    def _pattern(name: str) -> re.Pattern[str]:
        key = scan_key(name).strip()
        key = re.sub(r"^(?:la |le |les |l')", "", key)
        body = r"\s+".join(re.escape(word) for word in key.split())
        return re.compile(rf"(?<![\w]){body}(?![\w])")

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> Gazetteer:
        return cls.from_triples(
            triple
            for path in paths
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        )

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple]) -> Gazetteer:
        """Entries from any graph: reference data, curated graphs, earlier extractions."""
        entries: dict[str, Entry] = {}
        for triple in triples:
            subject = triple.subject
            if not isinstance(subject, ox.NamedNode):
                continue
            category = _category(subject.value)
            if category is None:
                continue
            entry = entries.setdefault(subject.value, Entry(subject.value, category))
            predicate, value = triple.predicate.value, triple.object
            if predicate == RDF_TYPE and isinstance(value, ox.NamedNode):
                entry.kinds.append(value.value)
            elif predicate in NAME_PROPERTIES and isinstance(value, ox.Literal):
                if value.value not in entry.names:
                    entry.names.append(value.value)
            elif predicate == EDITION and isinstance(value, ox.Literal):
                entry.edition = int(value.value)
        return cls(e for e in entries.values() if e.names or e.edition is not None)

    def by_category(self, category: str) -> list[Entry]:
        return [e for e in self.entries if e.category == category]

    def congress(self, edition: int) -> Entry | None:
        return next((e for e in self.by_category("event") if e.edition == edition), None)

    def resolve(self, name: str, categories: tuple[str, ...] = ("actor",)) -> Resolution | None:
        """The known entry a name refers to, if any."""
        candidates = [name]
        acronym = re.search(r"\(([^()]{2,15})\)\s*$", name)
        if acronym:
            candidates = [name[: acronym.start()].strip(), acronym.group(1)]
        for candidate in candidates:
            entry = self._by_key.get(fold(candidate))
            if entry is not None and entry.category in categories:
                how = "acronym" if candidate != name and candidate.isupper() else "exact"
                return Resolution(entry, 1.0, how)
        expanded = expand_categories(candidates[0])
        if expanded != candidates[0]:
            entry = self._by_key.get(fold(expanded))
            if entry is not None and entry.category in categories:
                return Resolution(entry, 0.95, "acronym")
        key = fold(candidates[0])
        if len(key) < 8:
            return None
        keys = [k for k in self._keys if self._by_key[k].category in categories]
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            return Resolution(self._by_key[best[0]], round(best[1] / 100, 2), "fuzzy")
        return self._fuzzy_subset(key, keys)

    def _fuzzy_subset(self, key: str, keys: list[str]) -> Resolution | None:
        """ "federation des offices publics de l'habitat" ⊂ "federation nationale des …": a long
        name that differs from a known one by a single word."""
        words = set(key.split())
        if len(words) < 4:
            return None
        for known in keys:
            other = set(known.split())
            if len(words ^ other) == 1 and len(other) >= 4:
                return Resolution(self._by_key[known], 0.85, "fuzzy")
        return None

    def find(self, text: str, categories: tuple[str, ...]) -> Iterator[Found]:
        """Known names in ``text``, longest first, never overlapping."""
        haystack = scan_key(text)
        taken: list[tuple[int, int]] = []
        for pattern, name, entry in self._patterns:
            if entry.category not in categories:
                continue
            for match in pattern.finditer(haystack):
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                if len(name) <= 6 and text[start:end] != name:
                    continue  # short names (USH, FOPH) only as written
                if SUBSIDIARY_TAIL.match(text, end):
                    continue  # "CDC Habitat" is a company of its own, not the CDC
                taken.append((start, end))
                yield Found(start, end, entry)
