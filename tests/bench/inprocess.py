"""The app in this process: SQL statements per request, and a cProfile of one operation."""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import event
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.bench.load import PROJECT_ROOT, run


def _settings(url: str, var_dir: Path) -> Settings:
    return Settings(database_url=url, secret_key="bench-secret-key", var_dir=var_dir)


@dataclass(frozen=True)
class Counted:
    statements: int
    db_seconds: float  # between before_ and after_cursor_execute, summed
    body: bytes


def count_statements(
    url: str, var_dir: Path, token: str, bodies: dict[str, bytes]
) -> dict[str, Counted]:
    """Per operation: the statements one request sends after a warm-up request of its own."""
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

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        try:
            for operation, body in bodies.items():
                client.post("/graphql", content=body, headers=headers)
                totals.update(statements=0, seconds=0.0)
                response = client.post("/graphql", content=body, headers=headers)
                counted[operation] = Counted(
                    totals["statements"], totals["seconds"], response.content
                )
        finally:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)
    return counted


_PACKAGE = re.compile(r"site-packages/([A-Za-z0-9_]+)")


def _area(filename: str) -> str:
    """Where a function lives: a third-party package, a project package, or the standard library."""
    match = _PACKAGE.search(filename)
    if match:
        return match.group(1)
    try:
        relative = Path(filename).resolve().relative_to(PROJECT_ROOT)
        return f"{relative.parts[0]}/ (project)"
    except ValueError:
        pass
    if filename.startswith("<") or filename == "~":
        return "builtins and C code"
    return "standard library"


def profile(url: str, var_dir: Path, token: str, body: bytes, requests: int) -> str:
    """cProfile of `requests` requests through the whole ASGI app in one event loop, as text."""
    app = create_app(_settings(url, var_dir))
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    profiler = cProfile.Profile()
    wall = {"seconds": 0.0}

    async def drive() -> None:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                for _ in range(2):
                    (
                        await client.post("/graphql", content=body, headers=headers)
                    ).raise_for_status()
                began = time.perf_counter()
                profiler.enable()
                for _ in range(requests):
                    response = await client.post("/graphql", content=body, headers=headers)
                profiler.disable()
                wall["seconds"] = time.perf_counter() - began
                response.raise_for_status()

    run(drive)
    stats = pstats.Stats(profiler)
    by_area: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        by_area[_area(filename)] += tottime
        total += tottime
    out = io.StringIO()
    per_request = wall["seconds"] / requests * 1000
    out.write(f"{requests} requests, {per_request:.1f} ms each (wall, under the profiler)\n\n")
    out.write("Own time by package:\n")
    for area, seconds in sorted(by_area.items(), key=lambda item: -item[1])[:15]:
        out.write(f"  {seconds / total * 100:5.1f}%  {seconds / requests * 1000:8.2f} ms  {area}\n")
    for key, title in (("tottime", "own time"), ("cumulative", "cumulative time")):
        out.write(f"\nTop functions by {title}:\n")
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(key).print_stats(30)
        text = stream.getvalue()
        out.write(text[text.find("   ncalls") :])
    return out.getvalue()
