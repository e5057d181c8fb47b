"""Names to reference IRIs: aliases, acronyms, accents, case, near-misses; and kind guesses."""

from __future__ import annotations

import pytest
from extracting import ID

from graphsvc.extract.gazetteer import Gazetteer
from graphsvc.extract.kinds import guess_organisation_kind
from graphsvc.extract.normalise import fold, slug

HLM = "https://w3id.org/hlm/def/hlm#"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fédération nationale des offices publics de l’habitat", "foph"),
        ("FEDERATION NATIONALE DES OFFICES PUBLICS DE L'HABITAT", "foph"),
        ("Fédération des offices publics de l'habitat (FOPH)", "foph"),
        (
            "la banque des territoires de la Caisse des dépôts et consignations",
            "banque-des-territoires",
        ),
        ("USH outre-mer", "ushom"),
        ("l’Union sociale pour l’habitat", "ush"),
        ("Union sociale pour l habitat", "ush"),  # a lost apostrophe: fuzzy
    ],
)
def test_known_names_resolve_to_reference_iris(
    gazetteer: Gazetteer, name: str, expected: str
) -> None:
    resolution = gazetteer.resolve(name)
    assert resolution is not None and resolution.entry.iri == ID + expected


def test_fuzzy_matches_say_so_and_score_below_one(gazetteer: Gazetteer) -> None:
    resolution = gazetteer.resolve("Union sociale pour l habitat")
    assert resolution is not None and resolution.how == "fuzzy" and resolution.score < 1


@pytest.mark.parametrize(
    "name", ["Banque", "Fédération des EPL", "Office public de l'habitat de Lyon"]
)
def test_unknown_or_too_short_names_stay_unresolved(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.resolve(name) is None


def test_short_names_are_found_only_as_written(gazetteer: Gazetteer) -> None:
    text = "L’USH et l’ush, puis la FOPH à Paris."
    hits = sorted(gazetteer.find(text, ("actor",)), key=lambda f: f.start)
    found = [(text[f.start : f.end], f.entry.iri) for f in hits]
    assert found == [("USH", ID + "ush"), ("FOPH", ID + "foph")]


def test_folding_ignores_case_accents_apostrophes_articles_and_emphasis() -> None:
    assert fold("**La Fédération** des Offices  publics de l’Habitat") == fold(
        "federation des offices publics de l'habitat"
    )
    assert fold("associations régionales") == "associations regionales"  # "a" is not an article
    assert (
        slug("Office public de l’habitat de Saint-Étienne")
        == "office-public-de-l-habitat-de-saint-etienne"
    )


@pytest.mark.parametrize(
    ("name", "kind", "guessed"),
    [
        ("Office public de l'habitat de Lyon", "OfficePublicHabitat", True),
        ("OPH de Polynésie française", "OfficePublicHabitat", True),
        ("Semag", "EntreprisePubliqueLocale", True),
        ("Paris Habitat", "BailleurSocial", True),
        ("Association des maires de Martinique", "AssociationOfLocalAuthorities", True),
        ("Rennes Métropole", "LocalAuthority", True),
        ("Ministère des Armées", "Ministry", True),
        ("Vilogia", None, False),
    ],
)
def test_kinds_are_guessed_from_names_and_marked_as_guesses(
    name: str, kind: str | None, guessed: bool
) -> None:
    iri, is_guess = guess_organisation_kind(name)
    assert is_guess is guessed
    assert iri == (HLM + kind if kind else "http://www.w3.org/ns/org#FormalOrganization")
