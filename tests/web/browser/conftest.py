"""Browser fixtures: Debian's chromium driven by Playwright, every page watched for what it does.

``.ci/run`` installs the ``chromium`` package (scripts/system-packages.txt); Playwright's own
browser download is never used. Each page records console errors, uncaught exceptions and every
request that leaves the service, so a test can assert the page works offline and cleanly.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import WatchedPage
from playwright.sync_api import Browser, sync_playwright


def chromium_path() -> str:
    """Debian's chromium, or the one named by ``CHROMIUM`` (must exist: no silent skip)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("chromium is not installed: scripts/test.sh installs it with apt")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[object]:
    """``open_page(origin, path)`` → a ``WatchedPage`` loaded at ``origin + path``."""
    contexts = []

    def open_at(origin: str, path: str) -> WatchedPage:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        watched = WatchedPage(page, origin)
        page.on("console", watched.on_console)
        page.on("pageerror", lambda error: watched.errors.append(f"page: {error}"))
        page.on("request", watched.on_request)
        page.goto(origin + path)
        return watched

    yield open_at
    for context in contexts:
        context.close()
