"""Evidence selectors: where a quoted sentence sits in its source file (docs/modelling.md).

Curated Turtle, the extractor and the tests all need the same answer to "where is this quote?",
so it is computed in one place. Offsets are Python ``str`` indexes (code points) into the whole
file decoded as UTF-8, so ``text[start:end] == exact`` holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Selector:
    """A Web Annotation TextQuoteSelector and TextPositionSelector for one quote."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


class QuoteNotFound(ValueError):
    """The quote is not in the text, or is there more often than the caller allowed for."""


def select(text: str, exact: str, occurrence: int = 1) -> Selector:
    """The selector of the ``occurrence``-th (1-based) appearance of ``exact`` in ``text``.

    >>> select("Il a signé une convention.", "une convention")
    Selector(exact='une convention', prefix='Il a signé ', suffix='.', start=11, end=25)
    """
    if not exact:
        raise QuoteNotFound("an empty quote selects nothing")
    start = -1
    for _ in range(occurrence):
        start = text.find(exact, start + 1)
        if start < 0:
            raise QuoteNotFound(f"quote not found (occurrence {occurrence}): {exact[:60]!r}")
    end = start + len(exact)
    return Selector(
        exact=exact,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )


def select_unique(text: str, exact: str) -> Selector:
    """Like ``select`` but refuses a quote that appears more than once (it would be ambiguous)."""
    selector = select(text, exact)
    if text.find(exact, selector.start + 1) >= 0:
        raise QuoteNotFound(f"quote appears more than once, say which: {exact[:60]!r}")
    return selector


def holds(text: str, selector: Selector) -> bool:
    """Whether a selector still matches its text: quote at the offsets, prefix and suffix around."""
    return (
        text[selector.start : selector.end] == selector.exact
        and text[: selector.start].endswith(selector.prefix)
        and text[selector.end :].startswith(selector.suffix)
    )
