"""Extraction speed and memory over a corpus: articles per second and peak memory for spaCy's
``nlp.pipe`` batch sizes and 1 or 2 processes. A benchmark, not a test: nothing asserts a speed.

Each configuration runs in a fresh Python process (``--one``) so that its peak memory is its
own: the model load, then every article of the split (``--repeat`` times over, for steadier
figures on a small corpus) through ``graphsvc.extract.pipeline.extract_many`` and the Turtle
writer. Peak memory is the process's maximum resident set (``ru_maxrss``), plus the largest
child's when spaCy forks workers.

    python bench/extract_bench.py --corpus corpus --split dev --repeat 4
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFIGS = [(32, 1), (256, 1), (1000, 1), (256, 2)]


def one(corpus: Path, split: str, repeat: int, batch_size: int, n_process: int) -> dict[str, float]:
    """One configuration, measured in this process."""
    from graphsvc.extract.article import read_article
    from graphsvc.extract.cli import gazetteer_for
    from graphsvc.extract.corpus import corpus_articles
    from graphsvc.extract.pipeline import extract_many, french_pipeline
    from graphsvc.extract.turtle import to_turtle
    from graphsvc.settings import Settings

    started = time.perf_counter()
    nlp = french_pipeline()
    gazetteer = gazetteer_for(Settings.from_env())
    loaded = time.perf_counter() - started
    articles = [read_article(item.text) for item in corpus_articles(corpus, split)] * repeat
    started = time.perf_counter()
    sentences = 0
    for extraction in extract_many(articles, gazetteer, nlp, batch_size, n_process):
        to_turtle(extraction)
        sentences += len(set(extraction.sentence_spans.values()))
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "batch_size": batch_size,
        "n_process": n_process,
        "load_s": round(loaded, 2),
        "articles": len(articles),
        "chars": sum(len(a.text) for a in articles),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 1),
        "peak_mib": round(own / 1024),
        "child_peak_mib": round(children / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    parser.add_argument("--split", default="dev", choices=("dev", "heldout", "all"))
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--one", nargs=2, type=int, metavar=("BATCH", "PROCESSES"))
    args = parser.parse_args()
    if args.one:
        figures = one(Path(args.corpus), args.split, args.repeat, *args.one)
        print(json.dumps(figures))
        return 0
    rows = []
    for batch_size, n_process in CONFIGS:
        run = subprocess.run(
            [sys.executable, __file__, "--corpus", args.corpus, "--split", args.split,
             "--repeat", str(args.repeat), "--one", str(batch_size), str(n_process)],
            capture_output=True, text=True, cwd=ROOT, check=True,
        )  # fmt: skip
        rows.append(json.loads(run.stdout.strip().splitlines()[-1]))
    print("| nlp.pipe batch | processes | model load (s) | articles | seconds | articles/s "
          "| peak RSS (MiB) | largest child (MiB) |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['batch_size']} | {r['n_process']} | {r['load_s']} | {r['articles']} "
              f"| {r['seconds']} | {r['articles_per_s']} | {r['peak_mib']} "
              f"| {r['child_peak_mib']} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
