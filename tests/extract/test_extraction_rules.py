"""Each rule on small sentences: party lists, "avec"/"entre"/"liant", several agreements in one
sentence, who signs vs who is present, counts without names, figures, posts, completions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from graphsvc.extract.pipeline import Extraction
from graphsvc.extract.rules import AgreementFact

Read = Callable[[str], Extraction]

ID = "https://w3id.org/hlm/id/organisation/"


def names(fact: AgreementFact, attribute: str = "parties") -> set[str]:
    return {m.entry.iri if m.entry else m.text for m in getattr(fact, attribute)}


def test_a_list_after_entre_gives_one_agreement_with_every_party(read: Read) -> None:
    x = read(
        "Une convention-cadre a été signée entre l’Union sociale pour l’habitat (USH), "
        "la Fédération nationale des sociétés coopératives d’Hlm et la Fondation Abbé Pierre "
        "pour une durée de cinq ans renouvelable."
    )
    (fact,) = x.agreements
    assert fact.kind == "FrameworkAgreement"
    assert names(fact) == {
        ID + "ush",
        "Fédération nationale des sociétés coopératives d’Hlm",
        "Fondation Abbé Pierre",
    }
    assert fact.duration == "P5Y" and fact.renewable is True


def test_a_count_with_a_list_gives_one_agreement_per_listed_party(read: Read) -> None:
    x = read("L’AR Hlm Bretagne a signé deux conventions avec Rennes Métropole et Brest Métropole.")
    assert sorted(sorted(names(f)) for f in x.agreements) == [
        ["AR Hlm Bretagne", "Brest Métropole"],
        ["AR Hlm Bretagne", "Rennes Métropole"],
    ]
    assert all(names(f, "signatories") == {"AR Hlm Bretagne"} for f in x.agreements)


def test_a_shared_complement_is_distributed(read: Read) -> None:
    x = read(
        "L’USHOM a signé trois conventions avec les associations régionales des maîtres "
        "d’ouvrages sociaux de Guadeloupe, de Martinique et de La Réunion."
    )
    partners = sorted(n for f in x.agreements for n in names(f) if n != ID + "ushom")
    assert partners == [
        "association régionale des maîtres d’ouvrages sociaux de Guadeloupe",
        "association régionale des maîtres d’ouvrages sociaux de La Réunion",
        "association régionale des maîtres d’ouvrages sociaux de Martinique",
    ]


def test_people_under_whose_auspices_it_was_signed_are_not_parties(read: Read) -> None:
    x = read(
        "Sous les hauts auspices de la ministre du Logement, Claire Martin, la FOPH a signé "
        "une convention avec la Banque des Territoires."
    )
    (fact,) = x.agreements
    assert names(fact) == {ID + "foph", ID + "banque-des-territoires"}
    assert [m.text for m in fact.auspices] == ["Claire Martin"]
    assert [(p.person.text, p.role) for p in x.posts] == [("Claire Martin", "minister")]


def test_the_signer_of_a_convention_liant_others_is_not_a_party(read: Read) -> None:
    x = read(
        "Enfin, l’USHOM a signé une convention liant la Banque des Territoires avec la "
        "Fédération nationale des offices publics de l’habitat."
    )
    (fact,) = x.agreements
    assert names(fact) == {ID + "banque-des-territoires", ID + "foph"}
    assert names(fact, "signatories") == {ID + "ushom"}


def test_a_count_without_names_is_a_count_not_invented_agreements(read: Read) -> None:
    x = read(
        "Au total, une trentaine de conventions de partenariat ont été signées par la "
        "Banque des Territoires."
    )
    assert x.agreements == []
    (count,) = x.counts
    assert (count.count, count.approximate, count.kind) == (30, True, "PartnershipConvention")
    assert [m.entry.iri for m in count.by if m.entry] == [ID + "banque-des-territoires"]


def test_amounts_keep_their_figure_in_euros(read: Read) -> None:
    x = read(
        "La Banque des Territoires et la FOPH se sont engagées dans un cadre contractuel "
        "de 800 millions d'euros."
    )
    (fact,) = x.agreements
    assert fact.amount == Decimal(800_000_000)
    assert fact.kind == "FrameworkAgreement"


def test_a_following_sentence_completes_the_agreement_before_it(read: Read) -> None:
    x = read(
        "Habitat 76 et la Banque des Territoires ont signé une convention de financement. "
        "Cette convention vise à rénover 1 200 logements. D'une durée de trois ans, elle pourra "
        "être prolongée."
    )
    (fact,) = x.agreements
    assert fact.kind == "FinancingConvention"
    assert fact.purpose == "rénover 1 200 logements"
    assert fact.duration == "P3Y"
    assert len(fact.more_evidence) == 2


def test_a_letter_of_intent_between_the_same_partners_is_its_own_agreement(read: Read) -> None:
    x = read(
        "La FOPH a signé une convention liant la Banque des Territoires avec l’Union sociale pour "
        "l’habitat. Cette signature concrétise la lettre d’intention signée entre ces mêmes "
        "partenaires en 2017."
    )
    kinds = sorted(f.kind for f in x.agreements)
    assert kinds == ["Convention", "LetterOfIntent"]
    assert x.agreements[0].party_keys() == x.agreements[1].party_keys()


def test_a_sentence_without_signing_or_parties_states_no_agreement(read: Read) -> None:
    x = read("Les conventions d'utilité sociale seront discutées au congrès.")
    assert x.agreements == [] and x.counts == []


def test_generic_acronyms_and_web_addresses_are_not_actors(read: Read) -> None:
    x = read("Le PLAI et les APL restent au cœur des débats (voir www.union-habitat.org).")
    assert [m.text for m in x.mentions] == []
