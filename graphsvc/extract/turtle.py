"""An extraction as Turtle in the shape of ``data/graph/``: every fact derived from its source and
tied to its sentence (an evidence node with quote, prefix, suffix, offsets and a confidence).

Known actors keep their reference IRIs and only gain evidence; new ones get IRIs from their
names, a kind (marked ``hlm:kindIsGuessed`` when read from the name) and their words as label.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pyoxigraph as ox

from ..iris import CANONICAL_BASE
from ..rdf.rdfio import PREFIXES
from .evidence import CONTEXT_CHARS
from .facts import AgreementFact, Mention
from .gazetteer import Entry
from .kinds import KIND_LABELS_FR
from .normalise import slug
from .pipeline import Extraction, reported_mentions

XSD = "http://www.w3.org/2001/XMLSchema#"
LINK_NOTES = {
    "exact": "lien certain (nom connu, à la casse et aux accents près)",
    "acronym": "lien certain (sigle connu)",
    "fuzzy": "lien deviné (nom proche d'un nom connu)",
}
ROLE_LABELS = {"president": "Président·e", "minister": "Ministre", "mayor": "Maire",
               "director-general": "Directeur·rice général·e"}  # fmt: skip


def _n(prefix: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES[prefix] + local)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def _fr(text: str) -> ox.Literal:
    return ox.Literal(" ".join(text.split()), language="fr")


A = _n("rdf", "type")
LABEL = _n("rdfs", "label")
DERIVED = _n("prov", "wasDerivedFrom")
EVIDENCE = _n("hlm", "evidence")


class TurtleWriter:
    """Collects triples for one extraction; ``turtle()`` serialises them."""

    def __init__(self, extraction: Extraction, base: str = CANONICAL_BASE) -> None:
        self.x = extraction
        self.base = base
        self.text = extraction.article.text
        self.stem = extraction.article.stem
        self.source = ox.NamedNode(f"{base}id/source/{self.stem}")
        self.triples: list[ox.Triple] = []
        self._evidence: dict[tuple[int, int], ox.NamedNode] = {}
        self._actors: dict[str, ox.NamedNode] = {}
        self._used: set[str] = set()

    def add(
        self,
        s: ox.NamedNode | ox.BlankNode,
        p: ox.NamedNode,
        o: ox.NamedNode | ox.BlankNode | ox.Literal,
    ) -> None:
        self.triples.append(ox.Triple(s, p, o))

    def iri(self, kind: str, name: str) -> ox.NamedNode:
        """A new IRI under ``id/{kind}/``, unique in this file."""
        candidate, n = f"{self.base}id/{kind}/{name}", 2
        while candidate in self._used:
            candidate, n = f"{self.base}id/{kind}/{name}-{n}", n + 1
        self._used.add(candidate)
        return ox.NamedNode(candidate)

    def evidence(self, span: tuple[int, int], confidence: float) -> ox.NamedNode:
        """The evidence node of a sentence (one per sentence, the highest confidence kept)."""
        if span in self._evidence:
            return self._evidence[span]
        start, end = span
        node = ox.NamedNode(f"{self.base}id/evidence/{self.stem}/s{start}-{end}")
        quote, position = ox.BlankNode(), ox.BlankNode()
        self.add(node, A, _n("oa", "SpecificResource"))
        self.add(node, _n("oa", "hasSource"), self.source)
        self.add(node, _n("oa", "hasSelector"), quote)
        self.add(node, _n("oa", "hasSelector"), position)
        self.add(node, _n("hlm", "confidence"), _typed(Decimal(str(confidence)), "decimal"))
        self.add(quote, A, _n("oa", "TextQuoteSelector"))
        self.add(quote, _n("oa", "exact"), ox.Literal(self.text[start:end]))
        self.add(
            quote, _n("oa", "prefix"), ox.Literal(self.text[max(0, start - CONTEXT_CHARS) : start])
        )
        self.add(quote, _n("oa", "suffix"), ox.Literal(self.text[end : end + CONTEXT_CHARS]))
        self.add(position, A, _n("oa", "TextPositionSelector"))
        self.add(position, _n("oa", "start"), _typed(start, "nonNegativeInteger"))
        self.add(position, _n("oa", "end"), _typed(end, "nonNegativeInteger"))
        self._evidence[span] = node
        return node

    def sourced(
        self, node: ox.NamedNode, spans: Iterable[tuple[int, int]], confidence: float
    ) -> None:
        self.add(node, DERIVED, self.source)
        for span in spans:
            self.add(node, EVIDENCE, self.evidence(span, confidence))

    def sentence_of(self, mention: Mention) -> tuple[int, int]:
        """The sentence a mention sits in (the evidence of the actor)."""
        return self.x.sentence_spans.get(mention.start, (mention.start, mention.end))

    def link_evidence(self, mention: Mention, entry: Entry) -> ox.NamedNode:
        """The evidence of a link to a known entity: the sentence, how sure the link is
        (``hlm:confidence``) and the rule that made it (``skos:editorialNote``), so a reviewer
        sees which links are certain and which are guesses."""
        start, end = self.sentence_of(mention)
        local = entry.iri.rstrip("/").rsplit("/", 1)[-1]
        node = ox.NamedNode(f"{self.base}id/evidence/{self.stem}/s{start}-{end}/link-{local}")
        if node.value in self._used:
            return node
        self._used.add(node.value)
        sentence = self.evidence((start, end), mention.score)
        for triple in list(self.triples):
            value = triple.object
            if (
                triple.subject == sentence
                and triple.predicate.value.startswith(PREFIXES["oa"])
                and not isinstance(value, ox.Triple)
            ):
                self.add(node, triple.predicate, value)  # the same selectors
        self.add(node, A, _n("oa", "SpecificResource"))
        self.add(node, _n("hlm", "confidence"), _typed(Decimal(str(mention.score)), "decimal"))
        note = LINK_NOTES.get(mention.link or "", "lien") + f" : « {mention.text} »"
        self.add(node, _n("skos", "editorialNote"), _fr(note))
        return node

    def actor(self, mention: Mention) -> ox.NamedNode:
        """The IRI of a mentioned actor, writing its node the first time."""
        if mention.key in self._actors:
            node = self._actors[mention.key]
            self.add(node, EVIDENCE, self.evidence(self.sentence_of(mention), mention.score))
            if mention.entry is not None and mention.link not in (None, "name"):
                self.add(node, EVIDENCE, self.link_evidence(mention, mention.entry))
            return node
        if mention.entry is not None:
            node = ox.NamedNode(mention.entry.iri)
            if mention.link not in (None, "name"):
                self.add(node, EVIDENCE, self.link_evidence(mention, mention.entry))
        elif mention.unnamed:
            # No invented name: the text's own words, as the curated graph does.
            node = self.iri(
                "person" if mention.category == "person" else "organisation",
                slug(mention.text),
            )
            self.add(node, A, ox.NamedNode(mention.kind or PREFIXES["schema"] + "Person"))
            self.add(node, _n("hlm", "describedAs"), _fr(mention.text))
        elif mention.category == "person":
            node = self.iri("person", slug(mention.text))
            self.add(node, A, _n("schema", "Person"))
            self.add(node, _n("schema", "name"), ox.Literal(mention.text))
            self.add(node, LABEL, ox.Literal(mention.text))
        else:
            node = self.iri("organisation", slug(mention.acronym or mention.text))
            self.add(node, A, ox.NamedNode(mention.kind or PREFIXES["org"] + "FormalOrganization"))
            if mention.kind_guessed:
                self.add(node, _n("hlm", "kindIsGuessed"), _typed("true", "boolean"))
            self.add(node, LABEL, _fr(mention.text))
            if mention.acronym:
                self.add(node, _n("hlm", "acronym"), ox.Literal(mention.acronym))
        self._actors[mention.key] = node
        self.sourced(node, [self.sentence_of(mention)], mention.score)
        return node

    def label_of(self, mention: Mention) -> str:
        return mention.entry.label if mention.entry else mention.text

    def congress(self) -> ox.NamedNode | None:
        x = self.x
        if x.congress_edition is None:
            return None
        if x.congress is not None:
            node = ox.NamedNode(x.congress.iri)
        else:
            node = ox.NamedNode(f"{self.base}id/event/congres-hlm-{x.congress_edition}")
            self.add(node, A, _n("hlm", "Congress"))
            self.add(node, LABEL, _fr(f"{x.congress_edition}e Congrès Hlm"))
            self.add(node, _n("hlm", "editionNumber"), _typed(x.congress_edition, "integer"))
        if x.congress_sentence is not None:
            self.sourced(node, [x.congress_sentence], 0.9)
        return node

    def agreement(self, fact: AgreementFact, congress: ox.NamedNode | None) -> None:
        parties = " – ".join(self.label_of(m) for m in fact.parties)
        label = f"{KIND_LABELS_FR.get(fact.kind, 'Accord')} {parties}"
        node = self.iri("agreement", f"x-{slug(self.stem)[:12]}-{slug(parties)[:60]}")
        self.add(node, A, _n("hlm", fact.kind))
        self.add(node, LABEL, _fr(label))
        for m in fact.parties:
            self.add(node, _n("hlm", "party"), self.actor(m))
        for m in fact.signatories:
            self.add(node, _n("hlm", "signatory"), self.actor(m))
        if congress is not None:
            self.add(node, _n("hlm", "atEvent"), congress)
        if fact.amount is not None:
            amount = ox.BlankNode()
            self.add(node, _n("hlm", "amount"), amount)
            self.add(amount, A, _n("schema", "MonetaryAmount"))
            self.add(amount, _n("schema", "value"), _typed(fact.amount, "decimal"))
            self.add(amount, _n("schema", "currency"), ox.Literal("EUR"))
        if fact.duration:
            self.add(node, _n("hlm", "duration"), _typed(fact.duration, "duration"))
        if fact.renewable is not None:
            self.add(node, _n("hlm", "renewable"), _typed(str(fact.renewable).lower(), "boolean"))
        if fact.purpose:
            self.add(node, _n("hlm", "purpose"), _fr(fact.purpose))
        for place in fact.territories:
            self.add(node, _n("hlm", "territory"), ox.NamedNode(place.iri))
        spans = [fact.sentence, *fact.more_evidence]
        self.sourced(node, spans, fact.confidence)
        if fact.signed_by or fact.present or fact.auspices:
            event = self.iri("event", f"signature-{node.value.rsplit('/', 1)[-1]}")
            self.add(event, A, _n("hlm", "SigningEvent"))
            self.add(event, LABEL, _fr(f"Signature : {label}"))
            for prop, people in (("signedBy", fact.signed_by), ("inPresenceOf", fact.present),
                                 ("underAuspicesOf", fact.auspices)):  # fmt: skip
                for m in people:
                    self.add(event, _n("hlm", prop), self.actor(m))
            if congress is not None:
                self.add(event, _n("schema", "superEvent"), congress)
            self.add(node, _n("hlm", "signedIn"), event)
            self.sourced(event, [fact.sentence], fact.confidence)

    def build(self) -> list[ox.Triple]:
        x = self.x
        article = x.article
        self.add(self.source, A, _n("schema", "NewsArticle"))
        if article.title:
            self.add(self.source, _n("schema", "headline"), _fr(article.title))
        else:
            self.add(self.source, LABEL, ox.Literal(article.path.name))
        if article.date:
            self.add(self.source, _n("schema", "datePublished"), _typed(article.date, "date"))
        self.add(self.source, _n("hlm", "sourceFile"), ox.Literal(article.path.name))
        congress = self.congress()
        if congress is not None:
            self.add(self.source, _n("schema", "about"), congress)
        for fact in x.agreements:
            self.agreement(fact, congress)
        for count in x.counts:
            node = self.iri("agreement", f"x-{slug(self.stem)[:12]}-count-{count.count}")
            by = " – ".join(self.label_of(m) for m in count.by)
            about = "Environ " if count.approximate else ""
            kind = KIND_LABELS_FR.get(count.kind, "accords").lower()
            label = f"{about}{count.count} accords ({kind})" + (f" : {by}" if by else "")
            self.add(node, A, _n("hlm", "AgreementCount"))
            self.add(node, LABEL, _fr(label))
            self.add(node, _n("hlm", "count"), _typed(count.count, "integer"))
            self.add(
                node,
                _n("hlm", "countIsApproximate"),
                _typed(str(count.approximate).lower(), "boolean"),
            )
            self.add(node, _n("hlm", "agreementKind"), _n("hlm", count.kind))
            for m in count.by:
                self.add(node, _n("hlm", "party"), self.actor(m))
            if congress is not None:
                self.add(node, _n("hlm", "atEvent"), congress)
            self.sourced(node, [count.sentence], 0.8)
        for post in x.posts:
            person = self.actor(post.person)
            node = self.iri("post", f"{post.role}-{slug(post.person.text)}")
            self.add(node, A, _n("org", "Post"))
            self.add(node, LABEL, _fr(f"{ROLE_LABELS[post.role]} ({post.person.text})"))
            self.add(node, _n("org", "role"), ox.NamedNode(f"{self.base}id/role/{post.role}"))
            self.add(node, _n("org", "heldBy"), person)
            if post.of is not None:
                self.add(node, _n("org", "postIn"), self.actor(post.of))
            self.sourced(node, [post.sentence], 0.75)
        for initiative in x.initiatives:
            node = self.iri("initiative", slug(initiative.name))
            self.add(node, A, _n("hlm", initiative.kind))
            self.add(node, LABEL, _fr(initiative.name))
            for m in initiative.launched_by:
                self.add(node, _n("hlm", "launchedBy"), self.actor(m))
            self.sourced(node, [initiative.sentence], 0.7)
        for mention in reported_mentions(x):
            self.actor(mention)
        return self.triples

    def turtle(self) -> str:
        header = (
            f"# Extracted automatically from {self.x.article.path.name} by `graphsvc extract`.\n"
            "# Review before ingesting: every node cites its sentence and a confidence;\n"
            "# kinds read from names carry hlm:kindIsGuessed true.\n\n"
        )
        prefixes = {
            p: PREFIXES[p] for p in ("hlm", "org", "prov", "schema", "oa", "rdfs", "skos", "xsd")
        }
        body = ox.serialize(self.build(), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        return header + (body or b"").decode("utf-8")


def to_turtle(extraction: Extraction, base: str = CANONICAL_BASE) -> str:
    return TurtleWriter(extraction, base).turtle()
