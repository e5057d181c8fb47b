"""Agreements a sentence states: the agreement noun, the signing verb, the parties ("entre X, Y
et Z", "avec", "liant"), who signs and who is only present ("en présence de", "sous les auspices
de"), and "Cette convention …" sentences completing the agreement before."""

from __future__ import annotations

import re

from .facts import AgreementFact, CountFact, Mention, spans_overlap, unique
from .figures import APPROXIMATE, COUNT, number, read_amount, read_duration
from .gazetteer import Gazetteer
from .kinds import agreement_kind
from .people import capacity_spans

AGREEMENT_NOUN = re.compile(
    r"\b(?:lettres? d['’]intention|(?:conventions?|accords?)(?:[- ]cadres?)?(?: de (?:partenariat|"
    r"financement))?|cadre contractuel|protocoles?(?: d['’]accord)?|partenariats?|contrats?"
    r"|chartes?)\b",
    re.I,
)
PLURAL_NOUN = re.compile(
    r"(?:conventions|accords|partenariats|protocoles|lettres|contrats|chartes)\b", re.I
)
SIGN_VERB = re.compile(
    r"\b(?:sign(?:e|é|ée|és|ées|ent|er|era|eront|ait|aient|ant|ature|atures|ataire|ataires)"
    r"|paraph\w+|conclu\w*|engag(?:é|ée|és|ées|ent|eant)|officialis\w+|scell\w+)\b",
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
PURPOSE = re.compile(
    r"(?:vise(?:nt)? à|a pour (?:objectif|objet|but|missions?) de|ayant pour objectif de|"
    r"dont l['’]objectif est de|pour objectif de|afin de)\s+(?P<what>[^.;]+)",
    re.I,
)
# A clause that names a body without making it a party: ", dans le cadre du plan de la Caisse
# des Dépôts,", ", filiale de …,", ", via …,".
INCIDENTAL = re.compile(
    r",\s*(?:dans le cadre d|au titre d|filiale d|via\b|à travers|par l['’]intermédiaire d)[^,;.]*",
    re.I,
)
# A relative clause about a body ("X, qui gère la SEDAM et la SOREL, a signé") names others in
# passing, unless it is what links the parties ("qui lie X et Y").
RELATIVE = re.compile(r",\s*(?:qui|dont)\s+(?!lie|associe|réunit|unit|engage|signe)[^,;.]*", re.I)
# An opening clause before the main one ("Dans le prolongement de …, X et Y ont signé"; "Lors
# du congrès de …, X signe"): its bodies are context, when the main clause names its own.
OPENING = re.compile(
    r"^\s*(?:Dans|Lors|À|A|Au|Aux|En|Après|Suite|Pour|Sur|Depuis|Fort|Forte)\b[^,]{0,220},", re.I
)
# A quoted name ("le « prêt bonifié Caisse des Dépôts / Action Logement »") is no party.
QUOTED = re.compile(r"«[^»]*»|“[^”]*”")
# "Elle a signé une convention avec X et Y": the subject is the body the text is about.
PRONOUN_SUBJECT = re.compile(r"\s*(?:elle|il)\s+(?!y\b)", re.I)
SAME_PARTIES = re.compile(r"\b(?:ces|les) mêmes partenaires\b", re.I)
ANAPHORA = re.compile(
    r"^\s*(?:cette convention|ce partenariat|cet accord|cette lettre|elle|ce dernier)\b", re.I
)


def incidental_spans(text: str, start: int, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Where the sentence names bodies without making them parties."""
    spans = [m.span() for p in (INCIDENTAL, RELATIVE, QUOTED) for m in p.finditer(text)]
    opening = OPENING.match(text)
    if opening is not None and any(
        m.category == "actor" and m.start - start >= opening.end() for m in mentions
    ):
        spans.append(opening.span())
    return spans


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


def read_agreements(
    text: str, start: int, mentions: list[Mention], gazetteer: Gazetteer
) -> tuple[list[AgreementFact], list[CountFact]]:
    """The agreements (and counts of agreements) one sentence states."""
    noun = AGREEMENT_NOUN.search(text)
    pronoun = PRONOUN_SUBJECT.match(text) is not None and PARTY_INTRO.search(text) is not None
    # "Cet accord a été officialisé entre A, B et C": an anaphora that names its parties again.
    restated = any(
        re.match(r"[^.;]{0,40}?\b(?:entre|liant)\b", text[v.end() :], re.I)
        for v in SIGN_VERB.finditer(text)
    )
    if noun is None or (ANAPHORA.search(text) and not (pronoun or restated)):
        return [], []
    verb = SIGN_VERB.search(text)
    intro = PARTY_INTRO.search(text)
    windows = presence_windows(text)

    def in_window(m: Mention) -> tuple[int, int, bool] | None:
        position = m.start - start
        return next((w for w in windows if w[0] <= position < w[1]), None)

    capacities = capacity_spans(text, start, mentions) + incidental_spans(text, start, mentions)
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
                    kind, sentence, parties=unique([*subject, item]), signatories=unique(subject)
                )
            )
    elif (
        intro is not None
        and intro.group(0).lower() == "avec"
        and (PLURAL_NOUN.match(noun.group(0)) or len(AGREEMENT_NOUN.findall(text)) >= 2)
        and len(partners := [m for m in after_intro if m.category == "actor"]) >= 2
    ):
        # "X a signé des conventions avec A, B et C": one agreement per partner.
        before = [m for m in actors if m.category == "actor" and m.end - start <= intro.start()]
        for partner in partners:
            facts.append(
                AgreementFact(kind, sentence, parties=unique([*before, partner]),
                              signatories=unique(before))
            )  # fmt: skip
    else:
        orgs = [m for m in (after_intro if liant else actors) if m.category == "actor" or liant]
        parties = orgs if liant else [m for m in orgs if m.category == "actor" or m in after_intro]
        signatories = unique([m for m in subject if m.category == "actor"])
        facts.append(
            AgreementFact(kind, sentence, parties=unique(parties), signatories=signatories)
        )
    signers = [m for m in subject if m.category == "person"]
    amount = read_amount(text)
    duration, renewable = read_duration(text)
    purpose = PURPOSE.search(text)
    spans = [(m.start - start, m.end - start) for m in mentions]
    territories = [
        h.entry
        for h in gazetteer.find(text, ("place",))
        if not any(spans_overlap((h.start, h.end), span) for span in spans)
    ]
    for fact in facts:
        fact.signed_by = signers
        fact.present, fact.auspices = present, auspices
        fact.amount, fact.duration, fact.renewable = amount, duration, renewable
        fact.purpose = purpose.group("what").strip() if purpose else None
        fact.territories = [t for t in territories if "id/place/" in t.iri]
        resolved = sum(1 for m in fact.parties if m.entry is not None) / max(1, len(fact.parties))
        fact.signed = verb is not None
        fact.needs_subject = pronoun
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
