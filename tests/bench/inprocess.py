"""The app in this process: SQL statements per request, and a profile of one operation."""

from __future__ import annotations

import io
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from psycopg.pq import Trace
from sqlalchemy import event
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.bench.load import PROJECT_ROOT, run


def _settings(url: str, var_dir: Path) -> Settings:
    return Settings(
        database_url=url, secret_key="bench-secret-key", var_dir=var_dir, reminders=False
    )


# Requests before the counted one: the first teaches a read document, the second compiles
# and prepares its statement on the connection.
WARM_UP_REQUESTS = 3


@dataclass(frozen=True)
class Counted:
    statements: int
    round_trips: int  # every wait for the server: BEGIN, statements, ROLLBACK, the token check
    db_seconds: float  # between before_ and after_cursor_execute, summed
    body: bytes


class RoundTrips:
    """Counts the round trips of every pooled connection from libpq's protocol trace: each
    exchange ends with the server's ReadyForQuery, whatever the statement (BEGIN and ROLLBACK
    included, which no cursor event sees)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - read and emptied per request

    def checkout(self, dbapi_connection, record, proxy) -> None:
        self.acquired(dbapi_connection.driver_connection)

    def checkin(self, dbapi_connection, record) -> None:
        if dbapi_connection is not None:
            self.released(dbapi_connection.driver_connection)

    # The same for the driver pool's connections (server/driver_pool.py).
    def acquired(self, connection) -> None:
        connection.pgconn.trace(self.file.fileno())
        connection.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)

    def released(self, connection) -> None:
        connection.pgconn.untrace()

    @contextmanager
    def tracing(self, app) -> Iterator[RoundTrips]:
        """Trace every connection the app reads on while the block runs: the engine's and the
        driver pool's."""
        engine = app.state.engine.sync_engine
        pool = app.state.driver_pool
        hooks = [] if pool is None else [(pool.on_acquire, self.acquired),
                                         (pool.on_release, self.released)]  # fmt: skip
        event.listen(engine, "checkout", self.checkout)
        event.listen(engine, "checkin", self.checkin)
        for listeners, hook in hooks:
            listeners.append(hook)
        try:
            yield self
        finally:
            event.remove(engine, "checkout", self.checkout)
            event.remove(engine, "checkin", self.checkin)
            for listeners, hook in hooks:
                listeners.remove(hook)

    def take(self) -> int:
        """The round trips since the last call."""
        self.file.seek(0)
        count = sum(1 for line in self.file if line.startswith(b"B") and b"\tReadyForQuery" in line)
        self.file.seek(0)
        self.file.truncate()
        return count


def count_statements(
    url: str, var_dir: Path, token: str, bodies: dict[str, bytes]
) -> dict[str, Counted]:
    """Per operation: the statements one request sends after warm-up requests of its own (a
    read document is taught by the first, compiled and prepared by the next: see
    schema/core/compiled_documents.py; what is counted is the steady state)."""
    app = create_app(_settings(url, var_dir))
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    counted: dict[str, Counted] = {}
    with TestClient(app) as client:
        engine = app.state.engine.sync_engine
        started: list[float] = []
        totals = {"statements": 0, "seconds": 0.0}

        def before(*args) -> None:
            totals["statements"] += 1
            started.append(time.perf_counter())

        def after(*args) -> None:
            totals["seconds"] += time.perf_counter() - started.pop()

        trips = RoundTrips()
        listeners = [("before_cursor_execute", before), ("after_cursor_execute", after)]
        for name, listener in listeners:
            event.listen(engine, name, listener)
        try:
            with trips.tracing(app):
                for operation, body in bodies.items():
                    for _ in range(WARM_UP_REQUESTS):
                        client.post("/graphql", content=body, headers=headers)
                    totals.update(statements=0, seconds=0.0)
                    trips.take()
                    compiled = app.state.compiled_documents.counters.answered
                    response = client.post("/graphql", content=body, headers=headers)
                    # A compiled statement runs on the driver's connection, where no cursor
                    # event sees it.
                    compiled = app.state.compiled_documents.counters.answered - compiled
                    counted[operation] = Counted(
                        totals["statements"] + compiled,
                        trips.take(),
                        totals["seconds"],
                        response.content,
                    )
        finally:
            for name, listener in listeners:
                event.remove(engine, name, listener)
    return counted


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def count_page_round_trips(
    url: str, var_dir: Path, paths: list[str], email: str, password: str
) -> dict[str, int]:
    """Per page: the round trips one request makes (the session's viewer, the document, any
    bookkeeping), signed in with a session cookie, after warm-up requests of its own."""
    app = create_app(_settings(url, var_dir))
    counted: dict[str, int] = {}
    with TestClient(app) as client:
        form = client.get("/sign-in")
        token = _CSRF.search(form.text)
        assert token is not None, "the sign-in page has no CSRF token"
        signed = client.post(
            "/sign-in",
            data={"email": email, "password": password, "csrf_token": token[1], "next": "/"},
            follow_redirects=False,
        )
        assert signed.status_code == 303, f"signing in as {email} failed: {signed.status_code}"
        with RoundTrips().tracing(app) as trips:
            for path in paths:
                for _ in range(WARM_UP_REQUESTS):
                    client.get(path, headers={"accept": "text/html"})
                trips.take()
                shown = client.get(path, headers={"accept": "text/html"})
                assert shown.status_code == 200, f"{path}: HTTP {shown.status_code}"
                counted[path] = trips.take()
    return counted


_PACKAGE = re.compile(r"site-packages/([A-Za-z0-9_]+)")
IDLE = "(event loop idle: waiting for the database)"


def _area(filename: str) -> str:
    """Where code lives: a third-party package, a folder of this project, the standard library."""
    if filename.startswith("<"):
        return "generated code and frozen modules"
    match = _PACKAGE.search(filename)
    if match:
        return match.group(1)
    path = Path(filename)
    if path.is_absolute() and path.is_relative_to(PROJECT_ROOT):
        return f"{path.relative_to(PROJECT_ROOT).parts[0]}/ (this project)"
    return "standard library"


def _where(code) -> str:
    filename = code.co_filename
    match = _PACKAGE.search(filename)
    if match:
        short = filename[match.start(1) :]
    elif Path(filename).is_absolute() and Path(filename).is_relative_to(PROJECT_ROOT):
        short = str(Path(filename).relative_to(PROJECT_ROOT))
    else:
        short = Path(filename).name
    return f"{code.co_name} ({short}:{code.co_firstlineno})"


class Sampler:
    """A sampling profiler for one thread: every `interval` seconds, where is it?

    cProfile misattributes time under SQLAlchemy's greenlets (a switch is no call or return),
    so this looks at the running frame instead. A sample whose innermost Python frame is the
    event loop's own runner means the loop had nothing to run: it was waiting on a socket.
    """

    def __init__(self, thread_id: int, interval: float = 0.0005) -> None:
        self.thread_id = thread_id
        self.interval = interval
        self.own: Counter[str] = Counter()
        self.inclusive: Counter[str] = Counter()
        self.areas: Counter[str] = Counter()
        self.samples = 0
        self.seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(self.interval)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        sys.setswitchinterval(self._switch)

    def _run(self) -> None:
        """Each sample weighs the time since the one before: a busy thread holds the GIL for
        up to a switch interval, an idle one lets the sampler in at once."""
        last = time.perf_counter()
        while not self._stop.wait(self.interval):
            frame = sys._current_frames().get(self.thread_id)
            now = time.perf_counter()
            weight, last = now - last, now
            if frame is None:
                continue
            self.samples += 1
            self.seconds += weight
            code = frame.f_code
            if code.co_filename.endswith(("asyncio/runners.py", "asyncio/base_events.py")):
                self.own[IDLE] += weight
                self.areas[IDLE] += weight
                continue
            self.own[_where(code)] += weight
            self.areas[_area(code.co_filename)] += weight
            seen = set()
            while frame is not None:
                where = _where(frame.f_code)
                if where not in seen:
                    seen.add(where)
                    self.inclusive[where] += weight
                frame = frame.f_back

    def report(self, top: int = 30) -> str:
        out = io.StringIO()
        total = self.seconds or 1.0
        out.write(f"{self.samples} samples, weighted by the time each stands for\n\n")
        out.write("By package (innermost frame):\n")
        for area, count in self.areas.most_common(15):
            out.write(f"  {count / total * 100:5.1f}%  {area}\n")
        out.write("\nBy function, own time (innermost frame):\n")
        for where, count in self.own.most_common(top):
            out.write(f"  {count / total * 100:5.1f}%  {where}\n")
        out.write("\nBy function, including callees (within one greenlet's stack):\n")
        for where, count in self.inclusive.most_common(top):
            out.write(f"  {count / total * 100:5.1f}%  {where}\n")
        return out.getvalue()


def profile(url: str, var_dir: Path, token: str, body: bytes, requests: int) -> str:
    """Where the time of `requests` requests through the whole ASGI app goes, as text: wall
    time, time inside SQL statements, and a sampling profile of the rest."""
    app = create_app(_settings(url, var_dir))
    # As the measured runs send it (tests/bench/bench.py): no compression asked for.
    headers = {
        "authorization": f"Bearer {token}",
        "content-type": "application/json",
        "accept-encoding": "identity",
    }
    timing = {"wall": 0.0, "sql": 0.0, "statements": 0}
    started: list[float] = []

    def before(*args) -> None:
        timing["statements"] += 1
        started.append(time.perf_counter())

    def after(*args) -> None:
        timing["sql"] += time.perf_counter() - started.pop()

    sampler = Sampler(threading.get_ident())

    async def drive() -> None:
        async with app.router.lifespan_context(app):
            engine = app.state.engine.sync_engine
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for _ in range(2):
                    response = await client.post("/graphql", content=body, headers=headers)
                    response.raise_for_status()
                event.listen(engine, "before_cursor_execute", before)
                event.listen(engine, "after_cursor_execute", after)
                began = time.perf_counter()
                with sampler:
                    for _ in range(requests):
                        response = await client.post("/graphql", content=body, headers=headers)
                timing["wall"] = time.perf_counter() - began
                response.raise_for_status()

    run(drive)
    wall, sql = timing["wall"] / requests * 1000, timing["sql"] / requests * 1000
    head = (
        f"{requests} requests in this process (ASGI, no network), {wall:.1f} ms each:\n"
        f"  {sql:.1f} ms in {timing['statements'] // requests} SQL statements (from sending each "
        f"to its rows in hand), {wall - sql:.1f} ms elsewhere\n\n"
    )
    return head + sampler.report()
