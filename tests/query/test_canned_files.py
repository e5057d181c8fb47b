"""Canned query files: headers, parameter typing, and a broken file stopping start-up."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from livesvc import TEST_DATA

from graphsvc.errors import BadRequest, CannedQueryError
from graphsvc.query.canned import (
    Parameter,
    bound_query,
    load_folder,
    load_query,
    needs_no_value,
    to_term,
)
from graphsvc.rdf.sparql_text import bind_values, insert_values
from graphsvc.settings import SHIPPED_DIR, Settings
from graphsvc.store.oxigraph import GraphStore, OxigraphStore
from graphsvc.web.app import create_app

QUERIES = SHIPPED_DIR / "queries"
BROKEN = TEST_DATA / "canned"


def test_every_shipped_query_loads_with_a_summary() -> None:
    queries = load_folder(QUERIES)
    names = {q.name for q in queries}
    assert {
        "partners",
        "congress-agreements",
        "territory-agreements",
        "actors-by-kind",
        "people-roles",
        "partnership-network",
        "timeline",
        "sources",
        "agreement",
        "search",
    } <= names
    assert all(q.summary and q.description for q in queries)


def test_grlc_parameters_are_read_with_their_types_and_defaults() -> None:
    partners = load_query(QUERIES / "partners.rq")
    assert partners.parameters == (
        Parameter(
            name="actor",
            variable="_actor_iri",
            kind="iri",
            required=True,
            default="https://w3id.org/hlm/id/organisation/banque-des-territoires",
        ),
    )
    network = load_query(QUERIES / "partnership-network.rq")
    assert [(p.name, p.kind, p.required) for p in network.parameters] == [
        ("congress", "iri", False),
        ("territory", "iri", False),
        ("kind", "iri", False),
        ("minAgreements", "integer", False),
    ]


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("iri", "https://w3id.org/hlm/id/x", ox.NamedNode("https://w3id.org/hlm/id/x")),
        (
            "integer",
            "42",
            ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        (
            "xsd_date",
            "2019-09-24",
            ox.Literal(
                "2019-09-24", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
            ),
        ),
        ("fr", "habitat", ox.Literal("habitat", language="fr")),
        ("literal", 'a " } ; DROP ALL #', ox.Literal('a " } ; DROP ALL #')),
    ],
)
def test_values_become_terms_of_their_type(kind: str, value: str, expected: object) -> None:
    assert to_term(Parameter("p", "_p_" + kind, kind, True), value) == expected


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("iri", "no scheme"),
        ("iri", "http://x/> } ; DROP ALL ; #"),
        ("iri", 'http://x/"'),
        ("integer", "12abc"),
        ("xsd_date", "2019-13-45"),
        ("boolean", "yes"),
        ("decimal", "NaN"),
    ],
)
def test_bad_values_are_refused_naming_the_parameter(kind: str, value: str) -> None:
    with pytest.raises(BadRequest, match="parameter 'p'"):
        to_term(Parameter("p", "_p_" + kind, kind, True), value)


def test_a_literal_with_quotes_stays_one_literal_in_the_bound_query() -> None:
    search = load_query(QUERIES / "search.rq")
    text = bound_query(search, {"q": '" ) } DELETE WHERE { ?s ?p ?o } #'}, "https://w3id.org/hlm/")
    assert 'VALUES (?_q_literal) { ("\\" ) } DELETE WHERE { ?s ?p ?o } #") }' in text
    ox.Store().query(text)  # still one well-formed query


def test_bound_terms_stand_in_for_the_variable_where_the_grammar_takes_a_term() -> None:
    query = """SELECT ?_a (COUNT(?_a) AS ?n) WHERE {
      ?s ?p ?_a . FILTER(BOUND(?__k) || ?s = ?_a)
      { SELECT ?_a ?z WHERE { ?z <http://ex/q> ?_a } }
      BIND(STR(?_a) AS ?c) VALUES (?_a ?v) { (UNDEF 1) }
    } GROUP BY ?_a (STR(?_a) AS ?w) ORDER BY ?_a DESC(?_a)"""
    text = bind_values(query, {"_a": ox.NamedNode("http://ex/a")})
    a = "<http://ex/a>"
    # In place: patterns, expressions, subqueries. Kept: projection, BOUND, AS, VALUES, keys.
    assert f"?s ?p {a} . FILTER(BOUND(?__k) || ?s = {a})" in text
    assert f"SELECT ?_a ?z WHERE {{ ?z <http://ex/q> {a} }}" in text
    assert f"BIND(STR({a}) AS ?c) VALUES (?_a ?v)" in text
    assert text.startswith(f"SELECT ?_a (COUNT({a}) AS ?n) WHERE {{ VALUES (?_a) {{ ({a}) }}")
    assert text.endswith(f"GROUP BY ?_a (STR({a}) AS ?w) ORDER BY ?_a DESC({a})")
    ox.Store().query(text)  # one well-formed query


ID = "https://w3id.org/hlm/id/"
HLM = "https://w3id.org/hlm/def/hlm#"
# Each canned query with parameters, bound to values other than its defaults: the VALUES block
# the text must open its WHERE group with, and a piece of the query where the term must now
# stand in place of the variable.
BINDINGS = [
    pytest.param(
        "agreement",
        {"agreement": f"{ID}agreement/2017-lettre-intention-polynesie"},
        f"VALUES (?_agreement_iri) {{ (<{ID}agreement/2017-lettre-intention-polynesie>) }}",
        f"<{ID}agreement/2017-lettre-intention-polynesie> hlm:signedIn ?signing .",
        id="agreement",
    ),
    pytest.param(
        "congress-agreements",
        {"congress": f"{ID}event/congres-hlm-2017"},
        f"VALUES (?_congress_iri) {{ (<{ID}event/congres-hlm-2017>) }}",
        f"?agreement hlm:atEvent <{ID}event/congres-hlm-2017> .",
        id="congress-agreements",
    ),
    pytest.param(
        "partners",
        {"actor": f"{ID}organisation/foph"},
        f"VALUES (?_actor_iri) {{ (<{ID}organisation/foph>) }}",
        f"FILTER(?partner != <{ID}organisation/foph>)",
        id="partners",
    ),
    pytest.param(
        "partnership-network",
        {"territory": f"{ID}place/martinique"},
        f"VALUES (?__territory_iri) {{ (<{ID}place/martinique>) }}",
        f"EXISTS {{ ?agreement hlm:territory/schema:containedInPlace* <{ID}place/martinique> }}",
        id="partnership-network-territory",
    ),
    pytest.param(
        "partnership-network",
        {"kind": f"{HLM}LetterOfIntent", "congress": f"{ID}event/congres-hlm-2017"},
        "VALUES (?__congress_iri ?__kind_iri) "
        f"{{ (<{ID}event/congres-hlm-2017> <{HLM}LetterOfIntent>) }}",
        f"EXISTS {{ ?agreement a <{HLM}LetterOfIntent> }}",
        id="partnership-network-kind-congress",
    ),
    pytest.param(
        "search",
        {"q": "martinique"},
        'VALUES (?_q_literal) { ("martinique") }',
        'BIND(LCASE(STR("martinique")) AS ?q0)',
        id="search",
    ),
    pytest.param(
        "territory-agreements",
        {"territory": f"{ID}place/martinique"},
        f"VALUES (?_territory_iri) {{ (<{ID}place/martinique>) }}",
        f"?territory schema:containedInPlace* <{ID}place/martinique> .",
        id="territory-agreements",
    ),
]


def test_every_query_with_parameters_has_a_binding_case() -> None:
    with_parameters = {q.name for q in load_folder(QUERIES) if q.parameters}
    assert with_parameters == {case.values[0] for case in BINDINGS}


@pytest.mark.parametrize(("name", "values", "block", "in_place"), BINDINGS)
def test_terms_in_place_answer_what_the_values_block_means(
    shipped_store: GraphStore, name: str, values: dict[str, str], block: str, in_place: str
) -> None:
    query = next(q for q in load_folder(QUERIES) if q.name == name)
    base = "https://w3id.org/hlm/"
    text = bound_query(query, values, base)
    assert f"{{ {block} " in text  # the block opens the WHERE group
    assert text.count(block) == 1
    assert in_place in text
    by_name = {p.name: p for p in query.parameters}
    terms = {by_name[n].variable: to_term(by_name[n], v) for n, v in values.items()}
    for variable, term in terms.items():
        assert str(term) in in_place or str(term) in block
        assert text.count(str(term)) >= 2, f"?{variable} is bound in the block only"
    fast = [list(row) for row in shipped_store.query(text, base_iri=base)]
    meant = [list(r) for r in shipped_store.query(insert_values(query.text, terms), base_iri=base)]
    assert fast == meant
    assert fast, "the bound query answers something"
    default = [
        list(row) for row in shipped_store.query(bound_query(query, {}, base), base_iri=base)
    ]
    if needs_no_value(query):
        assert fast != default, "the values asked for change the answer"


@pytest.mark.parametrize("name", sorted(q.name for q in load_folder(QUERIES) if not q.parameters))
def test_a_query_without_parameters_runs_as_written(name: str) -> None:
    query = next(q for q in load_folder(QUERIES) if q.name == name)
    assert bound_query(query, {}, "https://w3id.org/hlm/") == query.text
    assert bound_query(query, {"unknown": "x"}, "https://w3id.org/hlm/") == query.text


def test_the_network_threshold_in_having_means_what_its_values_block_means(
    shipped_store: GraphStore,
) -> None:
    """The threshold is read in HAVING, past the grouping a VALUES block's binding cannot cross
    unless the variable is a grouping key: both ways of binding it keep the same edges."""
    query = load_query(QUERIES / "partnership-network.rq")
    base = "https://w3id.org/hlm/"
    weights = {}
    for threshold in (None, 2, 3):
        terms = {} if threshold is None else {"__minAgreements_integer": ox.Literal(threshold)}
        fast = [list(r) for r in shipped_store.query(bind_values(query.text, terms), base_iri=base)]
        meant = shipped_store.query(insert_values(query.text, terms), base_iri=base)
        assert fast == [list(r) for r in meant]
        weights[threshold] = [int(row[6].value) for row in fast]
    everything = weights[None]
    assert weights[2] == [w for w in everything if w >= 2]
    assert weights[3] == [w for w in everything if w >= 3]
    assert len(everything) > len(weights[2]) > len(weights[3]) > 0


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("broken-yaml", "bad-header.rq:1: the #+ header is not valid YAML"),
        ("broken-type", "unknown-type.rq: parameter ?_x_colour has unknown type 'colour'"),
        ("broken-sparql", "unclosed.rq: the query does not parse"),
        ("broken-default", "bad-default.rq: parameter 'actor' (iri): not an absolute IRI"),
    ],
)
def test_a_broken_query_file_stops_start_up_naming_the_file(folder: str, message: str) -> None:
    settings = Settings(queries_dir=BROKEN / folder)
    with pytest.raises(CannedQueryError) as stopped:
        create_app(settings, OxigraphStore(None))
    assert message in str(stopped.value)
    assert str(BROKEN / folder) in str(stopped.value)


def test_a_missing_folder_holds_no_queries(tmp_path: Path) -> None:
    assert load_folder(tmp_path / "none") == []
