"""Figures of an agreement: amounts ("800 millions d'euros"), durations ("d'une durée de cinq ans
renouvelable") and counts of agreements ("une trentaine de conventions")."""

from __future__ import annotations

import re
from decimal import Decimal

NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "cent": 100,
}
APPROXIMATE = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
}
COUNT = re.compile(
    r"\b(?:(?P<approx>une |quelque )?(?P<word>\d+|"
    + "|".join(list(NUMBERS) + list(APPROXIMATE))
    + r"))\s+(?:de\s+)?(?P<noun>conventions(?: de (?:partenariat|financement))?|accords"
    r"|partenariats|lettres d['’]intention)\b",
    re.I,
)
AMOUNT = re.compile(
    r"(?P<value>\d+(?:[  .]\d{3})*(?:,\d+)?)\s*(?P<scale>millions?|milliards?|M|Md|k)?\s*"
    r"(?:d['’]euros|euros?|€)",
    re.I,
)
DURATION = re.compile(
    r"(?:d['’]une durée de|pour une durée de|pour|sur)\s+(?P<n>\d+|"
    + "|".join(NUMBERS)
    + r")\s+ans\b(?P<renewable>,?\s+renouvelables?)?",
    re.I,
)


def number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word) or APPROXIMATE.get(word)


def read_amount(text: str) -> Decimal | None:
    match = AMOUNT.search(text)
    if not match:
        return None
    value = Decimal(re.sub(r"[  .]", "", match.group("value")).replace(",", "."))
    scale = (match.group("scale") or "").lower()
    factor = {"million": 10**6, "millions": 10**6, "m": 10**6, "milliard": 10**9,
              "milliards": 10**9, "md": 10**9, "k": 10**3}.get(scale, 1)  # fmt: skip
    return value * factor


def read_duration(text: str) -> tuple[str | None, bool | None]:
    match = DURATION.search(text)
    if not match:
        return None, None
    years = number(match.group("n"))
    return (f"P{years}Y" if years else None), (True if match.group("renewable") else None)
