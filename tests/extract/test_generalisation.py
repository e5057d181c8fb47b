"""Patterns of articles the rules were not written from, each on sentences of our own: bare
bailleur names in lists and as subjects, the State as a party, acronyms defined once and reused,
and what is never an actor or a person (category words, titles, bylines, a subsidiary read as
its parent)."""

from __future__ import annotations

import pytest
from extracting import ID, Read, names

from graphsvc.extract.people import person_spans
from graphsvc.extract.pipeline import Extraction, reported_mentions


def actors(x: Extraction) -> set[str]:
    return {m.text for m in reported_mentions(x) if m.category == "actor" and m.entry is None}


def people(x: Extraction) -> set[str]:
    return {m.text for m in reported_mentions(x) if m.category == "person"}


def test_bare_bailleur_names_in_a_list_after_a_colon_are_parties_one_agreement_each(
    read: Read,
) -> None:
    x = read(
        "La Banque des Territoires a signé des conventions avec trois bailleurs de la région : "
        "Loirhabitat, Vendée Logement et 3F Atlantique."
    )
    bank = ID + "banque-des-territoires"
    assert {frozenset(names(f)) for f in x.agreements} == {
        frozenset({bank, "Loirhabitat"}),
        frozenset({bank, "Vendée Logement"}),
        frozenset({bank, "3F Atlantique"}),
    }


def test_a_name_in_apposition_to_a_category_is_a_body(read: Read) -> None:
    x = read("Le bailleur Ardelis et Domivia, coopérative de la Drôme, ont paraphé un accord.")
    (fact,) = x.agreements
    assert names(fact) == {"Ardelis", "Domivia"}


def test_the_state_and_a_place_habitat_name_sign_together(read: Read) -> None:
    x = read("Orvalie Habitat et l'État ont signé une convention pour rénover 400 logements.")
    (fact,) = x.agreements
    assert names(fact) == {"Orvalie Habitat", "État"}


def test_entre_and_aux_cotes_de_name_every_party(read: Read) -> None:
    x = read(
        "Une convention a été signée entre Brocéliande Immobilier et la commune de Saint-Jorioz, "
        "aux côtés de la Fondation Esperem."
    )
    (fact,) = x.agreements
    assert names(fact) == {
        "Brocéliande Immobilier",
        "commune de Saint-Jorioz",
        "Fondation Esperem",
    }


def test_an_acronym_defined_once_is_the_same_body_when_reused(read: Read) -> None:
    x = read(
        "La CAPH (Coopérative d'Accession de Pont-Haut) et Domivia ont conclu un protocole.\n"
        "La CAPH et la Ville de Vernoux ont ensuite signé une convention."
    )
    keys = {m.key for f in x.agreements for m in f.parties if m.acronym == "CAPH"}
    assert len(x.agreements) == 2 and len(keys) == 1


def test_a_parenthesis_that_is_no_acronym_ends_a_name(read: Read) -> None:
    x = read("L'Office de l'habitat de Varenne (1 200 logements neufs) a signé avec l'État.")
    assert "Office de l'habitat de Varenne" in actors(x)


def test_a_subsidiary_named_after_its_parent_is_not_the_parent(read: Read) -> None:
    x = read("CDC Habitat a signé une convention avec la commune de Lorvan.")
    (fact,) = x.agreements
    assert names(fact) == {"CDC Habitat", "commune de Lorvan"}


def test_a_clause_in_passing_gives_no_party(read: Read) -> None:
    x = read(
        "La Banque des Territoires, dans le cadre du plan de relance de la Caisse des Dépôts, "
        "signe une convention avec Orvalie Habitat."
    )
    (fact,) = x.agreements
    assert names(fact) == {ID + "banque-des-territoires", "Orvalie Habitat"}


def test_a_one_party_signing_takes_the_body_the_article_opens_with(read: Read) -> None:
    x = read(
        "Domivia, bailleur de la Drôme, rénove le quartier des Tilleuls.\n\n"
        "Une convention a été signée avec la Ville de Vernoux le 3 mars."
    )
    (fact,) = x.agreements
    assert names(fact) == {"Domivia", "Ville de Vernoux"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Le Groupe a signé une convention avec la Région pour ses logements.",
        "L'Habitat et la Métropole ont signé une convention.",
    ],
    ids=["groupe-region", "habitat-metropole"],
)
def test_category_words_alone_are_never_actors(read: Read, sentence: str) -> None:
    x = read(sentence)
    assert actors(x) == set() and x.agreements == []


@pytest.mark.parametrize(
    ("name", "people"),
    [
        ("Mmes Ada Roux & Léa Vidal", ["Ada Roux", "Léa Vidal"]),
        ("Mme Peyrolles", ["Peyrolles"]),
        ("Président de la Métropole", []),
        ("Président de la République", []),
        ("Paul Ternier - Publié le mardi", ["Paul Ternier"]),
        ("Claire Dumas et Henri Vasseur", ["Claire Dumas", "Henri Vasseur"]),
    ],
    ids=["two-civilities", "civility-surname", "title", "head-of-state", "byline", "pair"],
)
def test_person_names_inside_what_the_model_reads_as_a_person(name: str, people: list[str]) -> None:
    assert [name[a:b] for a, b in person_spans(name)] == people


def test_a_byline_is_read_without_the_words_after_it(read: Read) -> None:
    x = read("Par Jean Roux - Publié le 3 mai\n\nDomivia et l'État ont signé une convention.")
    assert "Jean Roux - Publié le 3 mai" not in people(x)


def test_bodies_in_a_relative_clause_or_an_opening_clause_are_not_parties(read: Read) -> None:
    x = read(
        "Lors du salon organisé par la Fédération des ESH à Lyon, la commune de Vernoux et "
        "Domivia, qui gère la SOREL et la SEDAM, ont signé une convention."
    )
    (fact,) = x.agreements
    assert names(fact) == {"commune de Vernoux", "Domivia"}


def test_a_quoted_product_name_gives_no_party(read: Read) -> None:
    x = read(
        "La Caisse des Dépôts et Orvalie Habitat signent le premier contrat de « prêt "
        "Caisse des Dépôts / Action Logement »."
    )
    (fact,) = x.agreements
    assert names(fact) == {ID + "caisse-des-depots", "Orvalie Habitat"}


def test_a_surname_in_capitals_is_a_person_and_a_title_is_no_body(read: Read) -> None:
    x = read(
        "Aline MERCIER, Vice-présidente de Domivia, et la Ville de Vernoux ont signé une "
        "convention avec Orvalie Habitat."
    )
    assert "Aline MERCIER" in people(x)
    assert not any(name.lower().startswith("vice") for name in actors(x))


def test_a_short_name_after_the_full_one_is_the_same_body(read: Read) -> None:
    x = read(
        "Le rectorat de Lorvan a signé une convention avec Domivia.\n\n"
        "Le rectorat a ensuite signé un accord avec Orvalie Habitat."
    )
    assert {frozenset(names(f)) for f in x.agreements} == {
        frozenset({"rectorat de Lorvan", "Domivia"}),
        frozenset({"rectorat de Lorvan", "Orvalie Habitat"}),
    }


def test_two_agreement_nouns_with_avec_give_one_agreement_per_partner(read: Read) -> None:
    x = read(
        "La Banque des Territoires soutient le quartier des Ormes : une convention avec la Ville "
        "de Vernoux, et un accord avec Domivia."
    )
    bank = ID + "banque-des-territoires"
    assert {frozenset(names(f)) for f in x.agreements} >= {
        frozenset({bank, "Ville de Vernoux"}),
        frozenset({bank, "Domivia"}),
    }


def test_a_pronoun_subject_is_the_body_the_article_is_about(read: Read) -> None:
    x = read(
        "Domivia, bailleur de la Drôme, ouvre une agence à Vernoux.\n\n"
        "Elle a aussi signé une convention avec le conseil départemental de la Drôme et la "
        "préfecture pour l'accueil des saisonniers."
    )
    (fact,) = x.agreements
    assert names(fact) == {"Domivia", "conseil départemental de la Drôme", "préfecture"}


def test_an_anaphora_that_names_its_parties_again_is_read(read: Read) -> None:
    x = read(
        "Cet accord a été officialisé entre Domivia, Rive d’Argent Habitat et le CHU de Vernoux "
        "le 2 avril."
    )
    (fact,) = x.agreements
    assert names(fact) == {"Domivia", "Rive d’Argent Habitat", "CHU de Vernoux"}


def test_an_anaphora_with_a_purpose_between_two_bodies_is_no_agreement(read: Read) -> None:
    x = read("Cette convention vise à rapprocher entre eux Domivia et la Ville de Vernoux.")
    assert x.agreements == []


def test_the_same_party_set_told_twice_is_one_agreement(read: Read) -> None:
    x = read(
        "- Domivia et Orvalie Habitat signent une convention\n\n"
        "- Rénovation\n\nDomivia et Orvalie Habitat ont signé une convention de partenariat."
    )
    assert len(x.agreements) == 1


def test_a_category_acronym_in_a_name_is_read_written_out(read: Read) -> None:
    x = read("La Fédération des OPH a signé une convention avec Domivia.")
    (fact,) = x.agreements
    (known,) = [m for m in fact.parties if m.entry is not None]
    assert known.entry is not None and known.entry.iri == ID + "foph"
    assert known.link == "acronym" and known.score < 1.0


def test_an_institution_in_lower_case_is_reported_and_stops_before_an_infinitive(
    read: Read,
) -> None:
    x = read(
        "Le ministère du logement et la préfecture ont signé une convention avec Domivia afin "
        "de rapprocher le ministère et d'identifier les besoins."
    )
    assert {"ministère du logement", "préfecture"} <= actors(x)
    assert not any("identifier" in name for name in actors(x))


def test_a_housing_noun_read_as_an_adverb_stays_in_the_name(read: Read) -> None:
    x = read("Le comité régional de Lorvan d’action logement a signé une convention avec Domivia.")
    assert "comité régional de Lorvan d’action logement" in actors(x)


def test_a_prize_goes_to_a_body(read: Read) -> None:
    x = read("Le prix de la gestion locative a été décerné à Logéal (Drôme) pour son accueil.")
    assert "Logéal" in actors(x)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "Alice Roux, vice-présidente de Vernoux Métropole en charge de l'habitat, a signé "
            "une convention avec Domivia.",
            "Vernoux Métropole",
        ),
        (
            "Une convention lie la Caisse des Dépôts à Orvalie Habitat sur la période 2024 - 2026.",
            "Orvalie Habitat",
        ),
    ],
    ids=["en-charge-de", "sur-la-periode"],
)
def test_a_name_stops_before_a_remit_or_a_period(read: Read, sentence: str, name: str) -> None:
    x = read(sentence)
    assert name in actors(x)
    assert not any(other.startswith(name) and other != name for other in actors(x))
