"""An article as read from disk: its whole text, where the body starts, title and date.

Offsets everywhere are into the whole file (front matter included), as the curated evidence
selectors are, so a quote is always ``text[start:end]`` of the file as it is on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
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


class _ArticleText(HTMLParser):
    """The text of a web page's article: inside <article> (else <main>, else <body>), without
    navigation, headers, footers, asides, forms, scripts and styles; one line per block."""

    SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript",
                      "svg", "button", "iframe", "template"})  # fmt: skip
    BLOCKS = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "br", "tr",
                        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption",
                        "time"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self.open: dict[str, int] = {"article": 0, "main": 0, "body": 0}
        self.skipping = 0
        self.titles: dict[str, list[str]] = {"h1": [], "title": []}
        self.in_title: str | None = None
        self.date: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.open:
            self.open[tag] += 1
        if tag in self.titles and not self.titles[tag]:
            self.in_title = tag
        if tag == "time" and self.date is None and values.get("datetime"):
            self.date = values["datetime"]
        if tag == "meta" and values.get("property") == "article:published_time":
            self.date = self.date or values.get("content")
        if tag in self.BLOCKS:
            self._write("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.open:
            self.open[tag] = max(0, self.open[tag] - 1)
        if tag == self.in_title:
            self.in_title = None
        if tag in self.BLOCKS:
            self._write("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.titles[self.in_title].append(data)
        if not self.skipping:
            self._write(data)

    def _write(self, text: str) -> None:
        for name, depth in self.open.items():
            if depth:
                self.parts[name].append(text)

    def text(self) -> str:
        raw = next(("".join(p) for p in self.parts.values() if "".join(p).strip()), "")
        lines = (" ".join(line.split()) for line in raw.split("\n"))
        return "\n\n".join(line for line in lines if line) + "\n"


def html_article(html: str) -> tuple[str, str | None, str | None]:
    """The article text of a web page, its title and its date (ISO), with the stdlib parser.

    >>> html_article("<html><nav>Menu</nav><article><h1>Titre</h1><p>Un texte.</p></article>")
    ('Titre\\n\\nUn texte.\\n', 'Titre', None)
    """
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    title = next(
        (" ".join("".join(t).split()) for t in parser.titles.values() if "".join(t).strip()), None
    )
    return parser.text(), title, _iso_date(parser.date)


def read_article(path: Path) -> Article:
    """An article file: .txt and .md as they are; .html reduced to its article's text (offsets
    are then into that text, which the evidence quotes)."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() not in (".html", ".htm"):
        return parse_article(path, raw)
    text, title, date = html_article(raw)
    article = parse_article(path, text)
    return Article(path, text, 0, title or article.title, date or article.date)
