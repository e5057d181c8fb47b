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
