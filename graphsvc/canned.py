"""Canned queries (queries/*.rq): loaded and validated once, at start-up (to be filled)."""

from __future__ import annotations

from fastapi import FastAPI

from .services import Services


def install(app: FastAPI, services: Services) -> None:
    """Load every canned query; a broken file stops start-up naming the file."""
