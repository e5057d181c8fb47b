"""Guessing an organisation's kind from its name, and the agreement vocabulary's kinds.

A guess is only a guess: the extractor marks it (``hlm:kindIsGuessed``) for the reviewer. A name
that says nothing of its kind gets the plain ``org:FormalOrganization``, as the curated data does.
"""

from __future__ import annotations

import re

from .normalise import fold

HLM = "https://w3id.org/hlm/def/hlm#"
FORMAL_ORGANIZATION = "http://www.w3.org/ns/org#FormalOrganization"

# First match wins: the more specific patterns come first. Patterns are on folded names.
ORGANISATION_KINDS: list[tuple[str, str]] = [
    (r"^(office public de l'habitat|oph\b)|\bopac\b", "OfficePublicHabitat"),
    (r"^(entreprise sociale pour l'habitat|esh\b)|\bsa d'hlm\b", "EntrepriseSocialeHabitat"),
    (r"^(societe )?cooperative\b|\bcoop(erative)? hlm\b", "CooperativeHlm"),
    (
        r"^(sem|sa d'economie mixte|societe d'economie mixte|epl|spl)\b|^sem[a-z]",
        "EntreprisePubliqueLocale",
    ),
    (r"^office\b|\bhabitat$", "BailleurSocial"),
    (r"^union (sociale|nationale)\b", "UnionOfFederations"),
    (r"^(federation|confederation)\b", "Federation"),
    (r"^(association regionale|associations regionales|ar hlm|armos)\b", "AssociationRegionale"),
    (
        r"^association (des maires|des intercommunalites|des departements|des regions|des elus)\b",
        "AssociationOfLocalAuthorities",
    ),
    (r"^(ministere|secretariat d'etat)\b", "Ministry"),
    (r"^(caisse des depots|cdc)\b", "PublicFinancialInstitution"),
    (r"^banque\b", "FinancialInstitutionUnit"),
    (r"^fondation\b", "Foundation"),
    (r"^(ecole|institut de formation|centre de formation|afpol)\b", "TrainingBody"),
    (
        r"^(ville|commune|metropole|departement|region|conseil (departemental|regional)"
        r"|communaute (urbaine|d'agglomeration|de communes)|collectivite)\b|\smetropole$",
        "LocalAuthority",
    ),
    (r"^(association|associations)\b", "Association"),
    (r"^(societe|groupe|entreprise)\b|\b(sas|sa|sarl)$", "Company"),
]

AGREEMENT_KINDS: list[tuple[str, str]] = [
    (r"lettres? d'intention", "LetterOfIntent"),
    (r"(accord|convention)s?[- ]cadres?|cadre contractuel", "FrameworkAgreement"),
    (r"conventions? de financement|pret|financement", "FinancingConvention"),
    (r"conventions? de partenariat|partenariat", "PartnershipConvention"),
    (r"conventions?", "Convention"),
    (r"accords?|protocoles?", "Accord"),
]

KIND_LABELS_FR = {
    "LetterOfIntent": "Lettre d'intention",
    "FrameworkAgreement": "Accord-cadre",
    "FinancingConvention": "Convention de financement",
    "PartnershipConvention": "Convention de partenariat",
    "Convention": "Convention",
    "Accord": "Accord",
}


def guess_organisation_kind(name: str) -> tuple[str, bool]:
    """The class IRI a name suggests, and whether it is a guess (False for the plain default)."""
    key = fold(name)
    for pattern, local in ORGANISATION_KINDS:
        if re.search(pattern, key):
            return HLM + local, True
    return FORMAL_ORGANIZATION, False


def agreement_kind(phrase: str) -> str:
    """The hlm class (local name) of the agreement a phrase names."""
    key = fold(phrase)
    for pattern, local in AGREEMENT_KINDS:
        if re.search(pattern, key):
            return local
    return "Agreement"
