"""Folding names so that the same actor written differently compares equal.

"la Fédération nationale des Offices publics de l’habitat" and "fédération nationale des offices
publics de l'habitat" fold to the same key: case, accents, typographic apostrophes, Markdown
emphasis, leading articles and spacing do not count.
"""

from __future__ import annotations

import re
import unicodedata

LEADING = re.compile(
    r"^(?:(?:la|le|les|du|de la|des|de|au|aux|à la|a)\s+|(?:l'|d'|de l'|à l')\s*)+"
)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """The comparison key of a name."""
    text = text.replace("’", "'").replace("ʼ", "'").replace("*", "").replace("\u00a0", " ")
    text = strip_accents(text).casefold()
    text = re.sub(r"[«»\"“”]", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-")
    text = re.sub(r"'\s+", "'", text)
    return LEADING.sub("", text).strip()


def slug(text: str) -> str:
    """A lower-case ASCII IRI slug (docs/modelling.md), words joined by ``-``."""
    text = strip_accents(text.replace("’", "'")).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:80].strip("-") or "unnamed"
