"""The pages for people over HTTP: home summary, search, explorer settings, served assets."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from livesvc import MINI, TEST_TOKEN, LiveService, StartService, serve

from graphsvc.ingest.pipeline import default_paths, ingest
from graphsvc.rdf.results import Boolean
from graphsvc.settings import Settings
from graphsvc.store.oxigraph import GraphStore, OxigraphStore

HTML = {"Accept": "text/html"}


def get(service: LiveService, path: str, **params: str) -> httpx.Response:
    with service.client() as client:
        return client.get(path, params=params, headers=HTML)


def test_home_counts_kinds_and_lists_the_five_sources(live_service: LiveService) -> None:
    page = get(live_service, "/")
    assert page.status_code == 200
    counts = dict(re.findall(r'<td><a href="[^"]*">([^<]+)</a></td><td>(\d+)</td>', page.text))
    assert int(counts["convention"]) >= 10
    assert int(counts["Congrès Hlm"]) >= 4
    assert page.text.count('<li><a href="/id/source/') == 5
    assert "L&#39;USHOM signataire de cinq conventions" in page.text
    assert 'id="editor-config"' in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'self' rules
    assert "'unsafe-inline'" not in page.headers["content-security-policy"].split("style-src")[0]


def test_editor_config_offers_every_canned_query_bound_and_runnable(
    live_service: LiveService,
) -> None:
    page = get(live_service, "/").text
    block = re.search(r'id="editor-config">(.*?)</script>', page, re.S)
    assert block is not None
    config = json.loads(block.group(1))
    names = {e["name"] for e in config["examples"]}
    assert {"partners", "congress-agreements", "partnership-network", "timeline"} <= names
    partners = next(e for e in config["examples"] if e["name"] == "partners")
    assert "VALUES" in partners["query"] and "banque-des-territoires" in partners["query"]
    with live_service.client() as client:
        answer = client.post(
            "/sparql",
            data={"query": partners["query"]},
            headers={"Accept": "application/sparql-results+json"},
        )
    assert answer.status_code == 200
    labels = {b["partnerLabel"]["value"] for b in answer.json()["results"]["bindings"]}
    assert "Office polynésien de l'habitat" in labels


def test_search_ignores_case_and_accents(live_service: LiveService) -> None:
    page = get(live_service, "/search", q="federation nationale des offices")
    assert page.status_code == 200
    assert 'href="/id/organisation/foph"' in page.text
    assert get(live_service, "/search", q="COSSE").text.count('href="/id/person/emmanuelle-cosse"')


def test_search_escapes_what_it_echoes(live_service: LiveService) -> None:
    page = get(live_service, "/search", q='<script>alert("x")</script>')
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_search_text_is_limited(live_service: LiveService) -> None:
    page = get(live_service, "/search", q="x" * 201)
    assert page.status_code == 422


def test_explorer_config_names_the_filters(live_service: LiveService) -> None:
    page = get(live_service, "/explore").text
    block = re.search(r'id="explore-config">(.*?)</script>', page, re.S)
    assert block is not None
    config = json.loads(block.group(1))
    assert config["network"] == "/queries/partnership-network"
    assert config["centre"].endswith("/id/organisation/banque-des-territoires")
    assert any(c["label"] == "85e Congrès Hlm" for c in config["congresses"])
    assert any(t["iri"].endswith("/id/place/outre-mer") for t in config["territories"])
    assert any(k["iri"].endswith("#LetterOfIntent") for k in config["kinds"])


def test_vendor_assets_are_served_from_node_modules_and_nothing_else(
    live_service: LiveService,
) -> None:
    with live_service.client() as client:
        yasgui = client.get("/assets/vendor/yasgui.min.js")
        cytoscape = client.get("/assets/vendor/cytoscape.min.js")
        assert yasgui.status_code == 200 and "javascript" in yasgui.headers["content-type"]
        assert len(yasgui.content) > 100_000 and len(cytoscape.content) > 100_000
        assert client.get("/assets/vendor/package.json").status_code == 404
        assert client.get("/assets/vendor/..%2F..%2Fpackage.json").status_code == 404
        assert client.get("/assets/editor.js").status_code == 200
        assert client.get("/assets/..%2Fapp.py").status_code == 404


def test_home_page_follows_a_write_through_the_service(
    shipped_settings: Settings, start_service: StartService
) -> None:
    store = OxigraphStore(None)
    ingest(store, default_paths(shipped_settings), shipped_settings)
    service = start_service(shipped_settings, store)
    source = f"{shipped_settings.base_iri}graph/source/002_2bed4e09bf38f755"
    assert get(service, "/").text.count('<li><a href="/id/source/') == 5
    with service.client() as client:
        dropped = client.delete(
            "/store", params={"graph": source}, headers={"Authorization": f"Bearer {TEST_TOKEN}"}
        )
    assert dropped.status_code == 204
    assert get(service, "/").text.count('<li><a href="/id/source/') == 4


def test_pages_name_the_front_end_files_they_miss(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Without `npm ci` the pages say what is missing and how to fix it, and so does the log."""
    empty = tmp_path / "node_modules"
    empty.mkdir()
    settings = Settings(shipped_dir=MINI, node_modules=empty)
    store = OxigraphStore(None)
    ingest(store, [MINI / "ontology", MINI / "data"], settings)
    with caplog.at_level(logging.WARNING, logger="graphsvc.ui"):
        with serve(settings, store) as service, service.client() as client:
            home = client.get("/").text
            explore = client.get("/explore").text
            missing = client.get("/assets/vendor/cytoscape.min.js")
    assert 'class="missing-assets"' in home and "yasgui.min.js, yasgui.min.css" in home
    assert "npm ci" in home and "cytoscape.min.js" not in home
    assert 'class="missing-assets"' in explore and "(cytoscape.min.js)" in explore
    assert missing.status_code == 404 and "npm ci" in missing.text
    warnings = [r.getMessage() for r in caplog.records if r.name == "graphsvc.ui"]
    assert len(warnings) == 1 and str(empty) in warnings[0]
    assert "@zazuko/yasgui/build/yasgui.min.js" in warnings[0] and "npm ci" in warnings[0]


def test_pages_with_their_files_installed_show_no_warning(live_service: LiveService) -> None:
    with live_service.client() as client:
        assert 'class="missing-assets"' not in client.get("/").text
        assert 'class="missing-assets"' not in client.get("/explore").text


HLM_NS = "https://w3id.org/hlm/def/hlm#"
PLACE = "https://w3id.org/hlm/id/place/"
FOPH = "https://w3id.org/hlm/id/organisation/foph"
RESULTS_JSON = {"Accept": "application/sparql-results+json"}


def explore_config(service: LiveService, **params: str) -> dict[str, Any]:
    page = get(service, "/explore", **params).text
    block = re.search(r'id="explore-config">(.*?)</script>', page, re.S)
    assert block is not None
    config: dict[str, Any] = json.loads(block.group(1))
    return config


def network_agreements(service: LiveService, path: str, **params: str) -> set[str]:
    """The agreements behind the edges the explorer draws for these filters."""
    with service.client() as client:
        answer = client.get(path, params=params, headers=RESULTS_JSON)
    assert answer.status_code == 200, answer.text
    rows = answer.json()["results"]["bindings"]
    return {a for row in rows for a in row["agreementList"]["value"].split()}


def holds(store: GraphStore, query: str) -> bool:
    answer = store.query(query)
    assert isinstance(answer, Boolean)
    return bool(answer)


def test_the_explorer_sends_its_filters_to_the_canned_network(live_service: LiveService) -> None:
    with live_service.client() as client:
        script = client.get("/assets/explore.js").text
    assert 'territory: filters.get("territory"), kind: filters.get("kind")' in script
    assert "select(config.network, {" in script


def test_the_territory_filter_keeps_the_agreements_in_the_territory(
    live_service: LiveService,
) -> None:
    config = explore_config(live_service)
    network = config["network"]
    everything = network_agreements(live_service, network)
    within: dict[str, set[str]] = {}
    for territory in config["territories"]:
        kept = network_agreements(live_service, network, territory=territory["iri"])
        within[territory["iri"].removeprefix(PLACE)] = kept
        assert kept <= everything
        for agreement in kept:
            assert holds(
                live_service.store,
                f"ASK {{ <{agreement}> <{HLM_NS}territory>/<https://schema.org/containedInPlace>* "
                f"<{territory['iri']}> }}",
            ), (agreement, territory["label"])
    assert (
        "https://w3id.org/hlm/id/agreement/2018-convention-polynesie"
        in within["polynesie-francaise"]
    )
    assert within["mayotte"] == set()
    overseas = within.pop("outre-mer")
    assert set().union(*within.values()) <= overseas < everything  # what lies within counts


def test_the_kind_filter_keeps_the_agreements_of_that_kind(live_service: LiveService) -> None:
    config = explore_config(live_service)
    network = config["network"]
    everything = network_agreements(live_service, network)
    of_kind = {
        kind["iri"].removeprefix(HLM_NS): network_agreements(
            live_service, network, kind=kind["iri"]
        )
        for kind in config["kinds"]
    }
    for kind, kept in of_kind.items():
        assert kept, kind
        for agreement in kept:
            assert holds(live_service.store, f"ASK {{ <{agreement}> a <{HLM_NS}{kind}> }}")
    assert of_kind["Agreement"] == everything
    assert of_kind["PartnershipConvention"] < of_kind["Convention"] < everything
    assert of_kind["LetterOfIntent"].isdisjoint(of_kind["Convention"])


def test_the_explorer_centres_on_the_actor_asked_for_and_lists_its_partners(
    live_service: LiveService,
) -> None:
    config = explore_config(live_service, actor=FOPH)
    assert config["centre"] == FOPH
    with live_service.client() as client:
        answer = client.get(config["partners"], params={"actor": FOPH}, headers=RESULTS_JSON)
    assert answer.status_code == 200
    rows = answer.json()["results"]["bindings"]
    partners = {row["partner"]["value"] for row in rows}
    expected = live_service.store.query(
        f"SELECT DISTINCT ?p WHERE {{ ?a <{HLM_NS}party> <{FOPH}> , ?p FILTER(?p != <{FOPH}>) }}"
    )
    assert partners == {row["p"].value for row in expected}
    assert "https://w3id.org/hlm/id/organisation/banque-des-territoires" in partners
    for row in rows:
        assert holds(
            live_service.store, f"ASK {{ <{row['agreement']['value']}> <{HLM_NS}party> <{FOPH}> }}"
        )


def test_an_actor_parameter_stays_data_in_the_page(live_service: LiveService) -> None:
    hostile = '</script><script>alert("x")</script>'
    page = get(live_service, "/explore", actor=hostile).text
    assert "<script>alert" not in page
    assert explore_config(live_service, actor=hostile)["centre"] == hostile
