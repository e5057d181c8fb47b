"""Each rule on small sentences: party lists, "avec"/"entre"/"liant", several agreements in one
sentence, who signs vs who is present, counts without names, figures, posts, completions."""

from __future__ import annotations

from decimal import Decimal

from extracting import ID, Read, names

from graphsvc.extract.pipeline import Extraction


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


def reported(x: Extraction) -> dict[str, object]:
    """What the Turtle would get: every reported mention by its text."""
    from graphsvc.extract.pipeline import reported_mentions

    return {m.text: m for m in reported_mentions(x)}


def test_a_mayor_names_the_commune_and_acts_for_it_without_making_it_a_party(read: Read) -> None:
    x = read(
        "L’AR Hlm Bretagne et Claire Martin, maire du Relecq-Kerhuon, présidente de Brest "
        "Habitat et de Morlaix Communauté, ont signé une convention de partenariat avec "
        "Action Logement."
    )
    found = reported(x)
    commune = found["Le Relecq-Kerhuon"]
    assert commune.kind.endswith("#LocalAuthority") and commune.kind_guessed  # type: ignore[attr-defined]
    (fact,) = x.agreements
    assert "Le Relecq-Kerhuon" not in names(fact) and "Morlaix Communauté" not in names(fact)
    posts = {(p.role, p.of.text if p.of else None) for p in x.posts}
    assert {("mayor", "Le Relecq-Kerhuon"), ("president", "Brest Habitat")} <= posts
    assert ("president", "Morlaix Communauté") in posts


def test_unnamed_people_and_bodies_keep_the_text_words(read: Read) -> None:
    x = read(
        "La convention a été signée avec la Banque des Territoires en présence du représentant "
        "du ministre chargé du logement. Le bailleur a reçu une délégation belge la veille."
    )
    found = reported(x)
    person = found["représentant du ministre chargé du logement"]
    body = found["une délégation belge"]
    assert person.unnamed and person.category == "person"  # type: ignore[attr-defined]
    assert body.unnamed and body.kind.endswith("#UnnamedOrganisation")  # type: ignore[attr-defined]


def test_a_plural_head_is_a_category_unless_it_stands_in_a_list(read: Read) -> None:
    generic = reported(read("Le plan doit aider les coopératives d’Hlm à produire davantage."))
    assert not any(text.lower().startswith("coopératives") for text in generic)
    listed = reported(
        read(
            "Trois familles sont représentées (la Fédération des EPL, les Coopératives "
            "d’Hlm de Bretagne et la Fondation Abbé Pierre)."
        )
    )
    assert "Coopératives d’Hlm de Bretagne" in listed


def test_names_in_a_list_of_bodies_are_bodies(read: Read) -> None:
    found = reported(
        read(
            "Le collectif réunit la Fondation Abbé Pierre, HABITAT SOLIDAIRE NORD et "
            "l’Union sociale pour l’habitat autour du logement d’abord."
        )
    )
    assert "HABITAT SOLIDAIRE NORD" in found


def test_a_unit_is_named_with_its_organisation(read: Read) -> None:
    found = reported(
        read("Le texte a été adopté par le Conseil d’administration de la Caisse des Dépôts.")
    )
    unit = found["Conseil d’administration de la Caisse des Dépôts"]
    assert unit.kind.endswith("#OrganizationalUnit")  # type: ignore[attr-defined]


def test_a_bailleur_named_after_its_city_is_not_the_city(read: Read) -> None:
    found = reported(read("Le prix a récompensé le projet de Lyon-Habitat pour sa résidence."))
    assert "Lyon-Habitat" in found


def test_a_name_defined_as_a_body_is_a_body(read: Read) -> None:
    found = reported(
        read("Des représentants de la Cerfal (organisme de formation des bailleurs) étaient là.")
    )
    assert "Cerfal" in found


def test_a_dash_ends_a_name(read: Read) -> None:
    found = reported(read("Contact : Direction de la Communication - Tél. : 01 40 75 52 56."))
    assert "Direction de la Communication" in found
    assert not any("Tél" in text for text in found)
