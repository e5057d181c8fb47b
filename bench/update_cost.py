"""The cost of a small SPARQL Update (one agreement) through the validated write path.

``python bench/update_cost.py --sizes 10000,100000,1000000 [--repeat 3]``: for each size, a
seeded synthetic graph (``generate.py``) with the shipped ontology, shapes and reference data is
ingested into an in-memory store; then one valid agreement at a time goes in through
``graphsvc.ingest.update.apply_update`` (staged copy, SHACL, OWL RL, swap), and, for comparison,
through the old raw path (the update run on the store, then ``refresh_inferred``). Prints one
Markdown row per size: quads, median seconds of each path, the phases of the last validated
update, the process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

from graphsvc.ingest.pipeline import default_paths, ingest, refresh_inferred  # noqa: E402
from graphsvc.ingest.update import apply_update  # noqa: E402
from graphsvc.settings import Settings  # noqa: E402
from graphsvc.store.oxigraph import OxigraphStore  # noqa: E402

ID = "https://w3id.org/hlm/id/"
SOURCE = f"{ID}source/001_410b20723ebb56ed"  # a shipped article and one of its sentences
EVIDENCE = f"{ID}evidence/001_410b20723ebb56ed/mayotte"


def one_agreement(n: int) -> str:
    """A valid agreement with its label, party, source and evidence, in a graph of its own."""
    return (
        "PREFIX hlm: <https://w3id.org/hlm/def/hlm#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        f"INSERT DATA {{ GRAPH <https://w3id.org/hlm/graph/source/bench-update-{n}> {{\n"
        f'  <{ID}agreement/bench-update-{n}> a hlm:Convention ; rdfs:label "Bench {n}"@fr ;\n'
        f"    hlm:party <{ID}organisation/foph> ; prov:wasDerivedFrom <{SOURCE}> ;\n"
        f"    hlm:evidence <{EVIDENCE}> .\n"
        "} }"
    )


def measure(size: int, repeat: int, work: Path) -> str:
    settings = Settings.from_env({}).with_changes(store_dir=None)
    data = work / f"data-{size}"
    generate(size, data)
    store = OxigraphStore(None)
    ingest(store, [*default_paths(settings), data], settings)
    quads = len(store)
    validated: list[float] = []
    phases: dict[str, float] = {}
    for n in range(repeat):
        start = time.perf_counter()
        report = apply_update(store, one_agreement(n), settings)
        validated.append(time.perf_counter() - start)
        assert report.changed, "the agreement was written"
        phases = report.seconds
    raw: list[float] = []
    for n in range(repeat, 2 * repeat):
        start = time.perf_counter()
        store.update(one_agreement(n))
        refresh_inferred(store, settings)
        raw.append(time.perf_counter() - start)
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shown = ", ".join(f"{k} {v:.2f}" for k, v in phases.items())
    return (
        f"| {quads:,} | {statistics.median(validated):.2f} | {statistics.median(raw):.2f} "
        f"| {shown} | {peak:,.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| quads | validated (s) | raw + refresh_inferred (s) | phases (s) | peak RSS (MiB) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for size in (int(s) for s in args.sizes.split(",")):
            print(measure(size, args.repeat, Path(work)), flush=True)


if __name__ == "__main__":
    main()
