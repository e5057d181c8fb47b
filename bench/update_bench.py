"""What one small write costs: a SPARQL Update adding one agreement, through the service.

Every write goes through the ingest pipeline (staged, SHACL-validated, reasoned, swapped in), so
its cost grows with the graph. For each size: generate the synthetic graph (``generate.py``),
ingest it into an on-disk store as ``graphsvc ingest`` does, start ``graphsvc serve`` with a write
token, then time (wall clock, client side) ``POST /update`` of one new agreement with its
parties, label, source and evidence in a graph of its own (accepted: 204), and of one broken
agreement (no source: refused with 422), each ``--repeat`` times, a new agreement each time.

    python bench/update_bench.py --sizes 10000,100000,1000000 --repeat 5

Writes build/bench/update.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import Plan, reference, source_file  # noqa: E402
from harness import bench_ingest, free_port, server  # noqa: E402

TOKEN = "bench-update-token"
GRAPHS = "https://w3id.org/hlm/graph/source/"


def agreement_update(number: int, actors: list[str], broken: bool) -> str:
    """``INSERT DATA`` of one synthetic agreement (the generator's shape) in a graph of its own;
    ``broken``: without its source (prov:wasDerivedFrom), which the shapes refuse."""
    turtle = source_file(90_000 + number, 900_000 + number, 1, actors, random.Random(number))
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    if broken:
        triples = [t for t in triples if not t.predicate.value.endswith("#wasDerivedFrom")]
    body = "\n".join(f"{t} ." for t in triples)
    return f"INSERT DATA {{ GRAPH <{GRAPHS}bench-update-{number}> {{\n{body}\n}} }}"


def timed_updates(port: int, actors: list[str], repeat: int, broken: bool) -> list[float]:
    """Seconds per update; each must get the expected status."""
    seconds = []
    expected = 422 if broken else 204
    with httpx.Client(timeout=600) as client:
        for n in range(repeat):
            number = n + (10_000 if broken else 0)
            text = agreement_update(number, actors, broken)
            start = time.perf_counter()
            answer = client.post(
                f"http://127.0.0.1:{port}/update",
                content=text.encode(),
                headers={"Content-Type": "application/sparql-update",
                         "Authorization": f"Bearer {TOKEN}"},
            )  # fmt: skip
            seconds.append(time.perf_counter() - start)
            if answer.status_code != expected:
                raise RuntimeError(f"expected {expected}, got {answer.status_code}: {answer.text}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE.parent / "build" / "bench" / "update.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            ingested: list[list[str]] = []
            store_dir = bench_ingest(size, Path(folder), ingested)
            _, actors = reference(Plan.for_size(size))  # prefixed names, as source_file writes
            port = free_port()
            command = [sys.executable, "-m", "graphsvc.cli", "serve", "--store", str(store_dir),
                       "--port", str(port)]  # fmt: skip
            with server(command, port, env={"GRAPHSVC_UPDATE_TOKEN": TOKEN}):
                accepted = timed_updates(port, actors, args.repeat, broken=False)
                refused = timed_updates(port, actors, args.repeat, broken=True)
            rows.append([ingested[0][-1], f"{statistics.median(accepted):.2f}",
                         f"{max(accepted):.2f}", f"{statistics.median(refused):.2f}"])  # fmt: skip
            print(size, rows[-1], flush=True)
    lines = ["# One small update (one agreement) through the service", "",
             f"{args.repeat} of each, wall clock at the client, seconds.", "",
             "| triples in store | accepted (204): median | max | refused (422): median |",
             "|---|---|---|---|"] + ["| " + " | ".join(r) + " |" for r in rows]  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
