"""How far the imports running in this process have got, held in memory.

Where the database allows a second writer (PostgreSQL) progress is committed beside the import
and read from the table like any other field. SQLite has one writer, held by the import's own
transaction until its last row, so there the worker reports here instead and the read API
overlays these figures on the stored ones while the import runs in this process.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_running: dict[int, tuple[int, int]] = {}


def report(import_id: int, done: int, total: int) -> None:
    with _lock:
        _running[import_id] = (done, total)


def finished(import_id: int) -> None:
    with _lock:
        _running.pop(import_id, None)


def current(import_id: int) -> tuple[int, int] | None:
    """(rows done, rows in all) of an import running in this process, or None."""
    with _lock:
        return _running.get(import_id)
