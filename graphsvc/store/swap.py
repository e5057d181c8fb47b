"""Swap a finished copy of the on-disk store into its place, safe against a kill at any point.

A lone writer's big write is bulk-loaded into a copy beside the store (``graphsvc.store.oxigraph``):
RocksDB's bulk loader is three times faster than a transaction but not atomic, so nobody may read
what it writes until it is whole. The copy is marked complete, the store folder renamed to
``.NAME.old``, the copy renamed to ``NAME``, the old folder removed. A process killed between the
two renames leaves no store folder; ``recover_swap``, run whenever the store is opened for
writing, rolls a complete copy forward, or puts the old store back, and deletes what a killed
writer left (the copy it was loading, the N-Quads files for its loader in ``.NAME.parts``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

COMPLETE_MARK = "graphsvc-complete"  # written last into a finished copy: it may be swapped in


def copy_dir(path: Path) -> Path:
    """Where the new copy of the store at ``path`` is written."""
    return path.with_name(f".{path.name}.new")


def parts_dir(path: Path) -> Path:
    """Where the quads on their way to the loader of a new copy wait, as N-Quads files."""
    return path.with_name(f".{path.name}.parts")


def old_dir(path: Path) -> Path:
    """Where the store at ``path`` waits between the two renames of a swap."""
    return path.with_name(f".{path.name}.old")


def _sync_dir(path: Path) -> None:
    """Make renames inside ``path`` durable (a killed process needs nothing; a power cut does)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def swap_in(path: Path, copy: Path) -> None:
    """Replace the (closed) store at ``path`` by the complete copy at ``copy``."""
    _sync_dir(copy)
    old = old_dir(path)
    shutil.rmtree(old, ignore_errors=True)
    path.rename(old)
    copy.rename(path)
    _sync_dir(path.parent)
    shutil.rmtree(old)
    (path / COMPLETE_MARK).unlink()


def recover_swap(path: Path) -> None:
    """Finish or undo a swap a crash interrupted, so the store reads as before or as after."""
    copy, old = copy_dir(path), old_dir(path)
    if not path.exists():
        if (copy / COMPLETE_MARK).exists():
            copy.rename(path)
        elif old.exists():
            old.rename(path)
    shutil.rmtree(parts_dir(path), ignore_errors=True)  # a killed writer's quads for its loader
    for leftover in (copy, old):
        if leftover.exists() and path.exists():
            shutil.rmtree(leftover, ignore_errors=True)  # a dying loader may be deleting it too
    if path.exists():
        (path / COMPLETE_MARK).unlink(missing_ok=True)
