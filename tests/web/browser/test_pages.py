"""The editor and the explorer in a real headless browser, over the shipped data.

What an analyst does: open the home page, run a canned example, read the rows; open the explorer,
see the network, click an actor, read its agreements. Every page must work offline (no request
leaves the service) and without a console error. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable

from browsing import WatchedPage
from livesvc import LiveService, StartService
from playwright.sync_api import Page

from graphsvc.settings import Settings
from graphsvc.store.oxigraph import GraphStore

OpenPage = Callable[[str, str], WatchedPage]


def test_editor_runs_a_canned_example_offline(
    live_service: LiveService, open_page: OpenPage
) -> None:
    watched = open_page(live_service.url, "/")
    page = watched.page
    page.wait_for_selector(".yasqe .CodeMirror")
    assert "PREFIX hlm: <https://w3id.org/hlm/def/hlm#>" in page.locator(".yasqe").inner_text()
    assert page.locator("#examples button").count() >= 8
    page.click("#examples button[data-query='partners']")
    page.wait_for_selector(".yasr table tbody tr")
    table = page.locator(".yasr table").inner_text()
    assert "Office polynésien de l'habitat" in table
    assert "Fédération nationale des Offices Publics de l'Habitat" in table
    assert page.locator("#row-cap").is_hidden()
    # The dashboard beside it: counts by kind, the five sources, a search box.
    assert page.locator("#kind-counts tbody tr").count() > 10
    assert page.locator("#sources li").count() == 5
    assert page.locator("form[role=search] input[name=q]").count() == 1
    watched.screenshot("editor")
    assert watched.errors == []
    assert watched.foreign_requests == []


def test_sparql_url_opens_the_editor_for_a_browser(
    live_service: LiveService, open_page: OpenPage
) -> None:
    watched = open_page(live_service.url, "/sparql")
    watched.page.wait_for_selector(".yasqe .CodeMirror")
    assert watched.errors == [] and watched.foreign_requests == []


def test_editor_says_when_the_row_cap_cut_the_answer(
    shipped_settings: Settings,
    shipped_store: GraphStore,
    start_service: StartService,
    open_page: OpenPage,
) -> None:
    capped = start_service(shipped_settings.with_changes(max_rows=3), shipped_store)
    watched = open_page(capped.url, "/")
    page = watched.page
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("#examples button[data-query='actors-by-kind']")
    page.wait_for_selector(".yasr table tbody tr")
    assert page.locator(".yasr table tbody tr").count() == 3
    banner = page.locator("#row-cap")
    banner.wait_for(state="visible")
    assert "first 3 rows" in banner.inner_text()
    assert watched.errors == []


def test_explorer_draws_the_network_and_shows_an_actors_agreements(
    live_service: LiveService, open_page: OpenPage
) -> None:
    watched = open_page(live_service.url, "/explore")
    page = watched.page
    page.wait_for_selector("#network[data-nodes]")
    assert int(page.locator("#network").get_attribute("data-nodes") or 0) >= 10
    # Centred on the Banque des Territoires by default: its agreements are listed at once.
    page.wait_for_selector("#agreements li")
    assert page.locator("#details h2").inner_text() == "Banque des Territoires"
    assert "FOPH" in page.locator("#agreements").inner_text()
    # Click the FOPH's node where cytoscape drew it.
    x, y = page.evaluate(
        """(() => { const n = window.hlmExplorer.nodes()
             .filter(n => n.data('label').startsWith('Fédération nationale des Offices'))[0];
             const p = n.renderedPosition(); return [p.x, p.y]; })()"""
    )
    box = page.locator("#network").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    # The heading shows at once, the agreements when the partners query has answered.
    page.locator("#details h2 a").filter(has_text="Offices Publics").wait_for()
    agreements = page.locator("#agreements li")
    assert agreements.count() == 3
    assert page.locator("#agreements blockquote").count() >= 1
    link = page.locator("#details h2 a").get_attribute("href")
    assert link == "/id/organisation/foph"
    watched.screenshot("explore")
    assert watched.errors == []
    assert watched.foreign_requests == []


def nodes_drawn(page: Page, other_than: int | None = None) -> int:
    """How many actors the explorer drew, once it has (and, if given, once it redrew)."""
    if other_than is None:
        page.wait_for_selector("#network[data-nodes]")
    else:
        page.wait_for_selector(f"#network:not([data-nodes='{other_than}'])")
    return int(page.locator("#network").get_attribute("data-nodes") or 0)


def edge_weights(page: Page) -> list[int]:
    """The shared agreements of each partnership drawn."""
    weights: list[int] = page.evaluate("window.hlmExplorer.edges().map((e) => e.data('weight'))")
    return weights


def test_explorer_filters_by_congress(live_service: LiveService, open_page: OpenPage) -> None:
    watched = open_page(live_service.url, "/explore")
    page = watched.page
    everything = nodes_drawn(page)
    page.select_option("select[name=congress]", label="85e Congrès Hlm")
    assert 0 < nodes_drawn(page, other_than=everything) < everything
    assert watched.errors == []


def test_explorer_draws_only_the_partnerships_of_enough_shared_agreements(
    live_service: LiveService, open_page: OpenPage
) -> None:
    watched = open_page(live_service.url, "/explore")
    page = watched.page
    everything = nodes_drawn(page)
    page.fill("input[name=minAgreements]", "2")
    page.locator("input[name=minAgreements]").dispatch_event("change")
    assert 0 < nodes_drawn(page, other_than=everything) < everything
    weights = edge_weights(page)
    assert weights and min(weights) >= 2
    assert "partnerships" in (page.text_content("#status") or "")
    assert watched.errors == []


def test_explorer_draws_the_strongest_partnerships_when_there_are_too_many(
    live_service: LiveService, open_page: OpenPage
) -> None:
    watched = open_page(live_service.url, "/explore")
    nodes_drawn(watched.page)
    weights = sorted(edge_weights(watched.page))
    capped = open_page(live_service.url, "/explore?edges=5").page
    nodes_drawn(capped)
    drawn = edge_weights(capped)
    assert len(weights) > 5 and len(drawn) == 5
    assert sorted(drawn) == weights[-5:], "the five strongest partnerships are the ones drawn"
    status = capped.text_content("#status") or ""
    assert f"the 5 strongest of {len(weights)} are drawn" in status
    assert watched.errors == []


def test_the_api_docs_show_every_canned_query_offline(
    live_service: LiveService, open_page: OpenPage
) -> None:
    """/docs is Swagger UI from npm: it draws the OpenAPI document with no request leaving the
    service and no console error (FastAPI's own page, from a CDN with an inline script, stayed
    blank under our Content-Security-Policy)."""
    watched = open_page(live_service.url, "/docs")
    page = watched.page
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/queries/partners" in paths and "/sparql" in paths
    # One operation per tag of the query (canned queries, actors, agreements): open the first.
    page.locator("#operations-canned_queries-query_partners .opblock-summary-path").click()
    page.wait_for_selector(".parameters-container")
    assert "actor" in page.locator(".parameters-container").inner_text()
    watched.screenshot("docs")
    assert watched.errors == []
    assert watched.foreign_requests == []
