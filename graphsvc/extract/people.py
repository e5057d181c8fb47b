"""People's posts: "Emmanuelle Cosse, présidente de l'Union sociale pour l'habitat", "la
présidente de …, X," and the capacity in which a person signs (bodies named there are not parties).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .facts import Mention, Post
from .normalise import fold

ROLE_WORDS = {
    "president": "president",
    "presidente": "president",
    "ministre": "minister",
    "maire": "mayor",
    "directeur general": "director-general",
    "directrice generale": "director-general",
}
ROLE_APPOSITION = re.compile(
    r",?\s*(?:et\s+)?(?P<role>présidente?|ministre|maire|directeur général|"
    r"directrice générale)(?:\s+(?P<of>(?:de la |de l['’]|du |des |de |d['’])[^,;.()]+))?",
    re.I,
)
ROLE_BEFORE_NAME = re.compile(
    r"\b(?:le |la |l['’])(?P<role>président|présidente|ministre|maire|directeur général|"
    r"directrice générale)(?:\s+(?P<of>(?:de la |de l['’]|du |des |de |d['’])[^,;.()]+))?,\s*$",
    re.I,
)


def role_segments(text: str, at: int) -> Iterable[re.Match[str]]:
    """The roles stated right after a name, one match per role (groups ``role`` and ``of``)."""
    while (match := ROLE_APPOSITION.match(text, at)) is not None and match.end() > at:
        yield match
        at = match.end()


def capacity_spans(text: str, start: int, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Where a person's roles are stated ("X, maire de Bandrélé, président d'Hippocampe Habitat
    et d'Interco 976, ont signé"): the bodies named there say in what capacity the person acts,
    they are not parties of their own."""
    return [
        match.span()
        for person in mentions
        if person.category == "person"
        for match in role_segments(text, person.end - start)
    ]


def read_posts(text: str, start: int, mentions: list[Mention]) -> list[Post]:
    """ "Emmanuelle Cosse, présidente de l'Union sociale pour l'habitat" → a post; "X, maire
    de Bandrélé, président d'Hippocampe Habitat et d'Interco 976" → one post per body."""
    posts = []
    for mention in mentions:
        if mention.category != "person":
            continue
        segments = list(role_segments(text, mention.end - start))
        if not segments and (before := ROLE_BEFORE_NAME.search(text[: mention.start - start])):
            segments = [before]
        for match in segments:
            role = ROLE_WORDS[fold(match.group("role"))]
            bodies: list[Mention | None] = [None]
            if match.group("of"):
                a, b = match.span("of")
                bodies = [
                    m for m in mentions if m.category == "actor" and a <= m.start - start < b
                ] or [None]
            for body in bodies:
                posts.append(Post(mention, role, body, (start, start + len(text))))
    return posts


CIVILITY = re.compile(r"(?:MM\.|M\.|Mmes|Mme|Mlle|Me|Dr|Pr)\.?\s+")
NOT_A_NAME = {
    "president", "presidente", "vice-president", "vice-presidente", "directeur", "directrice",
    "ministre", "prefet", "prefete", "maire", "secretaire", "depute", "deputee", "senateur",
    "senatrice", "monsieur", "madame", "republique", "conseiller", "conseillere", "delegue",
    "deleguee", "adjoint", "adjointe", "chef", "cheffe", "responsable", "publie", "par",
}  # fmt: skip
NAME_CUT = re.compile(r"\s+(?:[-–—|]|publié|le \d)|\s*[,(]", re.I)


def person_spans(name: str) -> list[tuple[int, int]]:
    """Where people's names are in what spaCy read as one person: a title ("Président de …") is
    no name, a byline stops at its dash or date, a civility ("Mme", "MM.") is dropped (a surname
    alone is then a name), "Mmes A & B" are two people.

    >>> person_spans("Mmes Ada Roux & Léa Vidal")
    [(5, 12), (15, 24)]
    """
    if (cut := NAME_CUT.search(name)) is not None:
        name = name[: cut.start()]
    spans = []
    bounds = [0, *(x for m in re.finditer(r"\s*(?:&|\bet\b)\s*", name) for x in m.span())]
    for a, b in zip(bounds[::2], [*bounds[1::2], len(name)], strict=True):
        civility = CIVILITY.match(name, a)
        if civility is not None:
            a = civility.end()
        words = name[a:b].split()
        if not words or fold(words[0]) in NOT_A_NAME or fold(words[-1]) in NOT_A_NAME:
            continue
        if any(fold(w) in {"republique", "habitat", "logement"} for w in words):
            continue
        if (len(words) >= 2 or civility is not None) and words[-1][:1].isupper():
            spans.append((a, b))
    return spans
