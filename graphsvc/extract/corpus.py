"""Scoring extraction against a corpus of gold readings (``corpus/gold/<slug>.yaml``).

The gold schema is in ``corpus/README.md``: actors (name, aliases), people (name), agreements
(parties by actor name). The extraction side is what ``graphsvc extract`` writes as nodes: the
reported actors and people and the agreements with their parties. Actors match one to one by a
folded name, alias or acronym, or a near-equal one (the same test as the curated evaluation);
people by their folded name; an agreement matches when its parties, mapped through the actor
matching, are exactly the gold party set.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .evaluate import Score, _key, _same_actor
from .pipeline import Extraction, reported_mentions

KINDS = ("actors", "people", "agreements")


@dataclass
class Reading:
    """Actors (id → folded names), people (id → folded names) and agreements (party-id sets)."""

    actors: dict[str, set[str]] = field(default_factory=dict)
    people: dict[str, set[str]] = field(default_factory=dict)
    agreements: list[frozenset[str]] = field(default_factory=list)


def _names(values: Iterable[Any]) -> set[str]:
    """Folded names; "groupe X" is also X (the extraction folds them so)."""
    keys = {_key(str(v)) for v in values if v} - {""}
    return keys | {k[len("groupe ") :] for k in keys if k.startswith("groupe ") and " " in k[7:]}


def gold_reading(data: dict[str, Any]) -> Reading:
    """A gold YAML document as a ``Reading``; party names resolve to actor ids by name or alias."""
    reading = Reading()
    by_name: dict[str, str] = {}
    for number, actor in enumerate(data.get("actors") or []):
        ident = f"gold:{number}"
        reading.actors[ident] = _names([actor.get("name"), *(actor.get("aliases") or [])])
        for name in reading.actors[ident]:
            by_name.setdefault(name, ident)
    for number, person in enumerate(data.get("people") or []):
        reading.people[f"gold-person:{number}"] = _names([person.get("name")])
    for agreement in data.get("agreements") or []:
        parties = frozenset(
            by_name.get(_key(p), f"unknown:{_key(p)}") for p in agreement["parties"]
        )
        reading.agreements.append(parties)
    return reading


def extraction_reading(extraction: Extraction) -> Reading:
    """What the Turtle of ``extraction`` holds, as a ``Reading`` keyed by mention key."""
    reading = Reading()
    for mention in reported_mentions(extraction):
        if mention.category == "person" and mention.unnamed:
            continue
        names = [mention.text, mention.acronym]
        if mention.entry is not None:
            names += mention.entry.names
        target = reading.people if mention.category == "person" else reading.actors
        target.setdefault(mention.key, set()).update(_names(names))
    reading.agreements = [fact.party_keys() for fact in extraction.agreements]
    return reading


def _match(
    found: dict[str, set[str]], expected: dict[str, set[str]], one_to_one: bool = True
) -> dict[str, str]:
    """Found id → expected id, one to one: exact name overlaps first, then near matches.
    Not one to one, two found ids may name the same expected one (the party mapping of
    agreements: a duplicate actor is already counted against precision)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for ident, names in found.items():
            if ident in mapping:
                continue
            for other, other_names in expected.items():
                if other in taken:
                    continue
                same = (
                    bool(names & other_names) if exact else _same_actor("", names, "-", other_names)
                )
                if same:
                    mapping[ident] = other
                    if one_to_one:
                        taken.add(other)
                    break
    return mapping


def score_reading(found: Reading, expected: Reading) -> dict[str, Score]:
    """Per kind: matched, found and expected counts."""
    actors = _match(found.actors, expected.actors)
    people = _match(found.people, expected.people)
    matched = 0
    left = list(expected.agreements)
    parties_map = _match(found.actors, expected.actors, one_to_one=False)
    for parties in found.agreements:
        mapped = frozenset(parties_map.get(p, p) for p in parties)
        if mapped in left:
            left.remove(mapped)
            matched += 1
    return {
        "actors": Score(len(actors), len(found.actors), len(expected.actors)),
        "people": Score(len(people), len(found.people), len(expected.people)),
        "agreements": Score(matched, len(found.agreements), len(expected.agreements)),
    }


@dataclass(frozen=True)
class CorpusArticle:
    slug: str
    split: str
    text: Path
    gold: Path


def corpus_articles(root: Path, split: str = "dev") -> list[CorpusArticle]:
    """The articles of ``root/sources.tsv`` in ``split`` (``all`` for every one) whose text and
    gold reading are both present."""
    found = []
    with (root / "sources.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if split != "all" and row["split"] != split:
                continue
            slug = row["slug"]
            text, gold = root / "articles" / f"{slug}.txt", root / "gold" / f"{slug}.yaml"
            if text.exists() and gold.exists():
                found.append(CorpusArticle(slug, row["split"], text, gold))
    return found


def read_gold(path: Path) -> Reading:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return gold_reading(data if isinstance(data, dict) else {})
