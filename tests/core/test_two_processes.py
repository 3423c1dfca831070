"""Two `steward serve` processes on one database behave as one service: nothing a request needs
lives in one process's memory. An import started through one is watched, progress and result,
through the other; a person signed in on one is signed in on the other."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.people.accounts import Actor, create_api_token, person_by_email
from server.models.enums import TokenScope
from tests.support.demo import DEMO_PASSWORD, demo_email
from tests.support.pages import csrf
from tests.support.processes import free_port, healthy

pytestmark = pytest.mark.slow

ROWS = 60_000
STATUS = """query($id: ID!) { measurementImport(id: $id) { state rowsDone rowCount } }"""


def serve(database_url: str, var_dir, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    env.update(STEWARD_DATABASE_URL=database_url, STEWARD_VAR_DIR=str(var_dir))
    return subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def two_servers(demo_url, tmp_path) -> Iterator[tuple[str, str]]:
    ports = [free_port(), free_port()]
    processes = [serve(demo_url, tmp_path, port) for port in ports]
    try:
        deadline = time.monotonic() + 60
        while not all(healthy(port) for port in ports):
            assert all(p.poll() is None for p in processes), "a server exited at start-up"
            assert time.monotonic() < deadline, "the servers did not start"
            time.sleep(0.2)
        yield tuple(f"http://127.0.0.1:{port}" for port in ports)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)


def token_for(url: str, key: str) -> str:
    engine = make_sync_engine(url, pooled=False)
    with Session(engine) as session:
        issued = create_api_token(
            session,
            Actor(None, "test"),
            person=person_by_email(session, demo_email(key)),
            name="watching",
            scope=TokenScope.READ,
            expires_in_days=None,
        )
        session.commit()
    engine.dispose()
    return issued.secret


@contextmanager
def signed_in_client(base: str, key: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client:
        token = csrf(client.get("/sign-in").text)
        response = client.post(
            "/sign-in",
            data={"email": demo_email(key), "password": DEMO_PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 303, response.text
        yield client


def big_csv() -> str:
    start = datetime(2031, 1, 1, tzinfo=UTC)
    lines = ["metric,taken_at,value"]
    lines += [
        f"Mean time to restore,{(start + timedelta(minutes=n)).isoformat()},{n % 50 / 10}"
        for n in range(ROWS)
    ]
    return "\n".join(lines) + "\n"


def test_a_session_from_one_process_works_on_the_other(two_servers):
    first, second = two_servers
    with signed_in_client(first, "carlos") as client:
        cookies = client.cookies
    with httpx.Client(base_url=second, cookies=cookies, follow_redirects=False) as other:
        page = other.get("/")
    assert page.status_code == 200
    assert "Carlos" in page.text


def test_an_import_started_on_one_process_is_watched_through_the_other(two_servers, demo_url):
    first, second = two_servers
    with signed_in_client(first, "carlos") as client:
        upload = client.post(
            "/measurements/import",
            data={"csrf_token": csrf(client.get("/measurements/import").text)},
            files={"file": ("big.csv", big_csv().encode(), "text/csv")},
        )
        assert upload.status_code == 303, upload.text[:500]
        status_path = upload.headers["location"]
        import_id = status_path.rstrip("/").rsplit("/", 1)[-1]
        started = client.post(
            f"{status_path}/start", data={"csrf_token": csrf(client.get(status_path).text)}
        )
        assert started.status_code == 303, started.text[:500]

    watcher = {"authorization": f"Bearer {token_for(demo_url, 'carlos')}"}
    seen, deadline = [], time.monotonic() + 120
    with httpx.Client(base_url=second, headers=watcher, timeout=30) as other:
        while True:
            body = other.post(
                "/graphql", json={"query": STATUS, "variables": {"id": import_id}}
            ).json()
            state = body["data"]["measurementImport"]
            seen.append((state["state"], state["rowsDone"]))
            if state["state"] in ("DONE", "FAILED"):
                break
            assert time.monotonic() < deadline, f"the import did not finish: {seen[-5:]}"
            time.sleep(0.02)
    assert state == {"state": "DONE", "rowsDone": ROWS, "rowCount": ROWS}
    partway = [done for kind, done in seen if kind == "RUNNING" and 0 < done < ROWS]
    assert partway, f"the other process never saw the import's progress: {seen}"
