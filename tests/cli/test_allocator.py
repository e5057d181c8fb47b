"""``graphsvc serve`` tunes glibc's malloc: at most two arenas, a fixed mmap threshold.

The effect on memory is a benchmark (README: 522 -> 272 MiB at 1M triples); here, the mechanism:
in a fresh interpreter, threads that allocate get arenas of their own unless the service's
settings were applied first, which glibc itself reports (``malloc_stats``).
"""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from graphsvc.web.allocator import (
    ARENAS,
    M_ARENA_MAX,
    M_MMAP_THRESHOLD,
    MMAP_THRESHOLD,
    settings_to_apply,
)

THREADS_ALLOCATING = """
import ctypes, sys, threading
from graphsvc.web.allocator import tune_malloc
if sys.argv[1] == "tuned":
    print(sorted(tune_malloc().items()))
barrier = threading.Barrier(8)
def allocate():
    barrier.wait()
    blocks = [bytes(200_000) for _ in range(20)]
    barrier.wait()  # every thread holds its blocks at once
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(None).malloc_stats()
"""

needs_glibc = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
    reason="mallopt and malloc_stats are glibc's",
)


def arenas_after_threads(mode: str) -> tuple[int, str]:
    """How many arenas glibc reports after eight threads allocated; and what was printed."""
    done = subprocess.run(
        [sys.executable, "-c", THREADS_ALLOCATING, mode],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},  # no MALLOC_* variable from the test's environment
    )
    arenas = sum(1 for line in done.stderr.splitlines() if line.startswith("Arena "))
    return arenas, done.stdout.strip()


@needs_glibc
def test_threads_share_two_arenas_once_tuned() -> None:
    untuned, _ = arenas_after_threads("untuned")
    tuned, applied = arenas_after_threads("tuned")
    assert untuned > ARENAS  # the default the service changes: an arena per thread
    assert tuned == ARENAS
    assert applied == str(sorted({M_ARENA_MAX: ARENAS, M_MMAP_THRESHOLD: MMAP_THRESHOLD}.items()))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, {M_ARENA_MAX: ARENAS, M_MMAP_THRESHOLD: MMAP_THRESHOLD}),
        ({"MALLOC_ARENA_MAX": "4"}, {M_MMAP_THRESHOLD: MMAP_THRESHOLD}),
        ({"MALLOC_MMAP_THRESHOLD_": "65536"}, {M_ARENA_MAX: ARENAS}),
        ({"MALLOC_ARENA_MAX": "1", "MALLOC_MMAP_THRESHOLD_": "0"}, {}),
    ],
    ids=["defaults", "arenas-set", "threshold-set", "both-set"],
)
def test_a_setting_in_the_environment_is_left_to_glibc(
    environ: dict[str, str], expected: dict[int, int]
) -> None:
    assert settings_to_apply(environ) == expected
