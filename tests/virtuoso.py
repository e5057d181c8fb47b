"""OpenLink Virtuoso for the remote-store tests: reuse the one ``scripts/test.sh`` started, or start
one of our own from ``scripts/virtuoso.sh`` on free ports (so plain ``pytest`` works too)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from livesvc import ROOT, free_port

from graphsvc.settings import Settings

URL_VARIABLE = "GRAPHSVC_TEST_VIRTUOSO_URL"


@contextmanager
def virtuoso(workdir: Path) -> Iterator[str]:
    """The query URL of a running Virtuoso (``…/sparql``); updates go to ``…/sparql-auth``."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    script = ROOT / "scripts" / "virtuoso.sh"
    done = subprocess.run(
        ["bash", str(script), str(workdir), str(free_port()), str(free_port())],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        yield done.stdout.strip()
    finally:
        pid = int((workdir / "virtuoso.pid").read_text())
        os.kill(pid, signal.SIGTERM)


def virtuoso_settings(url: str, base: Settings) -> Settings:
    """Settings of a service over Virtuoso: queries at /sparql, digest-authenticated updates."""
    return base.with_changes(
        store_kind="sparql",
        sparql_query_url=url,
        sparql_update_url=url.replace("/sparql", "/sparql-auth"),
        sparql_user="dba",
        sparql_password="dba",
        sparql_auth="digest",
    )
