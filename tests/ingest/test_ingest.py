"""Ingest: named graph per file, reasoning into its own graph, all-or-nothing failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from mini import BROKEN, MINI, snapshot

from graphsvc.errors import IngestError
from graphsvc.ingest.pipeline import ingest
from graphsvc.iris import GRAPHS
from graphsvc.rdf.results import Boolean
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import GraphStore, OxigraphStore

OPH_A = "https://w3id.org/hlm/id/organisation/oph-a"
HLM = "https://w3id.org/hlm/def/hlm#"


def ask(store: GraphStore, query: str) -> bool:
    result = store.query(query)
    assert isinstance(result, Boolean)
    return bool(result)


def test_each_file_lands_in_its_named_graph(mini_store: GraphStore) -> None:
    assert mini_store.graph_names() == sorted(
        [
            GRAPHS.ontology,
            GRAPHS.shapes,
            GRAPHS.inferred,
            "https://w3id.org/hlm/graph/reference/actors",
            GRAPHS.source("src1"),
            GRAPHS.source("src2"),
        ]
    )
    src1 = {str(t) for t in mini_store.triples(GRAPHS.source("src1"))}
    assert f'<{OPH_A}> <http://www.w3.org/2000/01/rdf-schema#label> "OPH A"@fr' in src1


def test_inferred_triples_live_in_their_own_graph(mini_store: GraphStore) -> None:
    inferred = f"""ASK {{ GRAPH <{GRAPHS.inferred}> {{
        <{OPH_A}> a <{HLM}BailleurSocial> .
        <{OPH_A}> <{HLM}partyTo> <https://w3id.org/hlm/id/agreement/a1> . }} }}"""
    assert ask(mini_store, inferred)
    asserted_only = f"ASK {{ GRAPH <{GRAPHS.source('src1')}> {{ <{OPH_A}> <{HLM}partyTo> ?a }} }}"
    assert not ask(mini_store, asserted_only)


def test_inferred_graph_holds_no_trivial_triples(mini_store: GraphStore) -> None:
    trivial = f"""ASK {{ GRAPH <{GRAPHS.inferred}> {{
        {{ ?x <http://www.w3.org/2002/07/owl#sameAs> ?x }}
        UNION {{ ?x a <http://www.w3.org/2002/07/owl#Thing> }}
        UNION {{ <http://www.w3.org/2001/XMLSchema#string> ?p ?o }} }} }}"""
    assert not ask(mini_store, trivial)


def test_reingesting_a_file_replaces_exactly_its_graph(
    mini_store: GraphStore, mini_settings: Settings, tmp_path: Path
) -> None:
    before = {g: set(mini_store.triples(g)) for g in mini_store.graph_names()}
    changed = tmp_path / "src2.ttl"
    changed.write_text(
        (MINI / "data" / "graph" / "src2.ttl").read_text().replace('"B1"@fr', '"B1 bis"@fr')
    )
    ingest(mini_store, [changed], mini_settings)
    after = {g: set(mini_store.triples(g)) for g in mini_store.graph_names()}
    assert after.keys() == before.keys()
    for graph in before:
        if graph == GRAPHS.source("src2"):
            labels = {t.object.value for t in after[graph] if "label" in t.predicate.value}
            assert labels == {"B1 bis"}
        else:
            assert after[graph] == before[graph], graph


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("src1.ttl", 6, "syntax error"),
        ("latin1.ttl", 3, "not valid UTF-8"),
        ("empty.ttl", None, "holds no triples"),
        ("outside.ttl", 5, "outside the base IRI"),
        ("unlabelled.ttl", 3, "hlmsh:AgreementShape"),
        ("inconsistent.ttl", None, "inconsistent"),
    ],
    ids=["syntax", "encoding", "empty", "iri-outside-base", "shacl", "owl-inconsistency"],
)
def test_a_bad_file_is_refused_naming_file_and_line_and_changes_nothing(
    mini_store: GraphStore, mini_settings: Settings, name: str, line: int | None, reason: str
) -> None:
    before = snapshot(mini_store)
    with pytest.raises(IngestError) as caught:
        ingest(mini_store, [BROKEN / name], mini_settings)
    error = caught.value
    assert error.path.endswith(name)
    assert error.line == line
    expected = reason.replace("hlmsh:", "https://w3id.org/hlm/def/shapes#")
    assert expected in error.message
    assert snapshot(mini_store) == before


def test_one_bad_file_in_a_batch_keeps_the_good_ones_out(
    mini_store: GraphStore, mini_settings: Settings, tmp_path: Path
) -> None:
    good = tmp_path / "src3.ttl"
    good.write_text(
        "<https://w3id.org/hlm/id/organisation/foph> "
        '<http://www.w3.org/2000/01/rdf-schema#comment> "new"@fr .\n'
    )
    before = snapshot(mini_store)
    with pytest.raises(IngestError):
        ingest(mini_store, [good, BROKEN / "src1.ttl"], mini_settings)
    assert snapshot(mini_store) == before


def test_a_missing_path_is_an_error(mini_store: GraphStore, mini_settings: Settings) -> None:
    with pytest.raises(IngestError, match="no such file or folder"):
        ingest(mini_store, [MINI / "nope.ttl"], mini_settings)


def test_a_persisted_store_keeps_its_data_after_a_restart(
    mini_settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    ingest(store, [MINI / "ontology", MINI / "data"], mini_settings)
    quads = snapshot(store)
    store.close()
    reopened = OxigraphStore(folder)
    assert snapshot(reopened) == quads
    assert len(quads) > 0
    reopened.close()


def test_a_configured_base_moves_data_iris_but_not_ontology_terms(tmp_path: Path) -> None:
    settings = Settings(store_dir=None, shipped_dir=MINI, base_iri="http://127.0.0.1:8000/")
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], settings)
    assert ask(
        store, f"ASK {{ <http://127.0.0.1:8000/id/organisation/oph-a> a <{HLM}BailleurSocial> }}"
    )
    assert not ask(store, f"ASK {{ <{OPH_A}> ?p ?o }}")
    assert "http://127.0.0.1:8000/graph/source/src1" in store.graph_names()
