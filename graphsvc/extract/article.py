"""An article as read from disk: its whole text, where the body starts, title and date.

Offsets everywhere are into the whole file (front matter included), as the curated evidence
selectors are, so a quote is always ``text[start:end]`` of the file as it is on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
DATE_IN_TITLE = re.compile(r"\b(\d{4})[.-](\d{2})[.-](\d{2})\b")


@dataclass(frozen=True)
class Article:
    """The text of one source and what its front matter says."""

    path: Path
    text: str
    body_start: int
    title: str | None
    date: str | None  # ISO date when the front matter or the title gives one

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


def _iso_date(value: Any) -> str | None:
    text = str(value) if value is not None else ""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text) or DATE_IN_TITLE.search(text)
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def parse_article(path: Path, text: str) -> Article:
    """Split the optional YAML front matter from the body; read title and date from it."""
    match = FRONT_MATTER.match(text)
    meta: dict[str, Any] = {}
    body_start = 0
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            loaded = None
        meta = loaded if isinstance(loaded, dict) else {}
        body_start = match.end()
    title = meta.get("title")
    title_text = " ".join(str(title).split()) if title else None
    if title_text is None:
        first = next((line.strip() for line in text[body_start:].splitlines() if line.strip()), "")
        title_text = first.lstrip("#").strip() or None
    date = _iso_date(meta.get("date")) or _iso_date(title_text)
    return Article(path, text, body_start, title_text, date)


def read_article(path: Path) -> Article:
    return parse_article(path, path.read_text(encoding="utf-8"))
