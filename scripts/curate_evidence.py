"""Fill in the evidence selectors of curated Turtle from the quotes a curator wrote.

A curator writes each evidence node with its quote only:

    evd:ushom-armos a oa:SpecificResource ; oa:hasSource src:000_85de2008dd69a031 ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "trois conventions avec …" ] .

and this tool rewrites the selector part in place with the prefix, suffix and the
TextPositionSelector computed from graphsvc/shipped/data/sources/{stem}.txt
(graphsvc.extract.evidence.select_unique),
leaving the rest of the file as written. Running it again changes nothing. A quote that is not in
the source, or is there twice, stops the tool naming file and line.

    python3 scripts/curate_evidence.py graphsvc/shipped/data/{graph,reference}/*.ttl
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from graphsvc.extract.evidence import QuoteNotFound, select_unique
from graphsvc.settings import SHIPPED_DIR

STRING = r'"((?:[^"\\]|\\.)*)"'
SELECTOR = re.compile(
    r"oa:hasSource src:(?P<stem>[0-9a-z_]+) ;\s*oa:hasSelector \[ a oa:TextQuoteSelector ; "
    rf"oa:exact {STRING}(?: ; oa:prefix {STRING} ; oa:suffix {STRING})? \]"
    r"(?: , \[ a oa:TextPositionSelector ; oa:start \"\d+\"\^\^xsd:nonNegativeInteger ; "
    r"oa:end \"\d+\"\^\^xsd:nonNegativeInteger \])?"
)
ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def unescape(literal: str) -> str:
    """A Turtle short string's content as text (the escapes curators and this tool write)."""
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), literal
    )


def escape(text: str) -> str:
    return "".join(ESCAPES.get(c, c) for c in text)


def fill(turtle: str, sources: Path, where: str) -> str:
    """The Turtle with every selector completed from its source text."""
    texts: dict[str, str] = {}

    def complete(match: re.Match[str]) -> str:
        stem = match.group("stem")
        if stem not in texts:
            texts[stem] = (sources / f"{stem}.txt").read_text(encoding="utf-8")
        exact = unescape(match.group(2))
        try:
            s = select_unique(texts[stem], exact)
        except QuoteNotFound as error:
            line = turtle[: match.start()].count("\n") + 1
            raise SystemExit(f"{where}:{line}: {error}") from None
        return (
            f"oa:hasSource src:{stem} ;\n    oa:hasSelector [ a oa:TextQuoteSelector ; "
            f'oa:exact "{escape(s.exact)}" ; oa:prefix "{escape(s.prefix)}" ; '
            f'oa:suffix "{escape(s.suffix)}" ] , '
            f'[ a oa:TextPositionSelector ; oa:start "{s.start}"^^xsd:nonNegativeInteger ; '
            f'oa:end "{s.end}"^^xsd:nonNegativeInteger ]'
        )

    return SELECTOR.sub(complete, turtle)


def main(argv: list[str]) -> int:
    sources = SHIPPED_DIR / "data" / "sources"
    for name in argv:
        path = Path(name)
        before = path.read_text(encoding="utf-8")
        after = fill(before, sources, name)
        if after != before:
            path.write_text(after, encoding="utf-8")
            print(f"{name}: selectors filled")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
