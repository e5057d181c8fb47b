"""What a curator reads after ``graphsvc extract DIR -o OUT``: per article, the actors, people
and agreements found, which mentions were linked to known entities (and by which rule, how
sure) and which are new, and the facts read with low confidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from .pipeline import Extraction, reported_mentions

LOW_CONFIDENCE = 0.7


@dataclass
class ArticleReport:
    name: str
    actors: int = 0
    people: int = 0
    agreements: int = 0
    linked: list[str] = field(default_factory=list)  # "text → IRI (rule, score)"
    new: list[str] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)  # low-confidence facts, in words
    preview: list[str] = field(default_factory=list)  # what ingesting it would do (``--store``)


def article_report(extraction: Extraction) -> ArticleReport:
    row = ArticleReport(extraction.article.path.name, agreements=len(extraction.agreements))
    seen: set[str] = set()
    for m in reported_mentions(extraction):
        if m.key in seen:
            continue
        seen.add(m.key)
        if m.category == "person":
            row.people += 1
        else:
            row.actors += 1
        if m.entry is not None:
            row.linked.append(f"{m.text} → <{m.entry.iri}> ({m.link or 'name'}, {m.score:.2f})")
        elif not m.unnamed:
            row.new.append(f"{m.text} ({m.category}, {m.score:.2f})")
        if m.score < LOW_CONFIDENCE or (m.link == "fuzzy"):
            row.doubtful.append(f"mention « {m.text} » ({m.score:.2f})")
    for fact in extraction.agreements:
        if fact.confidence < LOW_CONFIDENCE:
            parties = " – ".join(m.text for m in fact.parties)
            row.doubtful.append(f"{fact.kind} {parties} ({fact.confidence:.2f})")
    return row


def report_markdown(rows: list[ArticleReport]) -> str:
    """The report as Markdown: a summary table, then one section per article."""
    lines = [
        "# Extraction report",
        "",
        "| article | actors | people | agreements | linked | new | low confidence |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.name} | {r.actors} | {r.people} | {r.agreements} | {len(r.linked)} | "
        f"{len(r.new)} | {len(r.doubtful)} |"
        for r in rows
    ]
    for r in rows:
        lines += ["", f"## {r.name}", ""]
        if r.preview:
            lines.append("**Ingesting it would**")
            lines += [f"- {item}" for item in r.preview]
            lines.append("")
        for title, items in (("Linked to known entities", r.linked), ("New", r.new),
                             ("Low confidence: review first", r.doubtful)):  # fmt: skip
            lines.append(f"**{title}** ({len(items)})" + ("" if items else ": none"))
            lines += [f"- {item}" for item in items]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
