"""A browser page under watch, for the browser tests (fixtures in tests/web/browser/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from livesvc import ROOT
from playwright.sync_api import ConsoleMessage, Page, Request

SCREENSHOTS = ROOT / "build" / "screenshots"


@dataclass
class WatchedPage:
    """A page and what it did: console errors, page errors, requests to other origins."""

    page: Page
    origin: str
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def on_request(self, request: Request) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:", "about:")):
            self.foreign_requests.append(request.url)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path
