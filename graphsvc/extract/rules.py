"""Reading facts from sentences: actors, people and posts, agreements, counts, initiatives.

Each rule looks at one sentence (spaCy gives the sentences and the person names) and the
agreement vocabulary of French news: "signer", "convention", "accord", "partenariat", "lettre
d'intention", "entre X, Y et Z", "avec", "liant", "sous les (hauts) auspices de", "en présence
de", counts ("une trentaine de conventions"), figures ("800 millions d'euros", "d'une durée de
cinq ans renouvelable"). Nothing is inferred beyond the sentence, except what the article as a
whole states (its congress) and "Cette convention…" sentences completing the agreement before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..rdf.rdfio import PREFIXES
from .gazetteer import Entry, Gazetteer
from .kinds import HLM, agreement_kind, guess_organisation_kind
from .normalise import fold

ORG_HEADS = (
    "union|fédération|federation|confédération|association|associations|office|offices|"
    "ministère|ministere|banque|caisse|fondation|agence|société|societe|coopérative|"
    "cooperative|coopératives|sociétés|entreprise|entreprises|conseil|communauté|communaute|métropole|metropole|ville|"
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
# Housing jargon in capitals that names no organisation.
GENERIC_ACRONYMS = {
    "HLM",
    "APL",
    "PLAI",
    "PLUS",
    "PLS",
    "PTZ",
    "QPV",
    "TVA",
    "ELAN",
    "RLS",
    "DOM",
    "TOM",
    "DROM",
    "COM",
    "SRU",
    "ANAH",
    "EUR",
    "CONGRÈS",
    "SEPT",
    "OPH",
    "ESH",
    "SEM",
    "EPL",
}
NAME_WORD = re.compile(r"[\w'’-]+|\([A-Za-zÀ-ÿ0-9 .-]{2,15}\)")
CONNECTORS = {
    "de",
    "des",
    "du",
    "d'",
    "d’",
    "l'",
    "l’",
    "la",
    "le",
    "les",
    "pour",
    "en",
    "à",
    "sur",
}
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
}
AGREEMENT_NOUN = re.compile(
    r"\b(?:lettres? d['’]intention|(?:conventions?|accords?)(?:[- ]cadres?)?(?: de (?:partenariat|"
    r"financement))?|cadre contractuel|protocoles?(?: d['’]accord)?|partenariats?)\b",
    re.I,
)
SIGN_VERB = re.compile(
    r"\b(?:sign(?:e|é|ée|és|ées|ent|er|era|eront|ait|aient|ant|ature|atures|ataire|ataires)"
    r"|paraph\w+|conclu\w*|engag(?:é|ée|és|ées|ent|eant))\b",
    re.I,
)
PRESENCE = re.compile(
    r"\b(?:en (?:la )?présence d(?:e|u|es|e la|e l['’])"
    r"|sous les (?:hauts |hautes )?auspices d(?:e|u|es|e la|e l['’]))",
    re.I,
)
APPOSITION = re.compile(r"[^,.;]*,\s*\**[A-ZÉ][\w’'-]+(?:\s+[A-ZÉ][\w’'-]+)+\**\s*,")
AUSPICES = re.compile(r"auspices", re.I)
PARTY_INTRO = re.compile(r"\b(?:entre|liant|avec)\b", re.I)
NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "cent": 100,
}
APPROXIMATE = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
}
COUNT = re.compile(
    r"\b(?:(?P<approx>une |quelque )?(?P<word>\d+|"
    + "|".join(list(NUMBERS) + list(APPROXIMATE))
    + r"))\s+(?:de\s+)?(?P<noun>conventions(?: de (?:partenariat|financement))?|accords"
    r"|partenariats|lettres d['’]intention)\b",
    re.I,
)
AMOUNT = re.compile(
    r"(?P<value>\d+(?:[  .]\d{3})*(?:,\d+)?)\s*(?P<scale>millions?|milliards?|M|Md|k)?\s*"
    r"(?:d['’]euros|euros?|€)",
    re.I,
)
DURATION = re.compile(
    r"(?:d['’]une durée de|pour une durée de|pour|sur)\s+(?P<n>\d+|"
    + "|".join(NUMBERS)
    + r")\s+ans\b(?P<renewable>,?\s+renouvelables?)?",
    re.I,
)
CONGRESS = re.compile(r"\b(?P<n>\d{2,3})\s*(?:e|è|ème|eme|\^e)\s+congr[eè]s\b", re.I)
PURPOSE = re.compile(
    r"(?:vise(?:nt)? à|a pour (?:objectif|objet|but|missions?) de|ayant pour objectif de|"
    r"dont l['’]objectif est de|pour objectif de|afin de)\s+(?P<what>[^.;]+)",
    re.I,
)
SAME_PARTIES = re.compile(r"\b(?:ces|les) mêmes partenaires\b", re.I)
ANAPHORA = re.compile(
    r"^\s*(?:cette convention|ce partenariat|cet accord|cette lettre|elle|ce dernier)\b", re.I
)
LAUNCH = re.compile(
    r"\b(?:lancement|lance|lancé|lancée|lancent)\b[^.]*?\b(?P<name>(?:l['’])?(?:Alliance|École|Ecole)\b[^.,;:()]*)",
    re.I,
)
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
COMPLEMENT = re.compile(
    r"(?:,\s*|\s+et\s+)(?P<prep>de la |de l['’]|de |d['’]|du |des )"
    r"(?P<what>[A-ZÉ][\w'’-]*(?:\s+[A-ZÉ][\w'’-]*)*)"
)
CAPITALISED = re.compile(r"\b[A-ZÉ][\w’'-]*(?:\s+(?:[A-ZÉ][\w’'-]*|\d{2,3}\b))*")
ROLE_BEFORE_NAME = re.compile(
    r"\b(?:le |la |l['’])(?P<role>président|présidente|ministre|maire|directeur général|"
    r"directrice générale)(?:\s+(?P<of>(?:de la |de l['’]|du |des |de |d['’])[^,;.()]+))?,\s*$",
    re.I,
)
MONTHS = {
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
}


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

    @property
    def key(self) -> str:
        bare = re.sub(r"\([^()]*\)", " ", self.text)
        return self.entry.iri if self.entry else f"{self.category}:{fold(bare)}"


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


def _spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _org_phrase(sentence: str, start: int, stops: frozenset[int] = frozenset()) -> tuple[int, int]:
    """The extent of an organisation name starting at ``start``: words and connectors up to
    punctuation, a stop word, a word spaCy reads as a verb, adverb or pronoun (``stops``: their
    offsets in the sentence) or an infinitive ("de bénéficier")."""
    end = start
    last_content = start
    previous = ""
    for word in NAME_WORD.finditer(sentence, start):
        between = sentence[end : word.start()]
        if end != start and (re.search(r"[,;:.«»\"]", between) or "\n" in between):
            break
        token = word.group(0)
        lower = token.lower().replace("’", "'")
        if end != start and token in ("-", "–"):
            break  # "Direction de la Communication - Tél. : 01 …": a dash ends the name
        if token.startswith("("):
            end = last_content = word.end()
            continue
        elif lower == "et" and re.match(r"\s+(?:de|du|des|d['’])\s*[a-zé]", sentence[word.end() :]):
            pass  # "ministère du logement et de l'aménagement du territoire"
        elif end != start and (
            lower in STOP_WORDS
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

    def mentions(
        self,
        text: str,
        start: int,
        persons: Iterable[tuple[int, int]],
        locations: Iterable[tuple[int, int]] = (),
        stops: frozenset[int] = frozenset(),
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
                )
            )
            taken.append((hit.start, hit.end))
        for found_here in self._described(text, start, taken):
            found.append(found_here)
            taken.append((found_here.start - start, found_here.end - start))
        places = [(h.start, h.end) for h in self.gazetteer.find(text, ("place",))]
        spacy_places = [(a - start, b - start) for a, b in locations]
        for p_start, p_end in persons:
            span = (p_start - start, p_end - start)
            if any(_spans_overlap(span, t) for t in taken) or HEAD.match(text, span[0]):
                continue
            name = text[span[0] : span[1]]
            resolved = self.gazetteer.resolve(name, ("person",))
            found.append(
                Mention(
                    p_start,
                    p_end,
                    name,
                    "person",
                    resolved.entry if resolved else None,
                    resolved.score if resolved else 0.8,
                )
            )
            taken.append(span)
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
            if any(_spans_overlap(span, t) for t in taken) or not _name_like(text, span):
                continue
            if any(_spans_overlap(span, p) for p in places) and not BAILLEUR_NAME.search(token):
                continue
            coined = (
                token.isupper()
                or re.search(r"[a-z][A-Z]", token)
                or re.search(r"\bHabitat\b", token)
                or re.search(r"\bà $", text[: span[0]])
            )
            listed = re.match(r"\s*,", text[span[1] :]) and re.search(r"\bla $", text[: span[0]])
            if not (coined or listed) and any(_spans_overlap(span, t) for t in spacy_places):
                continue
            named = (
                (_enumerated(text, span, taken) and len(token) >= 3)
                or re.search(r"\bHabitat\b", token)
                or re.search(r"\bà $", text[: span[0]])
                or DEFINED_AS_BODY.match(text, span[1])
            )
            confidence = 0.7 if named else 0.6
            found.append(self._organisation(token, start + span[0], start + span[1], confidence))
            taken.append(span)
        return sorted(found, key=lambda m: m.start)

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
            if any(_spans_overlap((a, b), t) for t in taken):
                continue
            name = PLACE_ARTICLE.get(match.group("prep"), "") + match.group("place")
            resolved = self.gazetteer.resolve(name, ("actor",))
            entry = resolved.entry if resolved else None
            found.append(
                Mention(start + a, start + b, name, "actor", entry,
                        resolved.score if resolved else 0.7, HLM + "LocalAuthority", True)
            )  # fmt: skip
        for pattern, category in ((UNNAMED_PERSON, "person"), (UNNAMED_ORGANISATION, "actor")):
            for match in pattern.finditer(text):
                a, b = match.span("what")
                if any(_spans_overlap((a, b), t) for t in taken):
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
            return Mention(start, end, name, "actor", resolved.entry, resolved.score)
        clean = name[: acronym_match.start()].strip() if acronym_match else name
        kind, guessed = guess_organisation_kind(clean)
        return Mention(
            start, end, clean, "actor", None, confidence, kind, guessed,
            acronym_match.group(1) if acronym_match else None,
        )  # fmt: skip

    @staticmethod
    def posts(text: str, start: int, mentions: list[Mention]) -> list[Post]:
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


def _enumerated(text: str, span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Listed next to an organisation already found ("(…(Coop'Hlm), PROCIVIS UES-AP et la
    Fédération nationale …)"): a list of bodies."""
    joint = r"\)?\s*(?:,|\bet\b)\s*(?:la |le |les |l['’])?"
    return any(
        re.fullmatch(joint + r"\s*", text[b : span[0]])
        or re.fullmatch(r"\s*" + joint, text[span[1] : a])
        for a, b in taken
        if b <= span[0] or a >= span[1]
    )


def _name_like(text: str, span: tuple[int, int]) -> bool:
    """A capitalised word that names an organisation: an acronym or a CamelCase name (SMHLM,
    SemSamar), or a capitalised word listed with an article ("la Semag, la Simar et …")."""
    token = text[span[0] : span[1]]
    if token.upper() in GENERIC_ACRONYMS or token.lower() in MONTHS:
        return False
    if (token.isupper() and 2 <= len(token) <= 8) or re.search(r"[a-z][A-Z]", token):
        return True
    if re.search(r"\b(?:Habitat|Logement|Immobilier|Habitations?)\b", token) and re.search(
        r"[ -]", token
    ):
        return True  # "Paris Habitat", "Paris-Habitat": how bailleurs name themselves
    listed_before = re.search(
        r"(?:\bla |\ble |\bl['’]|\bentre |\bavec |\bet |\bet d['’]|, |\bà )$", text[: span[0]]
    )
    listed_after = re.match(r"\s*(?:,|\bet\b|\(|\)|$)", text[span[1] :])
    one_name = (
        " " not in token
        or re.fullmatch(r"\S+ \d{2,3}", token)  # "Interco 976", "Habitat 76"
        or all(w.isupper() and len(w) <= 10 for w in token.split())  # "PROCIVIS UES-AP"
    )
    return bool(listed_before and listed_after and one_name)


def presence_windows(text: str) -> list[tuple[int, int, bool]]:
    """Where people present at (or presiding over) a signing are named: (start, end, auspices).

    The window closes after an apposition "…, Annick Girardin," or else at the agreement noun or
    the party list ("avec", "entre"), whichever comes first.
    """
    windows = []
    for match in PRESENCE.finditer(text):
        ends = [len(text)]
        for pattern in (AGREEMENT_NOUN, PARTY_INTRO):
            if (found := pattern.search(text, match.end())) is not None:
                ends.append(found.start())
        if (apposition := APPOSITION.match(text, match.end())) is not None:
            ends.append(apposition.end())
        auspices = bool(AUSPICES.search(match.group(0)))
        windows.append((match.start(), min(ends), auspices))
    return windows


def number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word) or APPROXIMATE.get(word)


def read_amount(text: str) -> Decimal | None:
    match = AMOUNT.search(text)
    if not match:
        return None
    value = Decimal(re.sub(r"[  .]", "", match.group("value")).replace(",", "."))
    scale = (match.group("scale") or "").lower()
    factor = {"million": 10**6, "millions": 10**6, "m": 10**6, "milliard": 10**9,
              "milliards": 10**9, "md": 10**9, "k": 10**3}.get(scale, 1)  # fmt: skip
    return value * factor


def read_duration(text: str) -> tuple[str | None, bool | None]:
    match = DURATION.search(text)
    if not match:
        return None, None
    years = number(match.group("n"))
    return (f"P{years}Y" if years else None), (True if match.group("renewable") else None)


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


def read_agreements(
    text: str, start: int, mentions: list[Mention], gazetteer: Gazetteer
) -> tuple[list[AgreementFact], list[CountFact]]:
    """The agreements (and counts of agreements) one sentence states."""
    noun = AGREEMENT_NOUN.search(text)
    if noun is None or ANAPHORA.search(text):
        return [], []
    verb = SIGN_VERB.search(text)
    intro = PARTY_INTRO.search(text)
    windows = presence_windows(text)

    def in_window(m: Mention) -> tuple[int, int, bool] | None:
        position = m.start - start
        return next((w for w in windows if w[0] <= position < w[1]), None)

    capacities = capacity_spans(text, start, mentions)
    actors = [
        m
        for m in mentions
        if in_window(m) is None and not any(a <= m.start - start < b for a, b in capacities)
    ]
    present = [m for m in mentions if (w := in_window(m)) is not None and not w[2]]
    auspices = [m for m in mentions if (w := in_window(m)) is not None and w[2]]
    sentence = (start, start + len(text))
    count = COUNT.search(text)
    counts: list[CountFact] = []
    if count is not None:
        value = number(count.group("word"))
        listed = [m for m in actors if m.start - start > count.end()]
        approximate = (
            bool(count.group("approx") and count.group("approx").strip() == "quelque")
            or count.group("word").lower() in APPROXIMATE
        )
        if value and value > 1 and (approximate or len(listed) != value):
            by = [m for m in actors if m.category == "actor"]
            counts.append(
                CountFact(value, approximate, agreement_kind(count.group("noun")), sentence, by)
            )
            return [], counts
    if SAME_PARTIES.search(text) and verb is not None:
        # "… entre ces mêmes partenaires": the parties are the previous agreement's (the
        # pipeline fills them in, or drops the fact when there is none).
        return [AgreementFact(agreement_kind(noun.group(0)), sentence, confidence=0.7)], counts
    if not actors or (verb is None and intro is None):
        return [], counts
    kind = agreement_kind(noun.group(0))
    subject = [m for m in actors if verb is not None and m.end - start <= verb.start()]
    if verb is not None and verb.start() < noun.start() and not subject and intro is None:
        return [], counts
    after_intro = [m for m in actors if intro is not None and m.start - start >= intro.start()]
    facts: list[AgreementFact] = []
    liant = intro is not None and intro.group(0).lower() in ("liant", "entre")
    if count is not None and (value := number(count.group("word"))) and value > 1:
        listed = [m for m in actors if m.start - start > count.end()]
        for item in listed[:value]:
            facts.append(
                AgreementFact(
                    kind, sentence, parties=_unique([*subject, item]), signatories=_unique(subject)
                )
            )
    else:
        orgs = [m for m in (after_intro if liant else actors) if m.category == "actor" or liant]
        parties = orgs if liant else [m for m in orgs if m.category == "actor" or m in after_intro]
        signatories = _unique([m for m in subject if m.category == "actor"])
        facts.append(
            AgreementFact(kind, sentence, parties=_unique(parties), signatories=signatories)
        )
    signers = [m for m in subject if m.category == "person"]
    amount = read_amount(text)
    duration, renewable = read_duration(text)
    purpose = PURPOSE.search(text)
    spans = [(m.start - start, m.end - start) for m in mentions]
    territories = [
        h.entry
        for h in gazetteer.find(text, ("place",))
        if not any(_spans_overlap((h.start, h.end), span) for span in spans)
    ]
    for fact in facts:
        fact.signed_by = signers
        fact.present, fact.auspices = present, auspices
        fact.amount, fact.duration, fact.renewable = amount, duration, renewable
        fact.purpose = purpose.group("what").strip() if purpose else None
        fact.territories = [t for t in territories if "id/place/" in t.iri]
        resolved = sum(1 for m in fact.parties if m.entry is not None) / max(1, len(fact.parties))
        fact.confidence = round(0.55 + 0.25 * (verb is not None) + 0.15 * resolved, 2)
    return [f for f in facts if f.parties], counts


def read_completion(text: str) -> dict[str, object]:
    """What a "Cette convention … vise à …" or "D'une durée de trois ans, elle …" sentence adds
    to the agreement before it (the caller keeps this within one section)."""
    if not (ANAPHORA.search(text) or re.search(r"\b(?:elle|il|celle-ci|celui-ci)\b", text, re.I)):
        return {}
    duration, renewable = read_duration(text)
    purpose = PURPOSE.search(text)
    found: dict[str, object] = {}
    if duration:
        found["duration"], found["renewable"] = duration, renewable
    if purpose:
        found["purpose"] = purpose.group("what").strip()
    if (amount := read_amount(text)) is not None:
        found["amount"] = amount
    return found


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


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    kept = []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            kept.append(m)
    return kept
