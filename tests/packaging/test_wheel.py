"""The package carries what it serves: a wheel, installed into a new virtual environment from the
runtime lock, ingests and serves the shipped graph from an empty folder, pages included.

This is what a user without a checkout does (README, "Install without a checkout"): build the
wheel after ``npm ci``, install it with the locked dependencies, ``graphsvc ingest``,
``graphsvc serve``. Nothing of the checkout is reachable from the new environment: it is not on
its path, and the commands run in a temporary folder with no ``GRAPHSVC_*`` setting.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from livesvc import ROOT, free_port, serve_command

SHIPPED = [
    "graphsvc/shipped/ontology/hlm.ttl",
    "graphsvc/shipped/ontology/shapes.ttl",
    "graphsvc/shipped/queries/partners.rq",
    "graphsvc/shipped/data/reference/actors.ttl",
    "graphsvc/shipped/data/graph/000_85de2008dd69a031.ttl",
    "graphsvc/shipped/data/sources/000_85de2008dd69a031.txt",
    "graphsvc/shipped/vendor/cytoscape/dist/cytoscape.min.js",
    "graphsvc/shipped/vendor/@zazuko/yasgui/build/yasgui.min.js",
    "graphsvc/web/templates/explore.html",
    "graphsvc/web/static/explore.js",
]


def run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user of the wheel: no project settings, no checkout on the path."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHSVC_", "PYTHON"))}
    keep.pop("VIRTUAL_ENV", None)
    return {**keep, "PATH": f"{venv / 'bin'}:{keep.get('PATH', '')}"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from this checkout with the locked setuptools (npm ci has run)."""
    out = tmp_path_factory.mktemp("dist")
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out),
         str(ROOT)],
        cwd=ROOT,
        env=dict(os.environ),
    )  # fmt: skip
    (built,) = out.glob("graphsvc-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment: the runtime lock (hashes checked), then the wheel alone."""
    folder = tmp_path_factory.mktemp("venv") / "env"
    uv = [sys.executable, "-m", "uv"]
    env = dict(os.environ)
    run([*uv, "venv", "--quiet", "--python", sys.executable, str(folder)], cwd=ROOT, env=env)
    python = ["--python", str(folder / "bin" / "python")]
    lock = str(ROOT / "requirements" / "runtime.txt")
    run([*uv, "pip", "install", "--quiet", *python, "--require-hashes", "-r", lock], ROOT, env)
    run([*uv, "pip", "install", "--quiet", *python, "--no-deps", str(wheel)], ROOT, env)
    return folder


@pytest.fixture(scope="module")
def served_from_wheel(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``graphsvc ingest`` then ``graphsvc serve`` in an empty folder, from the new environment."""
    folder = tmp_path_factory.mktemp("empty")
    env = clean_env(venv)
    said = run([str(venv / "bin" / "graphsvc"), "ingest"], cwd=folder, env=env)
    assert (folder / "var" / "store").is_dir(), said
    port = free_port()
    command = [str(venv / "bin" / "graphsvc"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with serve_command(command, port, env, cwd=folder) as url:
        yield url


def test_the_wheel_carries_the_data_queries_and_front_end(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in SHIPPED if name not in names] == []
    assert not any(name.startswith(("tests/", "bench/", "node_modules/")) for name in names)


def test_the_installed_package_is_not_the_checkout(venv: Path) -> None:
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import graphsvc; print(graphsvc.__file__)"],
        capture_output=True, text=True, env=clean_env(venv), cwd=venv, check=True,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(str(venv)) and "site-packages" in where


def test_the_wheel_serves_the_shipped_graph(served_from_wheel: str) -> None:
    health = httpx.get(served_from_wheel + "/health", timeout=30).json()
    assert health["status"] == "ok" and health["quads"] > 1000
    partners = httpx.get(
        served_from_wheel + "/queries/partners", params={"format": "csv"}, timeout=60
    )
    assert partners.status_code == 200
    assert "https://w3id.org/hlm/id/organisation/foph" in partners.text


def test_the_wheel_serves_the_explorer_and_its_scripts(served_from_wheel: str) -> None:
    page = httpx.get(served_from_wheel + "/explore", timeout=30)
    assert page.status_code == 200 and 'class="missing-assets"' not in page.text
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    assert scripts == ["/assets/vendor/cytoscape.min.js", "/assets/explore.js"]
    for script in scripts:
        answer = httpx.get(served_from_wheel + script, timeout=30)
        assert answer.status_code == 200 and "javascript" in answer.headers["content-type"]
    cytoscape = httpx.get(served_from_wheel + scripts[0], timeout=30).text
    assert len(cytoscape) > 100_000 and "cytoscape" in cytoscape
