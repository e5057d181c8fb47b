"""Facts of the curated graph, checked as SPARQL over the loaded store (ontology, reference data,
the five sources and the OWL RL closure), the way an analyst would ask them."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest
from livesvc import ROOT

from graphsvc.extract.evidence import Selector, holds
from graphsvc.rdf.results import Boolean, Solutions
from graphsvc.settings import SHIPPED_DIR
from graphsvc.store.oxigraph import GraphStore

PREFIXES = """
PREFIX hlm: <https://w3id.org/hlm/def/hlm#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX o: <https://w3id.org/hlm/id/organisation/>
PREFIX ag: <https://w3id.org/hlm/id/agreement/>
PREFIX person: <https://w3id.org/hlm/id/person/>
"""
ID = "https://w3id.org/hlm/id/"


def select(store: GraphStore, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + query)
    assert isinstance(result, Solutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def values(store: GraphStore, query: str) -> set[str]:
    return {next(iter(row.values())) for row in select(store, query) if row}


def ask(store: GraphStore, query: str) -> bool:
    result = store.query(PREFIXES + query)
    assert isinstance(result, Boolean)
    return bool(result)


def test_the_sources_are_the_seeds_byte_for_byte() -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    copies = sorted((SHIPPED_DIR / "data" / "sources").glob("*.txt"))
    assert [p.name for p in copies] == sorted(p.name for p in seeds.glob("*.txt"))
    for copy in copies:
        original = (seeds / copy.name).read_bytes()
        assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(original).digest()


def test_every_quote_is_at_its_offsets_in_its_source(shipped_store: GraphStore) -> None:
    rows = select(
        shipped_store,
        """SELECT ?evidence ?file ?exact ?prefix ?suffix ?start ?end WHERE {
             ?evidence oa:hasSource/hlm:sourceFile ?file ;
                       oa:hasSelector ?q , ?p .
             ?q a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
             ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end . }""",
    )
    every = values(
        shipped_store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a oa:SpecificResource }"
    )
    assert {str(len(rows))} == every, "every evidence node has both selectors"
    texts: dict[str, str] = {}
    for row in rows:
        file = row["file"]
        texts.setdefault(
            file, (SHIPPED_DIR / "data" / "sources" / file).read_text(encoding="utf-8")
        )
        selector = Selector(
            row["exact"], row["prefix"], row["suffix"], int(row["start"]), int(row["end"])
        )
        assert holds(texts[file], selector), row["evidence"]


def test_no_fact_bearing_node_lacks_a_source_or_evidence(shipped_store: GraphStore) -> None:
    offenders = select(
        shipped_store,
        """SELECT DISTINCT ?node WHERE {
             VALUES ?kind { hlm:Agreement hlm:AgreementCount hlm:Actor hlm:SigningEvent
                            hlm:Launch hlm:Visit hlm:AwardGrant hlm:Initiative org:Post }
             ?node a ?kind .
             FILTER NOT EXISTS { ?node prov:wasDerivedFrom ?source . ?source a schema:NewsArticle .
                                 ?node hlm:evidence ?e . ?e oa:hasSource ?source } }""",
    )
    assert offenders == []


def test_the_polynesian_convention_has_exactly_the_parties_the_text_names(
    shipped_store: GraphStore,
) -> None:
    parties = values(shipped_store, "SELECT ?p WHERE { ag:2018-convention-polynesie hlm:party ?p }")
    assert parties == {
        ID + "organisation/office-polynesien-de-l-habitat",
        ID + "organisation/banque-des-territoires",
        ID + "organisation/foph",
        ID + "organisation/ministere-logement-amenagement-polynesie",
    }
    assert ask(shipped_store, "ASK { ag:2018-convention-polynesie hlm:signatory o:ushom }")
    assert ask(
        shipped_store,
        "ASK { ag:2018-convention-polynesie hlm:implements ?l . ?l a hlm:LetterOfIntent }",
    )


def test_who_signs_is_told_apart_from_who_is_present(shipped_store: GraphStore) -> None:
    rows = select(
        shipped_store,
        """SELECT ?signing ?present WHERE {
             ag:2018-convention-polynesie hlm:signedIn ?signing .
             ?signing hlm:inPresenceOf ?present . }""",
    )
    representative = ID + "person/representant-ministre-outre-mer-congres-hlm-79"
    assert {r["present"] for r in rows} == {representative}
    assert not ask(shipped_store, f"ASK {{ ?s hlm:signedBy <{representative}> }}")
    assert not ask(shipped_store, f"ASK {{ <{representative}> rdfs:label ?l }}"), "never named"
    assert ask(
        shipped_store,
        f"ASK {{ <{representative}> hlm:represents/org:heldBy person:annick-girardin }}",
    )


def test_three_ar_conventions_are_three_agreements_with_their_own_parties(
    shipped_store: GraphStore,
) -> None:
    rows = select(
        shipped_store,
        """SELECT ?agreement ?other WHERE {
             ?agreement hlm:signedIn ?signing ;
                        hlm:party o:ushom , ?other . FILTER(?other != o:ushom)
             FILTER(STRENDS(STR(?signing), "signature-ushom-armos-congres-hlm-79")) }""",
    )
    assert len({r["agreement"] for r in rows}) == 3
    assert sorted(r["other"].rsplit("/", 1)[1] for r in rows) == [
        "armos-guadeloupe",
        "armos-la-reunion",
        "armos-martinique",
    ]


def test_the_partners_of_the_banque_des_territoires(shipped_store: GraphStore) -> None:
    partners = values(
        shipped_store,
        """SELECT DISTINCT ?partner WHERE {
             ?agreement hlm:party o:banque-des-territoires , ?partner .
             FILTER(?partner != o:banque-des-territoires) }""",
    )
    assert ID + "organisation/office-polynesien-de-l-habitat" in partners
    assert ID + "organisation/foph" in partners
    assert ask(shipped_store, "ASK { o:banque-des-territoires org:unitOf o:caisse-des-depots }")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            """SELECT ?v ?c WHERE { ag:2019-banque-des-territoires-foph-titres-participatifs
                 hlm:amount [ schema:value ?v ; schema:currency ?c ] }""",
            [{"v": "800000000", "c": "EUR"}],
        ),
        (
            """SELECT ?d ?r WHERE { ag:2025-ush-fnar-ministere-des-armees hlm:duration ?d ;
                 hlm:renewable ?r }""",
            [{"d": "P5Y", "r": "true"}],
        ),
        ("SELECT ?d WHERE { ag:2025-ush-anabf-fnar hlm:duration ?d }", [{"d": "P3Y"}]),
        (
            """SELECT ?v ?u ?p WHERE { ag:2019-accord-vilogia-caisse-des-depots
                 hlm:quantity [ schema:value ?v ; schema:unitText ?u ; hlm:period ?p ] }""",
            [{"v": "600", "u": "logement", "p": "P3Y"}],
        ),
        (
            """SELECT ?v ?a WHERE { o:ush hlm:memberCount [ schema:value ?v ;
                 hlm:countIsApproximate ?a ] }""",
            [{"v": "660", "a": "true"}],
        ),
        (
            """SELECT ?n ?a WHERE { ?c a hlm:AgreementCount ; hlm:party o:banque-des-territoires ;
                 hlm:count ?n ; hlm:countIsApproximate ?a }""",
            [{"n": "30", "a": "true"}],
        ),
    ],
)
def test_figures_are_kept_as_typed_values(
    shipped_store: GraphStore, query: str, expected: list[dict[str, str]]
) -> None:
    assert select(shipped_store, query) == expected


def test_the_unnamed_office_stays_unnamed(shipped_store: GraphStore) -> None:
    rows = select(
        shipped_store,
        """SELECT ?office ?words WHERE { ?visit a hlm:Visit ; schema:organizer ?office .
             ?office a hlm:UnnamedOrganisation ; hlm:describedAs ?words }""",
    )
    assert {r["words"] for r in rows} == {"notre Office", "l'Office"}
    assert not ask(shipped_store, f"ASK {{ <{rows[0]['office']}> rdfs:label ?l }}")


@pytest.mark.parametrize(
    ("actor", "alias"),
    [
        ("ushom", "USHOM"),
        ("ushom", "USH outre-mer"),
        ("foph", "FOPH"),
        ("foph", "fédération nationale des offices publics de l’habitat"),
        ("foph", "Fédération des offices publics de l'habitat"),
        (
            "banque-des-territoires",
            "banque des territoires de la Caisse des dépôts et consignations",
        ),
        ("caisse-des-depots", "CDC"),
        ("ush", "USH"),
    ],
)
def test_every_alias_the_sources_use_resolves_to_one_actor(
    shipped_store: GraphStore, actor: str, alias: str
) -> None:
    found = values(
        shipped_store,
        f"""SELECT DISTINCT ?a WHERE {{ ?a rdfs:label|skos:altLabel|hlm:acronym ?name .
             FILTER(STR(?name) = {ox.Literal(alias)}) }}""",
    )
    assert found == {ID + "organisation/" + actor}


def test_reasoning_merged_nothing(shipped_store: GraphStore) -> None:
    assert not ask(shipped_store, "ASK { ?a owl:sameAs ?b FILTER(?a != ?b) }")


def test_counts_per_source(shipped_store: GraphStore) -> None:
    rows = select(
        shipped_store,
        """SELECT ?file (COUNT(DISTINCT ?agreement) AS ?n) WHERE {
             ?agreement a hlm:Agreement ; prov:wasDerivedFrom/hlm:sourceFile ?file }
           GROUP BY ?file ORDER BY ?file""",
    )
    assert {r["file"]: int(r["n"]) for r in rows} == {
        "000_85de2008dd69a031.txt": 6,
        "001_410b20723ebb56ed.txt": 6,
        "004_063d13adca71435a.txt": 2,
    }
