"""The Banque des Territoires notebook, executed end to end against a live service.

The notebook reads its endpoint from ``HLM_ENDPOINT``; the kernel inherits this process's
environment, so the test points it at the service it started and reads the outputs back.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from livesvc import ROOT, LiveService
from nbclient import NotebookClient

NOTEBOOK = ROOT / "notebooks" / "banque_des_territoires.ipynb"


def outputs_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts.append(data.get("text/plain", ""))
        parts.append(data.get("text/html", ""))
        if "image/png" in data:
            parts.append("[image/png]")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed(live_service: LiveService, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every code cell's outputs as text, after a full run."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    previous = os.environ.get("HLM_ENDPOINT")
    os.environ["HLM_ENDPOINT"] = f"{live_service.url}/sparql"
    try:
        workdir = Path(tmp_path_factory.mktemp("notebook"))
        NotebookClient(
            notebook,
            timeout=180,
            kernel_name="python3",
            resources={"metadata": {"path": str(workdir)}},
        ).execute()
    finally:
        if previous is None:
            del os.environ["HLM_ENDPOINT"]
        else:
            os.environ["HLM_ENDPOINT"] = previous
    return [outputs_text(c) for c in notebook.cells if c.cell_type == "code"]


def test_it_talks_to_the_service_it_was_given(
    executed: list[str], live_service: LiveService
) -> None:
    assert f"endpoint: {live_service.url}/sparql" in executed[0]


def test_partner_table_names_the_partners_with_dates_and_congresses(executed: list[str]) -> None:
    table = executed[2]
    assert "Office polynésien de l'habitat" in table
    assert "FOPH" in table
    assert "Fédération nationale des Offices Publics de l'Habitat" in table
    assert "79e Congrès Hlm" in table and "80e Congrès Hlm" in table


def test_every_agreement_is_quoted_from_its_source(executed: list[str]) -> None:
    quotes = executed[3]
    assert "800 millions" in quotes
    assert quotes.count("« ") >= 3


def test_plots_are_drawn(executed: list[str]) -> None:
    images = [text for text in executed if "[image/png]" in text]
    assert len(images) == 2  # the network and the timeline


def test_canned_query_csv_reads_into_pandas(executed: list[str]) -> None:
    assert "Office polynésien de l'habitat" in executed[-1]
    assert "partnerLabel" in executed[-1]
