"""Events and initiatives: the congress an article is about ("85e congrès") and what a sentence
says is launched ("le lancement de l'Alliance …")."""

from __future__ import annotations

import re

from .facts import InitiativeFact, Mention
from .normalise import fold

CONGRESS = re.compile(r"\b(?P<n>\d{2,3})\s*(?:e|è|ème|eme|\^e)\s+congr[eè]s\b", re.I)
LAUNCH = re.compile(
    r"\b(?:lancement|lance|lancé|lancée|lancent)\b[^.]*?\b(?P<name>(?:l['’])?(?:Alliance|École|Ecole)\b[^.,;:()]*)",
    re.I,
)


def read_initiatives(text: str, start: int, mentions: list[Mention]) -> list[InitiativeFact]:
    facts = []
    for match in LAUNCH.finditer(text):
        name = re.sub(r"^l['’]", "", match.group("name")).strip()
        name = re.split(r"\s+(?:qui|dont|afin|pour la|au service)\b", name)[0].strip()
        kind = (
            "Alliance"
            if fold(name).startswith("alliance")
            else "School"
            if fold(name).startswith("ecole")
            else "Initiative"
        )
        by = [m for m in mentions if m.end - start <= match.start() and m.category == "actor"]
        facts.append(InitiativeFact(name, kind, (start, start + len(text)), by))
    return facts


def congress_edition(text: str) -> int | None:
    match = CONGRESS.search(text)
    return int(match.group("n")) if match else None
