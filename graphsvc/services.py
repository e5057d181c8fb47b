"""The objects a request handler needs, built once per app and reached through ``Depends``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from .iris import GraphNames
from .settings import Settings
from .store import GraphStore


@dataclass
class Services:
    """Per-app state: settings, the store, and what start-up loaded (canned queries…)."""

    settings: Settings
    store: GraphStore
    graphs: GraphNames
    extras: dict[str, Any] = field(default_factory=dict)


def get_services(request: Request) -> Services:
    """FastAPI dependency: the app's ``Services``."""
    services: Services = request.app.state.services
    return services
