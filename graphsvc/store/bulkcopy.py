"""The process that bulk-loads a new copy of the store while the ingest validates and reasons.

Why a process and not a thread: pyoxigraph's ``bulk_extend`` holds the GIL while it pulls quads
from Python, so a loading thread slowed validation from 23 s to 51 s at 1M triples. Here the
loading has its own interpreter and core.

Protocol (``python -m graphsvc.store.bulkcopy FOLDER``): each line on stdin names an N-Quads file to
add; a line ``finish`` flushes, prints ``ok`` and exits 0. Files are read with ``pyoxigraph.parse``
(blank node labels kept, unlike ``Store.bulk_load``), so the copy holds exactly the terms the
parent wrote. End of input without ``finish`` (the parent died or gave up) deletes the copy.
"""

from __future__ import annotations

import queue
import shutil
import sys
import threading
from itertools import takewhile
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

FINISH = "finish"


def _read_commands(lines: TextIO, commands: queue.Queue[str | None], gone: threading.Event) -> None:
    """Pass stdin's lines on; at its end, mark the parent gone (unless it said ``finish``)."""
    for line in lines:
        commands.put(line.strip())
        if line.strip() == FINISH:
            return
    gone.set()
    commands.put(None)


def serve(folder: Path, lines: TextIO) -> bool:
    """Load every file named on ``lines`` into a new store at ``folder``; whether it finished.

    Stdin is read on its own thread so that a parent that dies mid-file stops the load at once
    (the loader would otherwise go on writing a copy nobody will use).
    """
    commands: queue.Queue[str | None] = queue.Queue()
    gone = threading.Event()
    threading.Thread(target=_read_commands, args=(lines, commands, gone), daemon=True).start()
    store = ox.Store(str(folder))
    try:
        while (command := commands.get()) is not None:
            if command == FINISH:
                store.flush()
                return True
            with open(command, "rb") as quads:
                parsed = ox.parse(quads, format=ox.RdfFormat.N_QUADS)
                store.bulk_extend(takewhile(lambda _: not gone.is_set(), parsed))
    except Exception:
        gone.set()  # a failed load (the copy deleted under it, a full disk) is given up too
        raise
    finally:
        if gone.is_set():
            # Closed first: RocksDB writes its manifest as it closes, into the folder it had.
            del store
            shutil.rmtree(folder, ignore_errors=True)
    return False


def main() -> int:
    folder = Path(sys.argv[1])
    if not serve(folder, sys.stdin):
        return 1
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
