"""How many SQL statements the current request sent, and how long the database took over them.

A request opens a `Tally` (`counting()`); every statement run while it is open adds to it:
those through SQLAlchemy (engine events, `install`) and those run on the driver's own
connection (`timed()`, around the sign-in look-up and a compiled document's statement). The
tally follows the request's task (a context variable, which SQLAlchemy carries into the
greenlet that runs the sync side of an async session), so concurrent requests never mix;
work outside a request (the CLI, the background runners) is not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class Tally:
    """One request's statements and the seconds they took (wall time, as the app waited)."""

    statements: int = 0
    seconds: float = 0.0


_CURRENT: ContextVar[Tally | None] = ContextVar("steward_statement_tally", default=None)
_STARTED = "steward_statement_started"  # in Connection.info: when its statement started


@contextmanager
def counting() -> Iterator[Tally]:
    """A new tally for the statements run inside the block (one request)."""
    tally = Tally()
    token = _CURRENT.set(tally)
    try:
        yield tally
    finally:
        _CURRENT.reset(token)


@contextmanager
def timed() -> Iterator[None]:
    """Counts one statement run on the driver's connection, and its time."""
    started = perf_counter()
    try:
        yield
    finally:
        tally = _CURRENT.get()
        if tally is not None:
            tally.statements += 1
            tally.seconds += perf_counter() - started


def _before(conn: Any, cursor: Any, statement: Any, parameters: Any, *_: Any) -> None:
    conn.info[_STARTED] = perf_counter()


def _after(conn: Any, cursor: Any, statement: Any, parameters: Any, *_: Any) -> None:
    started = conn.info.pop(_STARTED, None)
    tally = _CURRENT.get()
    if tally is not None:
        tally.statements += 1
        if started is not None:
            tally.seconds += perf_counter() - started


def _failed(context: Any) -> None:
    """A statement the database refused still counts (and its time)."""
    connection = context.connection
    if connection is not None and _STARTED in connection.info:
        _after(connection, None, None, None)


def install(engine: Engine) -> None:
    """Count every statement this engine runs for a request (the async engine's sync_engine)."""
    if not event.contains(engine, "before_cursor_execute", _before):
        event.listen(engine, "before_cursor_execute", _before)
        event.listen(engine, "after_cursor_execute", _after)
        event.listen(engine, "handle_error", _failed)
