"""Actors and people named in a sentence: known names first (the gazetteer), then people (spaCy),
then organisation phrases from a head word ("Fédération …", "Office …") and capitalised names that
read as organisations by their form or their place in a list."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..rdf.rdfio import PREFIXES
from .context import (
    CONNECTORS,
    GENERIC_ACRONYMS,
    MONTHS,
    describes,
    enumerated,
    fragment,
    join_definitions,
    name_like,
    party_context,
)
from .facts import Mention, spans_overlap
from .gazetteer import Gazetteer
from .kinds import HLM, guess_organisation_kind
from .normalise import fold
from .people import person_spans

ORG_HEADS = (
    "union|fédération|federation|confédération|association|associations|office|offices|"
    "ministère|ministere|banque|caisse|fondation|agence|société|societe|coopérative|"
    "cooperative|coopératives|sociétés|entreprise|entreprises|conseil|communauté|communaute|métropole|metropole|ville|"
    "commune|mairie|rectorat|préfecture|prefecture|tribunal|centre hospitalier|CHU|"
    "département|departement|région|region|établissement|etablissement|groupe|syndicat|"
    "institut|école|ecole|comité|comite|délégation|delegation|direction|maison|oph|esh|sem|epl|"
    "ar hlm"
)
HEAD = re.compile(rf"(?<!\w)(?:{ORG_HEADS})\b", re.I)
# A plural head names a category ("recapitaliser les offices publics de l'habitat") unless the
# phrase stands in a list of organisations ("ses fédérations (…, les Entreprises sociales pour
# l'habitat, …)").
PLURAL_HEAD = re.compile(r"(?:offices|associations|entreprises|sociétés|coopératives)\b", re.I)
LIST_BEFORE = re.compile(r"(?:,|\(|\bet|:)\s*(?:les |des )?$")
BAILLEUR_NAME = re.compile(r"\b(?:Habitat|Logement|Immobilier|Habitations?)\b")
# "l'Afpol (organisme de formation …)": a name the text defines as a body.
DEFINED_AS_BODY = re.compile(
    r"\s*\((?:un |une |l['’])?(?:organisme|association|fédération|société|établissement|"
    r"bailleur|office|entreprise|fondation|groupe|syndicat|agence)\b",
    re.I,
)
UNIT_HEAD = re.compile(r"(?:comité|comite|direction|conseil d['’]administration|service)\b", re.I)
# "maire du Lorrain", "maire de Bandrélé": the commune is an actor of the text.
MAYOR_OF = re.compile(
    r"\bmaire\s+(?P<prep>de la |de l['’]|du |des |de |d['’])"
    r"(?P<place>[A-ZÉÈÎ][\w’'-]+(?:[ -](?:[A-ZÉÈ][\w’'-]+|sur|sous|en)){0,4})"
)
PLACE_ARTICLE = {"du ": "Le ", "des ": "Les ", "de la ": "La ", "de l'": "L'", "de l’": "L’"}
# Someone or some body the text does not name: kept with the text's words (hlm:describedAs).
UNNAMED_PERSON = re.compile(
    r"\b(?P<what>(?:représentante?|conseill(?:er|ère)|envoyée?)\s+(?:spéciale?\s+)?"
    r"(?:de la |du |de l['’]|des )[^,;:.()*\n]+?)(?=\s*[,;:.()*\n]|\s+(?:et|a|ont|qui)\b|$)"
)
UNNAMED_ORGANISATION = re.compile(
    r"\b(?P<what>une délégation\s+(?!de\b|du\b|des\b)[a-zéèêëàâîïôûç-]+"
    r"(?:\s+(?:de|du|des)\s+[A-ZÉ][\w’'-]+(?:\s+[A-ZÉ][\w’'-]+)*)?)"
)
LOCAL_HEAD = re.compile(
    r"(?:préfecture|prefecture|mairie|rectorat|tribunal|ville|commune|région|region|département|"
    r"departement|conseil (?:départemental|régional|municipal)|métropole)\b",
    re.I,
)
# "Catherine DUVAL": a person, as French press releases write names.
SURNAME_IN_CAPITALS = re.compile(r"[A-ZÉ][a-zéèëï]+(?:-[A-ZÉ][a-zéèëï]+)? [A-Z]{2,}(?:-[A-Z]{2,})?")
# A prize or a grant goes to a body: "décerné à Domofrance".
AWARDED_TO = re.compile(r"\b(?:décerné|remis|attribué|accordé|octroyé)e?s?\s+à\s+$", re.I)
# "l'État" (capital É) as a body: a party to agreements, never a place.
STATE = re.compile(r"\b(?:l['’]|de l['’]|à l['’])(?P<name>[ÉE]tat)\b(?!\s+(?:de|du|membre)\b)")
NAME_WORD = re.compile(r"[\w'’-]+|\([A-Za-zÀ-ÿ0-9 .-]{2,15}\)")
STOP_WORDS = {
    "et",
    "avec",
    "qui",
    "que",
    "dont",
    "a",
    "ont",
    "est",
    "sont",
    "une",
    "un",
    "cette",
    "ce",
    "ces",
    "afin",
    "ainsi",
    "lors",
    "dans",
    "par",
    "signé",
    "signée",
    "signées",
    "signés",
    "sous",
    "vise",
    "visent",
    "liant",
    "entre",
    "au",
    "aux",
    "se",
    "sa",
    "son",
    "ses",
    "leur",
    "leurs",
    "ayant",
    "autour",
    "contre",
    "selon",
    "été",
    "sera",
    "seront",
    "comme",
    "auprès",
    "depuis",
    "charge",
    "période",
    "notamment",
    "soit",
}
COMPLEMENT = re.compile(
    r"(?:,\s*|\s+et\s+)(?P<prep>de la |de l['’]|de |d['’]|du |des )"
    r"(?P<what>[A-ZÉ][\w'’-]*(?:\s+[A-ZÉ][\w'’-]*)*)"
)
CAPITALISED = re.compile(
    r"\b[A-ZÉ][\w’'-]*(?:\s+(?:[A-ZÉ][\w’'-]*|d['’][A-ZÉ][\w’'-]*|\d{2,3}\b))*"
)


def _org_phrase(sentence: str, start: int, stops: frozenset[int] = frozenset()) -> tuple[int, int]:
    """The extent of an organisation name starting at ``start``: words and connectors up to
    punctuation, a stop word, a word spaCy reads as a verb, adverb or pronoun (``stops``: their
    offsets in the sentence) or an infinitive ("de bénéficier")."""
    end = start
    last_content = start
    previous = ""
    for word in NAME_WORD.finditer(sentence, start):
        between = sentence[end : word.start()]
        if end != start and (re.search(r"[,;:.«»\"()]", between) or "\n" in between):
            break
        token = word.group(0)
        lower = token.lower().replace("’", "'")
        if lower in ("pour", "en", "sur") and LOCAL_HEAD.match(sentence, start):
            break  # "la préfecture pour le développement …": a public body's name has no aim
        if end != start and token in ("-", "–"):
            break  # "Direction de la Communication - Tél. : 01 …": a dash ends the name
        if token.startswith("("):
            end = last_content = word.end()
            continue
        elif lower == "et" and re.match(
            r"\s+(?:de|du|des|d['’])\s*(?:l['’]|la )?(?![a-zé]+(?:er|ir|re)\b)[a-zé]",
            sentence[word.end() :],
        ):
            pass  # "ministère du logement et de l'aménagement du territoire"
        elif lower == "à" and re.match(
            r"\s+[A-ZÉ][\w'’-]+(?:\s*[,.;:)]|\s+[a-zé]|\s*$)", sentence[word.end() :]
        ):
            break  # "la Fédération des ESH à Lyon, …": a place, not the end of a name
        elif end != start and (
            (lower in STOP_WORDS and token[:1].islower())
            or (token[:1].isdigit() and previous in ("sur", "depuis", "en", "pour", "le"))
            or word.start() in stops
            or (previous in ("de", "d'", "à") and re.fullmatch(r"[a-zé]+(?:er|ir)", lower))
        ):
            break
        previous = lower
        end = word.end()
        if lower not in CONNECTORS:
            last_content = end
        if end - start > 160:
            break
    return start, last_content


def _distributed(sentence: str, span: tuple[int, int]) -> list[tuple[str, int, int]]:
    """ "les associations régionales … de Guadeloupe, de Martinique et de La Réunion": one name
    per complement, each with the head of the first."""
    text = sentence[span[0] : span[1]]
    last = list(re.finditer(r"\b(?:de la |de l['’]|de |d['’]|du |des )(?=[A-ZÉ])", text))
    if not last:
        return []
    head = text[: last[-1].start()]
    rest = sentence[span[1] :]
    names = [(text, span[0], span[1])]
    at = 0
    while (match := COMPLEMENT.match(rest, at)) is not None:
        names.append((head + match.group("prep") + match.group("what"),
                      span[1] + match.start("prep"), span[1] + match.end()))  # fmt: skip
        at = match.end()
    return names if len(names) > 1 else []


def singular(name: str) -> str:
    """ "associations régionales des …" → "association régionale des …" (head and adjective)."""
    words = name.split(" ")
    for i, word in enumerate(words[:2]):
        if word.endswith("aux") and i == 1:
            words[i] = word[:-3] + "al"
        elif word.endswith("s") and not word.endswith("ss"):
            words[i] = word[:-1]
    return " ".join(words)


class SentenceReader:
    """Finds mentions and facts in one sentence (offsets into the whole file)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # Acronyms the article has defined ("la CAPH (Coopérative …)"), reused on their own later.
        self.acronyms: dict[str, Mention] = {}

    def mentions(
        self,
        text: str,
        start: int,
        persons: Iterable[tuple[int, int]],
        locations: Iterable[tuple[int, int]] = (),
        stops: frozenset[int] = frozenset(),
        entities: Iterable[tuple[int, int]] = (),
    ) -> list[Mention]:
        """Actors and people named in ``text`` (the sentence starting at ``start``)."""
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for hit in self.gazetteer.find(text, ("actor", "person")):
            category = "person" if hit.entry.category == "person" else "actor"
            found.append(
                Mention(
                    start + hit.start,
                    start + hit.end,
                    text[hit.start : hit.end],
                    category,
                    hit.entry,
                    link="name",
                )
            )
            taken.append((hit.start, hit.end))
        for acronym, defined in self.acronyms.items():
            for use in re.finditer(rf"(?<!\w){re.escape(acronym)}(?!\w)", text):
                if not any(spans_overlap(use.span(), t) for t in taken):
                    found.append(
                        Mention(start + use.start(), start + use.end(), defined.text, "actor",
                                defined.entry, 0.9, defined.kind, defined.kind_guessed, acronym,
                                link=defined.link)
                    )  # fmt: skip
                    taken.append(use.span())
        for state in STATE.finditer(text):
            if not any(spans_overlap(state.span("name"), t) for t in taken):
                a, b = state.span("name")
                found.append(Mention(start + a, start + b, "État", "actor", None, 0.8))
                taken.append((a, b))
        for found_here in self._described(text, start, taken):
            found.append(found_here)
            taken.append((found_here.start - start, found_here.end - start))
        places = [(h.start, h.end) for h in self.gazetteer.find(text, ("place",))]
        spacy_places = [(a - start, b - start) for a, b in locations]
        for p_start, p_end in persons:
            whole = (p_start - start, p_end - start)
            if any(spans_overlap(whole, t) for t in taken) or HEAD.match(text, whole[0]):
                continue
            named_people = person_spans(text[whole[0] : whole[1]])
            for a, b in named_people:
                span = (whole[0] + a, whole[0] + b)
                name = text[span[0] : span[1]]
                resolved = self.gazetteer.resolve(name, ("person",))
                found.append(
                    Mention(start + span[0], start + span[1], name, "person",
                            resolved.entry if resolved else None,
                            resolved.score if resolved else 0.8,
                            link=resolved.how if resolved else None)
                )  # fmt: skip
            if named_people:
                taken.append(whole)
        for head in HEAD.finditer(text):
            if any(head.start() < b and a <= head.start() for a, b in taken):
                continue
            if re.search(r"[./@]$", text[: head.start()]) or re.match(
                r"[\w-]*\.[a-z]", text[head.start() :]
            ):
                continue  # part of a web or mail address
            span = _org_phrase(text, head.start(), stops)
            before = re.search(r"(?:[A-ZÉ][\w’'-]+\s+)+$", text[: head.start()])
            if (
                before
                and before.start() > 0
                and not re.search(r"[.!?]\s*$", text[: before.start()])
            ):
                span = (before.start(), span[1])  # "Rennes Métropole", "Grand Paris Habitat"
            span = self._cut_before_taken(text, span, taken)
            if span[1] - span[0] < 3:
                continue
            unit = self._unit_of(text, span, taken) if UNIT_HEAD.match(text, span[0]) else None
            if unit is not None:
                name = text[span[0] : unit]
                kind = PREFIXES["org"] + "OrganizationalUnit"
                found.append(Mention(start + span[0], start + unit, name, "actor", None, 0.7,
                                     kind, True))  # fmt: skip
                taken.append((span[0], unit))
                continue
            distributed = _distributed(text, span)
            if (
                not distributed
                and PLURAL_HEAD.match(text, span[0])
                and self.gazetteer.resolve(text[span[0] : span[1]], ("actor",)) is None
                and not LIST_BEFORE.search(text[: span[0]])
            ):
                continue
            names = distributed or [(text[span[0] : span[1]], span[0], span[1])]
            for name, n_start, n_end in names:
                name = singular(name) if distributed else name
                found.append(self._organisation(name, start + n_start, start + n_end, 0.7))
                taken.append((n_start, n_end))
        for word in CAPITALISED.finditer(text):
            span, token = word.span(), word.group(0)
            if any(spans_overlap(span, t) for t in taken) or not name_like(text, span):
                continue
            if any(spans_overlap(span, p) for p in places) and not BAILLEUR_NAME.search(token):
                continue
            coined = (
                token.isupper() or re.search(r"[a-z][A-Z]", token) or BAILLEUR_NAME.search(token)
            )
            listed = re.match(r"\s*,", text[span[1] :]) and re.search(r"\bla $", text[: span[0]])
            if not (coined or listed) and any(spans_overlap(span, t) for t in spacy_places):
                continue
            named = (
                (enumerated(text, span, taken) and len(token) >= 3)
                or BAILLEUR_NAME.search(token)
                or AWARDED_TO.search(text[: span[0]])
                or DEFINED_AS_BODY.match(text, span[1])
            )
            confidence = 0.7 if named else 0.6
            found.append(self._organisation(token, start + span[0], start + span[1], confidence))
            taken.append(span)
        for _ in range(2):  # a list read once more: a name next to one found in the first pass
            for a, b in entities:
                cut = self._entity_span(text, (a - start, b - start))
                if cut is None or any(spans_overlap(cut, t) for t in taken):
                    continue
                span = cut
                if not party_context(text, span, taken):
                    continue
                name = text[span[0] : span[1]]
                if SURNAME_IN_CAPITALS.fullmatch(name):
                    found.append(Mention(start + span[0], start + span[1], name, "person", None))
                else:
                    found.append(self._organisation(name, start + span[0], start + span[1], 0.6))
                taken.append(span)
        kept = [m for m in found if not fragment(m) and not describes(m, found, text, start)]
        kept = join_definitions(kept, text, start)
        for m in kept:
            if m.acronym and m.entry is None and re.fullmatch(r"[A-ZÉ][\w&'’-]{1,11}", m.acronym):
                self.acronyms.setdefault(m.acronym, m)
        return sorted(kept, key=lambda m: m.start)

    @staticmethod
    def _entity_span(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
        """An entity's words without a leading article or a trailing connector; ``None`` when
        what is left is not a capitalised name (or a name starting with a digit)."""
        a, b = span
        lead = re.match(r"(?:(?:la|le|les|l['’]|d['’]|de|du|des)\s*)+", text[a:b], re.I)
        if lead is not None:
            a += lead.end()
        while b > a and text[b - 1] in " ,;:.-":
            b -= 1
        word = text[a:b]
        if len(word) < 2 or not (word[0].isupper() or word[0].isdigit()):
            return None
        if word.upper() in GENERIC_ACRONYMS or fold(word) in MONTHS:
            return None
        return a, b

    @staticmethod
    def _unit_of(text: str, span: tuple[int, int], taken: list[tuple[int, int]]) -> int | None:
        """Where "Comité exécutif de l'Union sociale pour l'habitat" ends: a unit is named with
        the organisation it belongs to, when that organisation directly follows."""
        for a, b in taken:
            if a >= span[1] and re.fullmatch(
                r"\s*(?:de l['’]|du |de la |des |d['’])", text[span[1] : a]
            ):
                return b
        return None

    def _described(self, text: str, start: int, taken: list[tuple[int, int]]) -> list[Mention]:
        """Communes named through their mayor; people and bodies the text describes unnamed."""
        found: list[Mention] = []
        for match in MAYOR_OF.finditer(text):
            a, b = match.span("place")
            if any(spans_overlap((a, b), t) for t in taken):
                continue
            name = PLACE_ARTICLE.get(match.group("prep"), "") + match.group("place")
            resolved = self.gazetteer.resolve(name, ("actor",))
            entry = resolved.entry if resolved else None
            found.append(
                Mention(start + a, start + b, name, "actor", entry,
                        resolved.score if resolved else 0.7, HLM + "LocalAuthority", True,
                        link=resolved.how if resolved else None)
            )  # fmt: skip
        for pattern, category in ((UNNAMED_PERSON, "person"), (UNNAMED_ORGANISATION, "actor")):
            for match in pattern.finditer(text):
                a, b = match.span("what")
                if any(spans_overlap((a, b), t) for t in taken):
                    continue
                kind = None if category == "person" else HLM + "UnnamedOrganisation"
                found.append(
                    Mention(start + a, start + b, match.group("what"), category, None, 0.6,
                            kind, False, unnamed=True)
                )  # fmt: skip
        return found

    @staticmethod
    def _cut_before_taken(
        text: str, span: tuple[int, int], taken: list[tuple[int, int]]
    ) -> tuple[int, int]:
        """Stop a name where an already found one starts, without trailing connectors."""
        end = min([a for a, _b in taken if span[0] < a < span[1]] + [span[1]])
        words = text[span[0] : end].rstrip(" ,;(").split(" ")
        while len(words) > 1 and words[-1].lower().replace("’", "'") in CONNECTORS | {""}:
            words.pop()
        return span[0], span[0] + len(" ".join(words))

    def _organisation(self, name: str, start: int, end: int, confidence: float) -> Mention:
        acronym_match = re.search(r"\(([^()]{2,15})\)\s*$", name)
        resolved = self.gazetteer.resolve(name, ("actor",))
        if resolved is not None:
            return Mention(
                start, end, name, "actor", resolved.entry, resolved.score, link=resolved.how
            )
        clean = name[: acronym_match.start()].strip() if acronym_match else name
        kind, guessed = guess_organisation_kind(clean)
        return Mention(
            start, end, clean, "actor", None, confidence, kind, guessed,
            acronym_match.group(1) if acronym_match else None,
        )  # fmt: skip
