"""A seeded generator of a realistic synthetic HLM graph, in our ontology, at a chosen size.

Why synthetic: five articles make 2,600 triples; the promises about speed are made at 100k and
1M. The shape follows the curated graph: bailleurs of each kind (≈ 700 of each at full size),
federations, ministries, Congrès Hlm editions 1975–2025, territories, people holding posts, and
conventions with 2–6 parties, each derived from a synthetic source article and tied to an evidence
node with its quote and offsets. Reference entities live in one file, agreements in one file per
source article (as ``data/graph/`` does), so ``graphsvc ingest`` takes the output as is.

    python bench/generate.py --triples 100000 --out build/bench/100k
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

BASE = "https://w3id.org/hlm/"
PREFIXES = f"""@prefix hlm: <{BASE}def/hlm#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix o: <{BASE}id/organisation/> .
@prefix event: <{BASE}id/event/> .
@prefix place: <{BASE}id/place/> .
@prefix ag: <{BASE}id/agreement/> .
@prefix evd: <{BASE}id/evidence/> .
@prefix src: <{BASE}id/source/> .
"""
BAILLEUR_KINDS = {
    "OfficePublicHabitat": "Office public de l'habitat",
    "EntrepriseSocialeHabitat": "ESH",
    "CooperativeHlm": "Coopérative Hlm",
    "EntreprisePubliqueLocale": "SEM",
}
OTHER_KINDS = {
    "Federation": 5,
    "AssociationRegionale": 20,
    "Ministry": 8,
    "LocalAuthority": 150,
    "Foundation": 20,
    "Association": 60,
    "Company": 60,
}
AGREEMENT_KINDS = ["PartnershipConvention", "FinancingConvention", "FrameworkAgreement", "Accord"]
TOWNS = ["Lyon", "Marseille", "Lille", "Nantes", "Bordeaux", "Strasbourg", "Rennes", "Toulouse"]
TERRITORIES = ["guadeloupe", "martinique", "la-reunion", "guyane", "mayotte", "bretagne", "corse"]
TRIPLES_PER_AGREEMENT = 30  # measured on the output: agreement, its evidence and its source


@dataclass(frozen=True)
class Plan:
    """How many of each thing make a graph of about ``triples`` triples."""

    bailleurs_per_kind: int
    agreements: int
    agreements_per_source: int

    @classmethod
    def for_size(cls, triples: int) -> Plan:
        agreements = max(10, triples // TRIPLES_PER_AGREEMENT)
        return cls(
            bailleurs_per_kind=min(700, max(5, agreements // 20)),
            agreements=agreements,
            agreements_per_source=25,
        )


def literal(text: str) -> str:
    """A Turtle string literal (our generated text has no quotes or backslashes)."""
    return '"' + text + '"'


def reference(plan: Plan) -> tuple[str, list[str]]:
    """Actors, congresses and territories: the Turtle, and the actor IRIs (local names)."""
    sourced = "prov:wasDerivedFrom src:synth-directory ; hlm:evidence evd:synth-directory"
    lines = [
        PREFIXES,
        'src:synth-directory a schema:NewsArticle ; schema:headline "Annuaire synthétique"@fr ;'
        ' hlm:sourceFile "synth-directory.txt" .',
        "evd:synth-directory a oa:SpecificResource ; oa:hasSource src:synth-directory ;"
        ' oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Annuaire des organismes." ] ,'
        ' [ a oa:TextPositionSelector ; oa:start "0"^^xsd:nonNegativeInteger ;'
        ' oa:end "24"^^xsd:nonNegativeInteger ] .',
    ]
    actors = ["o:banque-des-territoires-synth"]
    lines.append(
        "o:banque-des-territoires-synth a hlm:FinancialInstitutionUnit ;"
        f' rdfs:label "Banque des Territoires (synthétique)"@fr ; {sourced} .'
    )
    for kind, label in BAILLEUR_KINDS.items():
        for n in range(plan.bailleurs_per_kind):
            name = f"o:{kind.lower()}-{n}"
            actors.append(name)
            lines.append(
                f"{name} a hlm:{kind} ; rdfs:label {literal(f'{label} {n}')}@fr ;"
                f" skos:altLabel {literal(f'{label.upper()} n°{n}')}@fr ; {sourced} ."
            )
    for kind, count in OTHER_KINDS.items():
        for n in range(count):
            name = f"o:{kind.lower()}-{n}"
            actors.append(name)
            lines.append(
                f"{name} a hlm:{kind} ; rdfs:label {literal(f'{kind} {n}')}@fr ; {sourced} ."
            )
    for year in range(1975, 2026):
        edition = year - 1939
        town = TOWNS[year % len(TOWNS)]
        lines.append(
            f"event:congres-synth-{edition} a hlm:Congress ;"
            f" rdfs:label {literal(f'{edition}e Congrès Hlm ({town})')}@fr ;"
            f' hlm:editionNumber {edition} ; schema:startDate "{year}-09-2{year % 8}"^^xsd:date ; '
            f"{sourced} ."
        )
    for territory in TERRITORIES:
        lines.append(
            f"place:{territory}-synth a hlm:Territory ; rdfs:label {literal(territory)}@fr ."
        )
    return "\n".join(lines) + "\n", actors


def source_file(index: int, first: int, count: int, actors: list[str], rng: random.Random) -> str:
    """One synthetic article: ``count`` agreements from number ``first`` on, with evidence."""
    source = f"src:synth-{index}"
    lines = [
        PREFIXES,
        f"{source} a schema:NewsArticle ;"
        f" schema:headline {literal(f'Article synthétique {index}')}@fr ;"
        f' schema:datePublished "20{index % 25 + 1:02d}-06-15"^^xsd:date ;'
        f' hlm:sourceFile "synth-{index}.txt" .',
    ]
    for number in range(first, first + count):
        parties = rng.sample(actors[1:], rng.randint(1, 5))
        if rng.random() < 0.2:
            parties.append(actors[0])
        year = rng.randint(1975, 2025)
        kind = rng.choice(AGREEMENT_KINDS)
        territory = rng.choice(TERRITORIES)
        quote = f"Les parties ont signé la convention numéro {number} pour le logement social."
        start = rng.randint(0, 5000)
        evidence = f"evd:synth-{number}"
        party_list = " , ".join(parties)
        lines.append(
            f"ag:synth-{number} a hlm:{kind} ;"
            f" rdfs:label {literal(f'Convention synthétique {number}')}@fr ;"
            f" hlm:party {party_list} ; hlm:signatory {parties[0]} ;"
            f" hlm:atEvent event:congres-synth-{year - 1939} ;"
            f" hlm:territory place:{territory}-synth ;"
            f' hlm:duration "P{rng.randint(1, 6)}Y"^^xsd:duration ;'
            f" hlm:purpose {literal('favoriser la production de logements sociaux')}@fr ;"
            f" prov:wasDerivedFrom {source} ; hlm:evidence {evidence} .\n"
            f"{evidence} a oa:SpecificResource ; oa:hasSource {source} ;"
            f" oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {literal(quote)} ;"
            f' oa:prefix "Hier, " ; oa:suffix " Le" ] ,'
            f' [ a oa:TextPositionSelector ; oa:start "{start}"^^xsd:nonNegativeInteger ;'
            f' oa:end "{start + len(quote)}"^^xsd:nonNegativeInteger ] .'
        )
    return "\n".join(lines) + "\n"


def generate(triples: int, out: Path, seed: int = 20261201) -> list[Path]:
    """Write the reference file and the source files; return their paths."""
    rng = random.Random(seed)
    plan = Plan.for_size(triples)
    out.mkdir(parents=True, exist_ok=True)
    text, actors = reference(plan)
    paths = [out / "reference.ttl"]
    paths[0].write_text(text, encoding="utf-8")
    for index, first in enumerate(range(0, plan.agreements, plan.agreements_per_source)):
        count = min(plan.agreements_per_source, plan.agreements - first)
        path = out / f"synth-{index:05d}.ttl"
        path.write_text(source_file(index, first, count, actors, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    paths = generate(args.triples, args.out, args.seed)
    print(f"{len(paths)} files in {args.out}")


if __name__ == "__main__":
    main()
