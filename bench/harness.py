"""The benchmark suite behind ``bench/run``: one run, every figure side by side, medians and ratios.

Benchmarks, not tests: nothing here asserts a speed. Each section measures one promise of the
README (ingest rate, cold start, the cost of our HTTP layer over raw Oxigraph, on-disk vs
in-memory stores, throughput against rdflib-endpoint, memory, behaviour under mixed load) on
graphs from ``bench/generate.py``, and the whole table is written to a Markdown file.
Servers run as their own processes on 127.0.0.1, started the way a user starts them.
"""

from __future__ import annotations

import functools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from graphsvc.ingest.pipeline import default_paths, ingest
from graphsvc.query.canned import CannedQuery, bound_query, load_folder, needs_no_value
from graphsvc.query.executor import workers_copy_to_memory
from graphsvc.settings import SHIPPED_DIR, Settings
from graphsvc.store.oxigraph import OxigraphStore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

JSON = "application/sparql-results+json"


@dataclass
class Report:
    """Markdown sections, printed as they come and written at the end."""

    lines: list[str] = field(default_factory=list)

    def section(self, title: str, header: list[str], rows: list[list[str]]) -> None:
        block = [f"\n### {title}\n", "| " + " | ".join(header) + " |"]
        block.append("|" + "---|" * len(header))
        block += ["| " + " | ".join(row) + " |" for row in rows]
        self.lines += block
        print("\n".join(block), flush=True)

    def note(self, text: str) -> None:
        self.lines.append(f"\n{text}")
        print(text, flush=True)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``action`` in milliseconds, after one warm-up call."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def rss_mib(pid: int) -> float:
    """Resident set size of a process (Linux /proc), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(
    command: list[str],
    port: int,
    env: dict[str, str] | None = None,
    ready: str = "/health",
    answered: bool = False,
) -> Iterator[int]:
    """Run a server process until it answers ``ready`` on ``port`` (with a 2xx if ``answered``:
    rdflib-endpoint has no /health, any answer shows it is up); yield its pid."""
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                # /health, not the home page: its dataset summary takes seconds at 1M.
                answer = httpx.get(f"http://127.0.0.1:{port}{ready}", timeout=60)
                if answered:
                    answer.raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited with {process.returncode}") from None
                time.sleep(0.02)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


# The synthetic graph's own Banque des Territoires is party to about a fifth of its agreements;
# the curated one to three. Partners of the former is the heavy, realistic question.
SYNTHETIC_VALUES = {
    "partners": {"actor": "https://w3id.org/hlm/id/organisation/banque-des-territoires-synth"}
}


def canned_texts(base: str) -> dict[str, str]:
    """Each canned query with the benchmark's values bound, as the service would run it."""
    queries: list[CannedQuery] = load_folder(SHIPPED_DIR / "queries")
    return {q.name: bound_query(q, SYNTHETIC_VALUES.get(q.name, {}), base) for q in queries}


def solutions(store: ox.Store, text: str) -> list[ox.QuerySolution]:
    """Every solution of a SELECT query over the union of the graphs, read into Python."""
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def bench_ingest(size: int, work: Path, report_rows: list[list[str]]) -> Path:
    """Generate and ingest a graph of about ``size`` triples into an on-disk store."""
    data = work / f"data-{size}"
    generate(size, data)
    store_dir = work / f"store-{size}"
    settings = Settings.from_env({}).with_changes(store_dir=store_dir)
    store = OxigraphStore(store_dir)
    start = time.perf_counter()
    result = ingest(store, [*default_paths(settings), data], settings, exclusive=True)  # as the CLI
    total = time.perf_counter() - start
    triples = result.asserted + result.inferred
    store.close()
    phases = ", ".join(f"{k} {v:.2f}" for k, v in result.seconds.items())
    report_rows.append(
        [f"{result.asserted:,}", f"{result.inferred:,}", f"{total:.2f}", phases,
         f"{result.asserted / total:,.0f}", f"{triples:,}"]
    )  # fmt: skip
    return store_dir


def ingest_section(report: Report, rows: list[list[str]]) -> None:
    """The ingest table (rows from ``bench_ingest``), the same in the benchmarks and the probe."""
    report.section(
        "Ingest (parse + SHACL + OWL RL + store, on disk)",
        ["asserted", "inferred", "seconds", "phases (s)", "asserted/s", "in store"],
        rows,
    )


def workers_in_memory(store_dir: Path) -> bool:
    """Whether ``graphsvc serve``'s workers copy this store into memory (the default, ``auto``)."""
    return workers_copy_to_memory("auto", len(ox.Store.read_only(str(store_dir))))


def query_medians(store: ox.Store, texts: dict[str, str], repeat: int) -> dict[str, float]:
    """Median ms per query, run in-process on raw pyoxigraph (the floor our service adds to)."""

    def run(text: str) -> Callable[[], object]:
        return lambda: solutions(store, text)

    return {name: median_ms(run(text), repeat) for name, text in texts.items()}


@dataclass(frozen=True)
class RawMedians:
    """Median ms per canned query on raw pyoxigraph, on the on-disk store and an in-memory copy."""

    memory: dict[str, float]
    disk: dict[str, float]

    def rows(self) -> list[list[str]]:
        return [
            [n, f"{m:.2f}", f"{self.disk[n]:.2f}", f"{self.disk[n] / m:.1f}×"]
            for n, m in self.memory.items()
        ]


def raw_medians(store_dir: Path, texts: dict[str, str], repeat: int) -> RawMedians:
    """Each canned query on the on-disk store and on an in-memory copy of it."""
    disk = ox.Store.read_only(str(store_dir))
    memory = ox.Store()
    memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    return RawMedians(query_medians(memory, texts, repeat), query_medians(disk, texts, repeat))


def cold_start(store_dir: Path, runs: int = 3) -> tuple[float, float]:
    """Seconds to open a persisted store and answer a first query in-process; and from
    ``graphsvc serve`` to the first SPARQL answer over HTTP (a worker started, store opened),
    asking from the moment the process starts (connections refused until the port is bound).
    Medians of ``runs``: one start on two busy cores varies by a few tenths of a second."""
    opened, served = [], []
    for _ in range(runs):
        start = time.perf_counter()
        store = ox.Store.read_only(str(store_dir))
        solutions(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        opened.append(time.perf_counter() - start)
        del store
        port = free_port()
        start = time.perf_counter()
        ask = "/sparql?query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D"
        with server(_our_command(store_dir, port), port, ready=ask, answered=True):
            served.append(time.perf_counter() - start)
    return statistics.median(opened), statistics.median(served)


def _our_command(store_dir: Path, port: int) -> list[str]:
    return [
        sys.executable, "-m", "graphsvc.cli", "serve", "--store", str(store_dir),
        "--port", str(port),
    ]  # fmt: skip


FLOOR = "/health"  # a route that runs no query: what any answer over HTTP costs at least


def ask_canned(client: httpx.Client, name: str) -> httpx.Response:
    """``/queries/{name}`` in JSON, with the synthetic graph's value where the query takes one."""
    return client.get(
        f"/queries/{name}", params=SYNTHETIC_VALUES.get(name, {}), headers={"Accept": JSON}
    )


def over_http(port: int, texts: dict[str, str], repeat: int) -> dict[str, float]:
    """Median ms per canned query through our service's /queries/{name} route, and of
    ``FLOOR`` through the same client; NaN for a query the service refused (a 503 past the time
    limit is not a time to compare)."""

    def ask(client: httpx.Client, name: str) -> None:
        ask_canned(client, name).raise_for_status()

    medians: dict[str, float] = {}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        medians[FLOOR] = median_ms(lambda: client.get("/health").raise_for_status(), repeat * 10)
        for name in texts:
            try:
                medians[name] = median_ms(functools.partial(ask, client, name), repeat)
            except httpx.HTTPStatusError as error:
                print(f"{name}: {error.response.status_code} {error.response.text[:200]}")
                medians[name] = float("nan")
    return medians


def load(
    url: str,
    requests: list[tuple[str, dict[str, str]]],
    clients: int,
    seconds: float,
    timeout: float = 60.0,
) -> dict[str, Any]:
    """``clients`` threads cycling through ``requests`` for ``seconds``: rate, p50/p99, errors.

    The rate counts answered requests (status < 400) over the wall time until the last one
    ends: a server slower than the run still gets its requests finished and counted fairly.
    """
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    began = time.monotonic()
    stop = began + seconds

    def worker(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=timeout) as client:
            i = offset
            while time.monotonic() < stop:
                path, headers = requests[i % len(requests)]
                i += 1
                start = time.perf_counter()
                try:
                    answer = client.get(path, headers=headers)
                    failure = f"{path[:40]}: {answer.status_code}" if answer.is_error else ""
                except httpx.HTTPError as error:
                    failure = f"{path[:40]}: {error!r}"
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    if failure:
                        errors.append(failure)
                    else:
                        latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / wall,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "errors": len(errors),
        "failures": "; ".join(f"{m} ×{n}" for m, n in Counter(errors).most_common(5)),
    }


def warmed_up(port: int, limit: float = 900.0) -> tuple[int, int, float]:
    """Wait until a server as deployed keeps an answer for every canned query needing no value
    (``graphsvc.web.warming``), ``limit`` seconds at most: (kept, expected, seconds waited). The
    mixed load then measures the service in use, its warm-up apart."""
    expected = sum(1 for q in load_folder(SHIPPED_DIR / "queries") if needs_no_value(q))
    began = time.monotonic()
    kept = 0
    while time.monotonic() - began < limit:
        kept = httpx.get(f"http://127.0.0.1:{port}/health", timeout=60).json()["kept_answers"]
        if kept >= expected:
            break
        time.sleep(0.5)
    return kept, expected, time.monotonic() - began


def sparql_get(text: str) -> tuple[str, dict[str, str]]:
    return "/sparql?" + httpx.QueryParams({"query": text}).__str__(), {"Accept": JSON}


def main(
    sizes: list[int],
    repeat: int,
    seconds: float,
    load_seconds: float,
    out: Path,
    rival_clients: tuple[int, ...] = (1, 8),
) -> None:
    report = Report()
    base = Settings.from_env({}).base_iri
    texts = canned_texts(base)
    machine = (
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, pyoxigraph {ox.__version__}"
    )
    report.lines.append(f"## Benchmarks ({time.strftime('%Y-%m-%d')}, {machine})")
    with tempfile.TemporaryDirectory(prefix="graphsvc-bench-") as tmp:
        work = Path(tmp)
        ingest_rows: list[list[str]] = []
        stores = {size: bench_ingest(size, work, ingest_rows) for size in sizes}
        ingest_section(report, ingest_rows)
        for size, store_dir in stores.items():
            raw = raw_medians(store_dir, texts, repeat)
            report.section(
                f"Canned queries in-process, {size:,}-triple graph: in-memory vs on-disk (ms)",
                ["query", "in-memory", "on-disk", "on-disk / in-memory"],
                raw.rows(),
            )
            opened, served = cold_start(store_dir)
            report.section(
                f"Cold start on the persisted {size:,}-triple store (s, median of 3 starts)",
                ["open + first query", "`graphsvc serve` until its first SPARQL answer"],
                [[f"{opened:.3f}", f"{served:.2f}"]],
            )
            compare_http(
                report, size, store_dir, raw, texts, repeat, seconds, load_seconds, rival_clients
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")


def compare_http(
    report: Report,
    size: int,
    store_dir: Path,
    raw: RawMedians,
    texts: dict[str, str],
    repeat: int,
    seconds: float,
    load_seconds: float,
    rival_clients: tuple[int, ...],
) -> None:
    """Our service vs raw Oxigraph per canned query; ours vs rdflib-endpoint under load.

    The HTTP time is set against the raw time on the kind of store our workers query at this
    size (``GRAPHSVC_WORKER_STORE=auto``: an in-memory copy up to 300k quads, else on disk).
    """
    in_memory = workers_in_memory(store_dir)
    same_kind = raw.memory if in_memory else raw.disk
    port = free_port()
    # Kept answers off: every request computes, as raw Oxigraph and rdflib-endpoint do.
    uncached = {"GRAPHSVC_ANSWER_CACHE_MB": "0"}
    with server(_our_command(store_dir, port), port, env=uncached):
        http = over_http(port, texts, repeat)
        ours = {
            n: load(f"http://127.0.0.1:{port}", [sparql_get(texts["partners"])], n, seconds)
            for n in sorted({1, 8, *rival_clients})
        }
        light = [("/queries/people-roles", {"Accept": JSON}), ("/health", {}),
                 ("/id/organisation/foph", {"Accept": "text/turtle"})]  # fmt: skip
        calm = load(f"http://127.0.0.1:{port}", light, 4, seconds)
        with runaway(f"http://127.0.0.1:{port}"):
            stormy = load(f"http://127.0.0.1:{port}", light, 4, seconds)
    port = free_port()
    with server(_our_command(store_dir, port), port) as pid:  # as deployed: answers kept
        kept, expected, warm_seconds = warmed_up(port)
        served = over_http(port, texts, repeat)  # after its first request, each answer is kept
        mixed = load(f"http://127.0.0.1:{port}", mixed_requests(texts), 8, load_seconds)
        our_rss = rss_mib(pid)
    kind = "in-memory" if in_memory else "on-disk"
    report.section(
        f"Canned queries, {size:,} triples: raw pyoxigraph vs our HTTP route (ms, median; "
        f"workers query {kind})",
        ["query", "raw in-memory", "raw on-disk", "HTTP /queries/{name}", f"HTTP / raw {kind}",
         "HTTP − raw", "HTTP, answer kept", "kept / raw"],
        [[n, f"{raw.memory[n]:.2f}", f"{raw.disk[n]:.2f}", f"{http[n]:.2f}",
          f"{http[n] / same_kind[n]:.2f}×", f"{http[n] - same_kind[n]:.2f}",
          f"{served[n]:.2f}", f"{served[n] / same_kind[n]:.2f}×"] for n in texts],
    )  # fmt: skip
    report.note(
        f"`{FLOOR}`, which runs no query, answers the same client in {http[FLOOR]:.2f} ms "
        f"({served[FLOOR]:.2f} ms on the server as deployed): the floor under every HTTP figure. "
        "HTTP: answers not kept, every request computes; kept: the server as deployed, each "
        "answer kept after its first request."
    )
    theirs: dict[int, dict[str, Any]] = {}
    their_rss = float("nan")
    if rival_clients:
        theirs, their_rss = rdflib_endpoint_load(store_dir, size, texts, seconds, rival_clients)
    rows = []
    for n in rival_clients or (1, 8):
        a = ours[n]
        b = theirs.get(
            n,
            {
                "per_second": float("nan"),
                "p50": float("nan"),
                "p99": float("nan"),
                "errors": float("nan"),
            },
        )
        rows.append(
            [str(n), f"{a['per_second']:.1f}", f"{b['per_second']:.2f}",
             f"{a['per_second'] / max(b['per_second'], 1e-9):.0f}×",
             f"{a['p50']:.1f} / {a['p99']:.1f}", f"{b['p50']:.0f} / {b['p99']:.0f}",
             f"{a['errors']:.0f} / {b['errors']:.0f}"]
        )  # fmt: skip
    report.section(
        f"partners over HTTP, {size:,} triples, {seconds:.0f} s per run: ours vs rdflib-endpoint",
        ["clients", "ours req/s", "rdflib-endpoint req/s", "ratio", "ours p50/p99 ms",
         "theirs p50/p99 ms", "errors ours/theirs"],
        rows,
    )  # fmt: skip
    report.section(
        f"Light queries (4 clients, {seconds:.0f} s), {size:,} triples: alone vs beside a runaway",
        ["", "req/s", "p50 ms", "p99 ms", "errors"],
        [[name, f"{r['per_second']:.1f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}",
          f"{r['errors']:.0f}"]
         for name, r in (("alone", calm), ("with a runaway query running", stormy))],
    )  # fmt: skip
    report.section(
        f"Mixed load, {size:,} triples: 8 clients, {load_seconds:.0f} s (canned, pages, SPARQL)",
        ["requests", "req/s", "p50 ms", "p99 ms", "errors", "our RSS MiB", "their RSS MiB"],
        [[f"{mixed['requests']:.0f}", f"{mixed['per_second']:.1f}", f"{mixed['p50']:.1f}",
          f"{mixed['p99']:.1f}", f"{mixed['errors']:.0f}", f"{our_rss:.0f}",
          f"{their_rss:.0f}"]],
    )  # fmt: skip
    report.note(
        f"Before the mixed load, the service kept {kept} of the {expected} answers computed "
        f"ahead after {warm_seconds:.1f} s (from the port answering)."
    )
    if mixed["errors"]:
        report.note(f"Mixed-load errors: {mixed['failures']}")


def rdflib_endpoint_load(
    store_dir: Path, size: int, texts: dict[str, str], seconds: float, clients: tuple[int, ...]
) -> tuple[dict[int, dict[str, Any]], float]:
    """rdflib-endpoint serving a dump of the same store: partners under load, and its RSS."""
    dump = store_dir.parent / f"dump-{size}.nq"
    with dump.open("wb") as handle:
        store = ox.Store.read_only(str(store_dir))
        ox.serialize(store.quads_for_pattern(None, None, None, None), handle, ox.RdfFormat.N_QUADS)
        del store
    port = free_port()
    command = [sys.executable, str(HERE / "rdflib_endpoint_app.py"), str(dump), str(port)]
    with server(command, port) as pid:
        theirs = {
            n: load(f"http://127.0.0.1:{port}", [sparql_get(texts["partners"])], n, seconds, 1800)
            for n in clients
        }
        return theirs, rss_mib(pid)


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@contextmanager
def runaway(url: str) -> Iterator[None]:
    """One client sending a cartesian product again and again while the block runs."""
    stop = threading.Event()

    def loop() -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            while not stop.is_set():
                client.get("/sparql", params={"query": RUNAWAY}, headers={"Accept": JSON})

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    time.sleep(0.5)  # let it reach a worker
    try:
        yield
    finally:
        stop.set()


def mixed_requests(texts: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """What a day of users asks: canned queries, resource pages, raw SPARQL, a VoID fetch."""
    pages = [
        ("/id/organisation/banque-des-territoires", {"Accept": "text/html"}),
        ("/id/organisation/ush", {"Accept": "text/turtle"}),
        ("/id/organisation/foph", {"Accept": "application/ld+json"}),
        ("/.well-known/void", {"Accept": "text/turtle"}),
        ("/health", {}),
    ]
    canned = [
        (
            f"/queries/{name}?" + str(httpx.QueryParams(SYNTHETIC_VALUES.get(name, {}))),
            {"Accept": JSON},
        )
        for name in texts
    ]
    count = sparql_get(
        "SELECT ?k (COUNT(*) AS ?n) WHERE { ?a a ?k } GROUP BY ?k ORDER BY DESC(?n) LIMIT 20"
    )
    return [*canned, *pages, count]


def disk_mib(folder: Path) -> float:
    """Bytes under ``folder``, in MiB: what the persisted store takes on disk."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident set of this process and of its largest waited-for child (Linux: KiB)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return me, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def once_over_http(port: int, texts: dict[str, str]) -> list[list[str]]:
    """Each canned query asked once, answers not kept: its time, or what the service said.

    A probe, not a median: at 10M a query may run to the service's time limit, and what the
    probe wants to know is which questions still answer and in what time."""
    rows = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
        for name in texts:
            start = time.perf_counter()
            answer = ask_canned(client, name)
            took = (time.perf_counter() - start) * 1000
            cut = answer.headers.get("X-Result-Truncated") == "true"
            said = f"{answer.status_code}{' cut at the row cap' if cut else ''}"
            if answer.status_code != 200:
                said += f": {' '.join(answer.text[:120].split())}"
            rows.append([name, f"{took:,.0f}", f"{len(answer.content):,}", said])
    return rows


def probe(size: int, out: Path) -> None:
    """One graph far past the promises (10M): what ingest, a cold start and each canned query
    take there, and the memory and disk they need. No medians, no rival: a probe of where the
    design bends, written beside the benchmark figures."""
    report = Report()
    report.lines.append(f"## Probe at {size:,} triples ({time.strftime('%Y-%m-%d')})")
    with tempfile.TemporaryDirectory(prefix="graphsvc-probe-") as tmp:
        work = Path(tmp)
        ingest_rows: list[list[str]] = []
        store_dir = bench_ingest(size, work, ingest_rows)
        me, child = peak_rss_mib()
        ingest_section(report, ingest_rows)
        report.note(
            f"Peak RSS of the process that generated and ingested the graph {me:,.0f} MiB, "
            f"of its largest child process (the bulk loader, when one runs) {child:,.0f} MiB; "
            f"the store takes {disk_mib(store_dir):,.0f} MiB on disk."
        )
        _, served = cold_start(store_dir, runs=1)
        report.note(
            f"Cold start: `graphsvc serve` answered its first SPARQL query after {served:.2f} s."
        )
        in_memory = workers_in_memory(store_dir)
        port = free_port()
        with server(
            _our_command(store_dir, port), port, env={"GRAPHSVC_ANSWER_CACHE_MB": "0"}
        ) as pid:
            rows = once_over_http(port, canned_texts(Settings.from_env({}).base_iri))
            rss = rss_mib(pid)
        report.section(
            f"Canned queries once over HTTP, {size:,} triples, answers not kept (workers "
            f"{'in memory' if in_memory else 'on disk'})",
            ["query", "ms", "bytes", "answer"],
            rows,
        )
        report.note(f"RSS of the service's main process after them: {rss:.0f} MiB.")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Run the benchmark suite.")
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated triple counts")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each load run")
    parser.add_argument("--load-seconds", type=float, default=60.0, help="mixed-load run")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "results.md")
    parser.add_argument(
        "--probe",
        type=int,
        metavar="TRIPLES",
        help="instead of the benchmarks, probe one graph of this size (10000000): ingest, cold "
        "start, each canned query once; written to build/bench/probe.md unless --out",
    )
    parser.add_argument(
        "--rival-clients",
        default="1,8",
        help="client counts for the rdflib-endpoint runs (at 1M one request takes 17 minutes); "
        "'none' to leave rdflib-endpoint out",
    )
    args = parser.parse_args()
    if args.probe:
        default_out = parser.get_default("out")
        probe(
            args.probe, args.out if args.out != default_out else default_out.with_name("probe.md")
        )
    else:
        main(
            [int(s) for s in args.sizes.split(",")],
            args.repeat,
            args.seconds,
            args.load_seconds,
            args.out,
            ()
            if args.rival_clients == "none"
            else tuple(int(n) for n in args.rival_clients.split(",")),
        )
