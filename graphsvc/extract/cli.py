"""``graphsvc extract`` and ``graphsvc evaluate``: the I/O edge of the extraction package."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table
from tqdm import tqdm

from ..errors import GraphSvcError
from ..settings import Settings
from .article import read_article
from .corpus import KINDS, corpus_articles, extraction_reading, read_gold, score_reading
from .evaluate import Score, context_quads, read_facts, score
from .gazetteer import Gazetteer
from .pipeline import Extraction, extract, extract_many, french_pipeline
from .preview import preview, read_store
from .report import ArticleReport, article_report, report_markdown
from .turtle import to_turtle

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def gazetteer_for(
    settings: Settings, known: Iterable[Path] = (), more: Iterable[ox.Triple] = ()
) -> Gazetteer:
    """Known entities: the reference data, plus ``known`` Turtle files (the curated graphs,
    earlier extractions) and ``more`` triples (the store's) so that a name seen before links to
    the IRI it got then."""
    files = [*sorted((settings.data_dir / "reference").glob("*.ttl")), *known]
    return Gazetteer.from_triples(
        itertools.chain(
            (t for path in files for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)),
            more,
        )
    )


def article_paths(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise GraphSvcError(f"{path}: no such file or folder")
    return found


def review(extraction: Extraction, console: Console) -> None:
    """What was found, with quotes, for a person to accept or fix."""
    text = extraction.article.text
    console.rule(f"{extraction.article.path.name} — {extraction.article.title or ''}")
    table = Table(
        "kind", "parties", "signatories", "present", "figures", "conf.", "quote", show_lines=True
    )
    for fact in extraction.agreements:
        figures = ", ".join(
            str(v)
            for v in (
                fact.amount and f"{fact.amount} EUR",
                fact.duration,
                fact.renewable and "renewable",
            )
            if v
        )
        table.add_row(
            fact.kind,
            "\n".join(m.text + ("" if m.entry else " (new)") for m in fact.parties),
            "\n".join(m.text for m in fact.signatories + fact.signed_by),
            "\n".join(m.text for m in fact.present + fact.auspices),
            figures,
            f"{fact.confidence:.2f}",
            text[fact.sentence[0] : fact.sentence[1]][:220],
        )
    console.print(table)
    for count in extraction.counts:
        by = ", ".join(m.text for m in count.by) or "?"
        about = "~" if count.approximate else ""
        console.print(f"count: {about}{count.count} {count.kind} by {by}")
    for post in extraction.posts:
        console.print(
            f"post: {post.person.text} — {post.role}" + (f" of {post.of.text}" if post.of else "")
        )
    for initiative in extraction.initiatives:
        console.print(f"initiative: {initiative.kind} {initiative.name}")
    new = sorted({m.text for m in extraction.mentions if m.entry is None and m.score >= 0.7})
    console.print(f"new actors ({len(new)}): " + "; ".join(new))


def cmd_extract(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    paths = article_paths(args.paths)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # Link to what the store was built from and to earlier runs into OUT, except the files
    # about to be replaced: extracting an article again replaces its graph.
    again = {f"{p.stem}.ttl" for p in paths}
    earlier = [p for p in sorted(out.glob("*.ttl")) if p.name not in again]
    view = None
    if args.store:
        if not Path(args.store).is_dir():
            raise GraphSvcError(f"{args.store}: no store folder to review against")
        view = read_store(Path(args.store), settings.base_iri)
    gazetteer = gazetteer_for(settings, [*sorted((settings.data_dir / "graph").glob("*.ttl")),
                                         *earlier], view.naming if view else ())  # fmt: skip
    rows: list[ArticleReport] = []
    nlp = french_pipeline()
    # Piped to a file or a test, the review keeps whole words rather than an 80-column wrap.
    console = Console(width=None if sys.stdout.isatty() else 200)
    articles = []
    for path in paths:
        try:
            articles.append(read_article(path))
        except UnicodeDecodeError as error:
            raise GraphSvcError(f"{path}:1: not UTF-8 text ({error.reason})") from None
    for extraction in tqdm(
        extract_many(articles, gazetteer, nlp, batch_size=args.batch_size),
        total=len(articles), desc="extracting", unit="article", disable=len(paths) < 2,
        file=sys.stderr,
    ):  # fmt: skip
        path = extraction.article.path
        target = out / f"{path.stem}.ttl"
        turtle = to_turtle(extraction)
        target.write_text(turtle, encoding="utf-8")
        if args.review:
            review(extraction, console)
        row = article_report(extraction)
        if view is not None:
            row.preview = preview(
                path.stem, ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE), view
            )
        rows.append(row)
        print(f"{path} → {target} ({len(extraction.agreements)} agreements)", file=sys.stderr)
    (out / "report.md").write_text(report_markdown(rows), encoding="utf-8")
    table = Table("article", "actors", "people", "agreements", "linked", "new", "low conf.")
    for row in rows:
        table.add_row(row.name[:48], str(row.actors), str(row.people), str(row.agreements),
                      str(len(row.linked)), str(len(row.new)), str(len(row.doubtful)))  # fmt: skip
    console.print(table)
    print(f"report: {out / 'report.md'}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.corpus:
        return evaluate_corpus(Path(args.corpus), args.split, gazetteer_for(settings))
    gazetteer = gazetteer_for(settings)
    context = context_quads(
        [
            settings.ontology_dir / "hlm.ttl",
            *sorted((settings.data_dir / "reference").glob("*.ttl")),
        ]
    )
    nlp = french_pipeline()
    totals: dict[str, Score] = {}
    table = Table("source", "measure", "found", "expected", "matched", "P", "R", "F1")
    for path in article_paths([args.sources]):
        curated = Path(args.curated) / f"{path.stem}.ttl"
        if not curated.exists():
            continue
        extraction = extract(read_article(path), gazetteer, nlp)
        found = read_facts(
            ox.parse(to_turtle(extraction).encode(), format=ox.RdfFormat.TURTLE), context
        )
        expected = read_facts(ox.parse(path=str(curated), format=ox.RdfFormat.TURTLE), context)
        for name, value in score(found, expected).items():
            totals.setdefault(name, Score()).add(value)
            table.add_row(path.stem[:12], name, *_row(value))
    for name, value in totals.items():
        table.add_row("ALL", name, *_row(value), style="bold")
    Console().print(table)
    return 0


def evaluate_corpus(root: Path, split: str, gazetteer: Gazetteer) -> int:
    """P/R/F1 per kind against the gold readings of one split, per article and in total."""
    articles = corpus_articles(root, split)
    if not articles:
        raise GraphSvcError(f"{root}: no article of split {split!r} with text and gold")
    nlp = french_pipeline()
    totals = {kind: Score() for kind in KINDS}
    table = Table("article", *(f"{k} {m}" for k in KINDS for m in ("P", "R")))
    for item in tqdm(articles, desc="evaluating", unit="article", file=sys.stderr):
        extraction = extract(read_article(item.text), gazetteer, nlp)
        scores = score_reading(extraction_reading(extraction), read_gold(item.gold))
        cells = []
        for kind in KINDS:
            totals[kind].add(scores[kind])
            cells += [_ratio(scores[kind].matched, scores[kind].found),
                      _ratio(scores[kind].matched, scores[kind].expected)]  # fmt: skip
        table.add_row(item.slug[:48], *cells)
    Console(width=200).print(table)
    summary = Table(f"{split} ({len(articles)} articles)", "found", "expected", "matched",
                    "P", "R", "F1")  # fmt: skip
    for kind, value in totals.items():
        summary.add_row(kind, *_row(value))
    Console(width=200).print(summary)
    return 0


def _ratio(matched: int, total: int) -> str:
    return f"{matched}/{total}"


def _row(value: Score) -> list[str]:
    return [str(value.found), str(value.expected), str(value.matched),
            f"{value.precision:.2f}", f"{value.recall:.2f}", f"{value.f1:.2f}"]  # fmt: skip
