"""Keep the service process from holding on to memory it has freed (glibc's malloc).

Measured with bench's mixed load (8 clients, 30 s) on the 1M-triple store, ``graphsvc serve``'s
main process ended at 522 MiB with glibc's defaults, 305 MiB with at most two arenas, 273 MiB
with two arenas and a fixed 1 MiB mmap threshold (README, benchmarks). Two defaults cause it:

- every thread that allocates gets an arena of its own, up to eight per core, and the threads
  that wait for query workers (up to 40) each receive answers of many MiB into theirs; glibc
  gives an arena's free space back only from its top, so each arena keeps what it once held;
- blocks of 128 KiB or more are mapped on their own and returned when freed, but each freed block
  raises that threshold to its size (up to 32 MiB), so the next answers of a few MiB come from the
  arenas instead, and stay there.

Python threads run one at a time (the GIL), so two arenas cost no waiting on each other.
"""

from __future__ import annotations

import ctypes
import os
import platform

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameters (malloc.h)
M_ARENA_MAX = -8

ARENAS = 2
MMAP_THRESHOLD = 1024 * 1024  # blocks from 1 MiB up are mapped alone, given back when freed

# A setting given in the environment (glibc reads these at start) is the operator's choice.
ENVIRONMENT = {M_ARENA_MAX: "MALLOC_ARENA_MAX", M_MMAP_THRESHOLD: "MALLOC_MMAP_THRESHOLD_"}


def settings_to_apply(environ: dict[str, str] | os._Environ[str]) -> dict[int, int]:
    """The mallopt settings that ``tune_malloc`` makes: ours, except those the environment sets."""
    ours = {M_ARENA_MAX: ARENAS, M_MMAP_THRESHOLD: MMAP_THRESHOLD}
    return {key: value for key, value in ours.items() if ENVIRONMENT[key] not in environ}


def tune_malloc() -> dict[int, int]:
    """Apply ``settings_to_apply`` to this process; what glibc took (nothing elsewhere: musl,
    macOS). Call it before threads start: a thread keeps the arena it was given."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return {}
    mallopt = ctypes.CDLL(None).mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return {
        key: value
        for key, value in settings_to_apply(os.environ).items()
        if mallopt(key, value) == 1
    }
