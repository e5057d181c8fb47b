"""How a name's place in a sentence says what it is: a body listed with others, named after
"avec", "entre", "aux côtés de", before a signing verb, in apposition to a category ("Domivia,
coopérative de …"), defined by an acronym; and what is never a body (category words alone, a
title, a phrase describing the body next to it)."""

from __future__ import annotations

import re

from .facts import Mention
from .normalise import fold
from .people import NOT_A_NAME

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
# Words that name a category or a part of a name, never a body on their own ("Groupe",
# "Région", "Habitat", "coopératives Hlm", "Société d'Habitations").
GENERIC_WORDS = {
    "groupe",
    "habitat",
    "habitations",
    "logement",
    "logements",
    "metropole",
    "region",
    "departement",
    "ville",
    "commune",
    "communes",
    "cooperative",
    "cooperatives",
    "hlm",
    "office",
    "offices",
    "federation",
    "association",
    "associations",
    "societe",
    "societes",
    "conseil",
    "paritaire",
    "union",
    "entreprise",
    "entreprises",
    "agence",
    "fondation",
    "banque",
    "caisse",
    "immobilier",
    "immobiliere",
    "bailleur",
    "bailleurs",
    "social",
    "sociaux",
    "sociale",
    "national",
    "nationale",
    "regional",
    "regionale",
    "direction",
    "service",
    "comite",
    "federations",
    "unions",
    "agences",
    "fondations",
    "banques",
    "regions",
    "villes",
    "groupes",
    "departements",
    "metropoles",
    "partenaires",
    "acteurs",
    "organismes",
    "collectivites",
    "plan",
}
# Category acronyms: never a body alone ("OPH"), part of a name otherwise ("Fédération des EPL").
GENERIC_ALONE = {"oph", "esh", "sem", "epl", "coop", "sa"}  # fmt: skip
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


def enumerated(text: str, span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Listed next to an organisation already found ("(…(Coop'Hlm), PROCIVIS UES-AP et la
    Fédération nationale …)"): a list of bodies."""
    joint = r"\)?\s*(?:,|\bet\b)\s*(?:la |le |les |l['’])?"
    return any(
        re.fullmatch(joint + r"\s*", text[b : span[0]])
        or re.fullmatch(r"\s*" + joint, text[span[1] : a])
        for a, b in taken
        if b <= span[0] or a >= span[1]
    )


def name_like(text: str, span: tuple[int, int]) -> bool:
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


def fragment(mention: Mention) -> bool:
    """A new actor of one or two category words ("Groupe", "Société d'Habitations"), or a lone
    letter: never a body on its own."""
    if mention.category != "actor" or mention.entry is not None or mention.unnamed:
        return False
    words = [w for w in re.split(r"[\s'’-]+", fold(mention.text)) if w and w not in CONNECTORS]
    words = [w for w in words if w not in {"d", "l"}]
    if words and (words[0] in NOT_A_NAME or fold(mention.text).startswith("vice-")):
        return True  # "Vice-président …": a title, not a body
    if len(words) == 1 and words[0] in GENERIC_ALONE:
        return True
    return len(fold(mention.text)) <= 1 or (
        len(words) <= 2 and all(w in GENERIC_WORDS for w in words)
    )


# Where a name is a party or a listed body: after "avec", "entre", "aux côtés de", "et", a comma
# or a colon; before a signing verb; defined by an acronym in parentheses.
PARTY_BEFORE = re.compile(
    r"(?:\bavec|\bentre|\baux côtés d(?:e|u|es)|\bpartenariat d(?:e|u|es)|\bet|,|:)"
    r"\s+(?:la |le |les |l['’]|d['’]|de |du |des )?$",
    re.I,
)
STRONG_BEFORE = re.compile(
    r"(?:\bavec|\bentre|\baux côtés d(?:e|u|es))\s+(?:la |le |les |l['’])?$", re.I
)
SIGNS_AFTER = re.compile(
    r"\s*(?:\([^()]{2,60}\)\s*)?(?:,\s*)?(?:et\s+[^,.;]{2,60}?\s+)?(?:(?:a|ont|vont|va|viennent de|"
    r"vient de|avait|avaient)\s+)?(?:sign|conclu|paraph|s['’]engag|renouvel)",
    re.I,
)
CATEGORY_COLON = re.compile(
    r"\b(?:bailleurs?|organismes?|partenaires?|offices?|ESH|sociétés?|acteurs?|signataires?|"
    r"collectivités?|communes?|fédérations?|associations?)\b[^.:;]{0,60}:\s*[^.;]*$",
    re.I,
)
# "Domivia, bailleur de la Drôme," / "le bailleur Domivia": named as one of a category of bodies.
CATEGORY = (
    r"(?:bailleur|office|ESH|entreprise sociale|coopérative|société|SEM|fédération|association|"
    r"collectivité|organisme|filiale|opérateur|établissement|syndicat|union|agence)"
)
CATEGORY_APPOSITION = re.compile(
    rf"\s*,\s*(?:le |la |l['’]|un |une |premier |première )?{CATEGORY}s?\b", re.I
)
CATEGORY_BEFORE = re.compile(
    rf"\b(?:le |la |l['’]|les ){CATEGORY}s?(?:\s+(?:social|sociale|sociaux|Hlm|régionale?|"
    r"mahorais|réunionnais|guadeloupéen|public))?\s+$",
    re.I,
)
ACRONYM_DEFINITION = re.compile(r"\s*\(\s*[A-ZÉ][A-Za-zÉ0-9'’&-]{1,11}\s*\)")


def party_context(text: str, span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Does the place of ``span`` in the sentence make it a body? Strong places alone do (after
    "avec", "entre", "aux côtés de", before a signing verb, defined with an acronym); a comma,
    "et" or a colon only in a list of bodies (next to one already found, or after a category
    word and a colon: "trois bailleurs : A, B et C")."""
    before, after = text[: span[0]], text[span[1] :]
    if STRONG_BEFORE.search(before) or ACRONYM_DEFINITION.match(after):
        return True
    if CATEGORY_APPOSITION.match(after) or CATEGORY_BEFORE.search(before):
        return True
    if SIGNS_AFTER.match(after) and not re.search(r"\b(?:à|en|au|aux|dans)\s+$", before):
        return True
    if PARTY_BEFORE.search(before) or re.match(r"\s*(?:,|\bet\b)", after):
        return enumerated(text, span, taken) or bool(CATEGORY_COLON.search(before))
    return False


def join_definitions(found: list[Mention], text: str, start: int) -> list[Mention]:
    """ "la SIM (Société immobilière de Mayotte)": one body, the acronym first and its name in
    parentheses (the other order is read as one phrase by ``_organisation``)."""
    joined: list[Mention] = []
    skip: set[int] = set()
    ordered = sorted(found, key=lambda m: m.start)
    for i, m in enumerate(ordered):
        if i in skip:
            continue
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if (
            nxt is not None
            and m.category == nxt.category == "actor"
            and re.fullmatch(r"[A-ZÉ][A-Za-zÉ0-9&-]{1,11}", m.text)
            and re.fullmatch(r"\s*\(\s*", text[m.end - start : nxt.start - start])
            and re.match(r"\s*\)", text[nxt.end - start :])
            and initials_fit(m.text, nxt.text)
        ):
            entry = m.entry or nxt.entry
            joined.append(
                Mention(m.start, nxt.end, nxt.text, "actor", entry, max(m.score, nxt.score),
                        nxt.kind, nxt.kind_guessed, m.text, link=m.link or nxt.link)
            )  # fmt: skip
            skip.add(i + 1)
            continue
        joined.append(m)
    return joined


def initials_fit(acronym: str, name: str) -> bool:
    """ "SIM" fits "Société Immobilière de Mayotte": the acronym's letters are initials of the
    name's words, in order (small words may be skipped)."""
    initials = [w[0].lower() for w in re.split(r"[\s'’-]+", name) if w]
    letters = [c.lower() for c in acronym if c.isalpha()]
    at = 0
    for letter in letters:
        while at < len(initials) and initials[at] != letter:
            at += 1
        if at == len(initials):
            return False
        at += 1
    return len(letters) >= 2


def describes(mention: Mention, found: list[Mention], text: str, start: int) -> bool:
    """ "Domivia, coopérative de la Drôme,": a lower-case phrase in apposition to a body
    describes it; it is not a body of its own."""
    if mention.category != "actor" or mention.entry is not None or not mention.text[:1].islower():
        return False
    if text[mention.start - start : mention.end - start] != mention.text:
        return False  # a name rebuilt from a shared complement ("…, de Martinique")
    before = text[: mention.start - start]
    joint = re.search(r",\s*(?:un |une )?$", before)
    return joint is not None and any(
        m is not mention and m.end - start == len(before[: joint.start()].rstrip()) for m in found
    )
