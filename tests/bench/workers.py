"""`make loadtest`: `steward serve --workers N` on one port, for each N, driven on loopback by a
mix of the nested report (bearer token) and pages (a signed-in browser) for a few seconds;
prints requests per second by N and fails on any error.

    python -m tests.bench.workers [--workers 1,2] [--seconds 5] [--concurrency 8]

On the PostgreSQL server of STEWARD_BENCH_POSTGRES_URL or STEWARD_TEST_POSTGRES_URL (default
the local one), in a database of its own (`steward_loadtest`, made afresh) holding the demo.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from tests.bench.load import PROJECT_ROOT, free_port, start_server
from tests.support.databases import build_demo
from tests.support.demo import DEMO_PASSWORD, demo_email

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REPORT = (PROJECT_ROOT / "tests/bench/report.graphql").read_text()
PAGES = ("/", "/plans", "/services", "/metrics")


def _run(coroutine: Any) -> Any:
    """Drive the load in a thread of its own: the caller's thread may run an event loop already
    (a browser test's, in the same test process)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass(frozen=True)
class Figures:
    workers: int
    requests: int
    errors: list[str]
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def prepare(admin_url: str, database: str = "steward_loadtest") -> tuple[str, str]:
    """A fresh database holding the demo, and a read-only API token's secret for Ada."""
    from server.domain.people.accounts import Actor, create_api_token, person_by_email
    from server.models.enums import TokenScope

    admin = make_sync_engine(admin_url, pooled=False).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    url = make_url(admin_url).set(database=database).render_as_string(hide_password=False)
    build_demo(url)
    engine = make_sync_engine(url, pooled=False)
    with Session(engine) as session:
        issued = create_api_token(
            session,
            Actor(None, "load test"),
            person=person_by_email(session, demo_email("ada")),
            name="load test",
            scope=TokenScope.READ,
            expires_in_days=None,
        )
        session.commit()
    engine.dispose()
    return url, issued.secret


def drop(admin_url: str, database: str) -> None:
    admin = make_sync_engine(admin_url, pooled=False).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    admin.dispose()


def _sign_in(base_url: str) -> httpx.Cookies:
    with httpx.Client(base_url=base_url) as client:
        page = client.get("/sign-in").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        answer = client.post(
            "/sign-in",
            data={"email": demo_email("nora"), "password": DEMO_PASSWORD, "csrf_token": token},
        )
        assert answer.status_code == 303, answer.text
        return client.cookies


async def _drive(
    base_url: str, secret: str, cookies: httpx.Cookies, seconds: float, concurrency: int
) -> tuple[int, list[str]]:
    """Every client alternates the report with the pages until the time is up."""
    errors: list[str] = []
    done = 0
    limits = httpx.Limits(max_connections=concurrency)
    report = {"query": REPORT}
    bearer = {"authorization": f"Bearer {secret}"}
    async with (
        httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as api,
        httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30, cookies=cookies) as pages,
    ):
        end = time.monotonic() + seconds

        async def one_client(offset: int) -> None:
            nonlocal done
            step = offset
            while time.monotonic() < end:
                if step % 2 == 0:
                    answer = await api.post("/graphql", json=report, headers=bearer)
                    bad = answer.status_code != 200 or "errors" in answer.json()
                else:
                    answer = await pages.get(PAGES[(step // 2) % len(PAGES)])
                    bad = answer.status_code != 200
                if bad:
                    errors.append(f"{answer.request.url.path} {answer.status_code}")
                done += 1
                step += 1

        await asyncio.gather(*(one_client(n) for n in range(concurrency)))
    return done, errors


def measure(url: str, secret: str, workers: int, seconds: float, concurrency: int) -> Figures:
    """Serve with `workers` processes on one port, warm up, then drive for `seconds`."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="steward-load-") as var_dir:
        env = {
            "STEWARD_DATABASE_URL": url,
            "STEWARD_SECRET_KEY": "load-test-secret",
            "STEWARD_VAR_DIR": var_dir,
            "STEWARD_PORT": str(port),
            "STEWARD_REMINDERS": "off",
            "STEWARD_MAIL_SENDER": "off",
            "STEWARD_WEBHOOKS": "off",
            "STEWARD_SIGN_IN_ADDRESS_LIMIT": "1000",
            "STEWARD_SLOW_REQUEST_MS": "60000",
        }
        command = [sys.executable, "-m", "server", "serve", "--workers", str(workers)]
        server = start_server(f"{workers} workers", command, env, port, Path(var_dir) / "serve.log")
        try:
            cookies = _sign_in(server.base_url)
            _run(_drive(server.base_url, secret, cookies, 1.0, concurrency))  # warm-up
            started = time.monotonic()
            requests, errors = _run(_drive(server.base_url, secret, cookies, seconds, concurrency))
            return Figures(workers, requests, errors, time.monotonic() - started)
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    admin = (
        os.environ.get("STEWARD_BENCH_POSTGRES_URL")
        or os.environ.get("STEWARD_TEST_POSTGRES_URL")
        or DEFAULT_URL
    )
    url, secret = prepare(admin)
    failed = False
    print(f"{'workers':>7} {'requests':>9} {'req/s':>8} {'errors':>6}")
    for workers in (int(n) for n in args.workers.split(",")):
        figures = measure(url, secret, workers, args.seconds, args.concurrency)
        print(
            f"{figures.workers:>7} {figures.requests:>9} {figures.per_second:>8.1f} "
            f"{len(figures.errors):>6}"
        )
        for error in figures.errors[:5]:
            print(f"        {error}")
        failed = failed or bool(figures.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
