"""Reads on a real PostgreSQL streaming replica (STEWARD_READ_DATABASE_URL): a second cluster
made with pg_basebackup from the test server, on another port (tests/support/replica.py).

Which server answered is told by a marker: with the replica's replay paused, a change made on
the primary directly is seen only by reads from the primary. Where a replica cannot be started
the tests say why; they fail then when STEWARD_REQUIRE_POSTGRES is set (CI), else skip."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from server.app import create_app
from server.db import make_sync_engine
from server.replica import lsn
from server.settings import Settings, SettingsError
from tests.support.clients import ApiClient, settings_for
from tests.support.databases import (
    REQUIRE_POSTGRES,
    TEMPLATES,
    postgres_admin_url,
    postgres_missing,
)
from tests.support.pages import sign_in
from tests.support.replica import ReplicaCluster, ReplicaUnavailable, start_replica

PLANS = "{ plans(first: 50) { nodes { id name description } } }"
UPDATE_PLAN = """mutation($input: UpdatePlanInput!) {
  updatePlan(input: $input) { plan { id description } errors { message } } }"""
MARKER = "changed on the primary only"


@pytest.fixture(scope="session")
def replica_cluster() -> Iterator[ReplicaCluster]:
    url = postgres_admin_url()
    reason = postgres_missing(url)
    cluster = None
    if reason is None and url is not None:
        try:
            cluster = start_replica(url)
        except ReplicaUnavailable as error:
            reason = f"a read replica cannot be started here: {error}"
    if cluster is None:
        if os.environ.get(REQUIRE_POSTGRES, "") not in ("", "0"):
            pytest.fail(f"{REQUIRE_POSTGRES} is set, so the replica must run: {reason}")
        pytest.skip(str(reason))
    yield cluster
    cluster.remove()


@dataclass
class Replicated:
    client: TestClient
    api: ApiClient
    cluster: ReplicaCluster
    url: str  # the primary's database

    def change_behind_the_apps_back(self, description: str) -> None:
        """A change on the primary that only reads from the primary can see (replay paused)."""
        engine = make_sync_engine(self.url, pooled=False)
        with engine.begin() as connection:
            connection.execute(text("UPDATE plans SET description = :d"), {"d": description})
        engine.dispose()


@pytest.fixture
def replicated(replica_cluster, postgres_factory, tmp_path) -> Iterator[Replicated]:
    with postgres_factory.database("demo", TEMPLATES["demo"]) as url:
        replica_cluster.catch_up()  # the new database is on the replica
        database = make_url(url).database
        settings = settings_for(
            url,
            tmp_path,
            read_database_url=replica_cluster.url(database),
            replica_retry_seconds=1,
        )
        try:
            with TestClient(create_app(settings), follow_redirects=False) as client:
                api = ApiClient(client, url)
                yield Replicated(client, api, replica_cluster, url)
                if api.engine is not None:
                    api.engine.dispose()
        finally:
            replica_cluster.resume()


def _descriptions(body: dict) -> set[str]:
    assert "errors" not in body, body
    return {plan["description"] for plan in body["data"]["plans"]["nodes"]}


def _statements(engine) -> list[str]:
    """The statements SQLAlchemy sends on `engine` from now on."""
    sent: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    return sent


def _csrf(client: TestClient) -> str:
    page = client.get("/").text
    return re.search(r'"X-CSRF-Token": "([^"]+)"', page).group(1)


def test_reads_go_to_the_replica_and_writes_to_the_primary(replicated):
    api, cluster = replicated.api, replicated.cluster
    plan_id = api.query("ada", PLANS)["plans"]["nodes"][0]["id"]
    cluster.pause()
    replicated.change_behind_the_apps_back(MARKER)

    # A reporting tool's read-only token reads from the replica: the change is not there yet.
    assert MARKER not in _descriptions(api.post("ada", PLANS).json())

    # A write goes to the primary (the replica would refuse it), and the request's read after
    # it, the payload, comes from the primary too.
    payload = api.mutate(
        "ada", UPDATE_PLAN, {"input": {"id": plan_id, "description": "written by the API"}}
    )
    assert payload["errors"] == []
    assert payload["plan"]["description"] == "written by the API"

    # Read-only tokens still read the replica; a read-write token, which may just have
    # written, reads from the primary.
    from_replica = _descriptions(api.post("ada", PLANS).json())
    assert MARKER not in from_replica and "written by the API" not in from_replica
    from_primary = _descriptions(api.post("ada", PLANS, scope="read_write").json())
    assert from_primary == {MARKER, "written by the API"}

    cluster.resume()
    cluster.catch_up()
    assert _descriptions(api.post("ada", PLANS).json()) == from_primary


def test_a_person_reads_their_own_write_while_the_replica_lags(replicated):
    client, api, cluster = replicated.client, replicated.api, replicated.cluster
    replica_statements = _statements(client.app.state.replica.engine)
    primary_statements = _statements(client.app.state.engine)
    assert sign_in(client, "ada").status_code == 303
    assert "wal" in _cookie(client)  # signing in wrote: its position is in the cookie
    cluster.catch_up()
    plan_id = api.query("ada", PLANS)["plans"]["nodes"][0]["id"]

    # Page reads go to the replica once it holds the person's writes; the position is then
    # dropped from the cookie.
    replica_statements.clear()
    primary_statements.clear()
    assert client.get("/plans").status_code == 200
    assert replica_statements, "the page read nothing from the replica"
    assert "wal" not in _cookie(client)

    cluster.pause()
    headers = {"X-CSRF-Token": _csrf(client)}
    mine = {"input": {"id": plan_id, "description": "my own change"}}
    mutation = {"query": UPDATE_PLAN, "variables": mine}
    written = client.post("/graphql", json=mutation, headers=headers)
    assert written.json()["data"]["updatePlan"]["errors"] == []
    position = _cookie(client)["wal"]
    assert lsn(position) > 0

    # At once, and as long as the replica has not replayed it, the person reads from the
    # primary and sees their change; someone else reads the replica and does not yet.
    for _ in range(3):
        read = client.post("/graphql", json={"query": PLANS}, headers=headers).json()
        assert "my own change" in _descriptions(read)
        primary_statements.clear()
        replica_statements.clear()
        assert client.get("/plans").status_code == 200
        assert primary_statements and not [s for s in replica_statements if "plans" in s]
    assert "my own change" not in _descriptions(api.post("nora", PLANS).json())

    cluster.resume()
    cluster.catch_up()
    replica_statements.clear()
    assert client.get("/plans").status_code == 200
    assert [s for s in replica_statements if "plans" in s], "back on the replica"
    assert "wal" not in _cookie(client)
    assert "my own change" in _descriptions(api.post("nora", PLANS).json())


def _cookie(client: TestClient) -> dict:
    """The signed session cookie's contents (Starlette's: base64 JSON, then the signature)."""
    import base64
    import json

    value = client.cookies["steward_session"].split(".")[0]
    return json.loads(base64.b64decode(value + "=" * (-len(value) % 4)))


def test_readyz_reports_the_replicas_lag(replicated):
    client, cluster = replicated.client, replicated.cluster
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["replica"] == "ok"
    assert ready.json()["replica_lag_bytes"] >= 0
    cluster.pause()
    replicated.change_behind_the_apps_back(MARKER)
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ok" and body["migrations"] == "current"
    assert body["replica"] == "paused"
    assert body["replica_lag_bytes"] > 0
    assert body["replica_lag_seconds"] >= 0


def test_reads_fall_back_to_the_primary_while_the_replica_is_down(replicated):
    client, api, cluster = replicated.client, replicated.api, replicated.cluster
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "replica": "ok"}
    expected = api.post("ada", PLANS).json()  # the replica's pool holds connections now
    assert sign_in(client, "nora").status_code == 303
    cluster.catch_up()
    assert client.get("/plans").status_code == 200

    cluster.stop()
    try:
        # The read the replica fails halfway is answered by the primary, and the next ones too.
        for _ in range(3):
            answer = api.post("ada", PLANS)
            assert answer.status_code == 200, answer.text
            assert answer.json() == expected
            assert client.get("/plans").status_code == 200
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "database": "ok", "replica": "unreachable"}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["replica"] == "unreachable"
        assert client.app.state.replica.up is False
    finally:
        cluster.start()

    # Tried again after STEWARD_REPLICA_RETRY_SECONDS (1 here): reads go back to it.
    deadline = time.monotonic() + 30
    while client.get("/healthz").json()["replica"] != "ok":
        assert time.monotonic() < deadline, "the replica did not come back"
        time.sleep(0.2)
    cluster.catch_up()
    time.sleep(1.1)
    replica_statements = _statements(client.app.state.replica.engine)
    assert client.get("/plans").status_code == 200
    assert replica_statements, "reads went back to the replica"


# -- without a replica: nothing changes -----------------------------------------------------


def test_the_replica_and_pool_settings():
    base = {"STEWARD_SECRET_KEY": "k", "STEWARD_VAR_DIR": "/tmp/steward-settings-test"}
    plain = Settings.from_env(base)
    assert plain.read_database_url is None
    assert (plain.db_pool_size, plain.db_max_overflow, plain.replica_retry_seconds) == (10, 10, 5)
    primary = {**base, "STEWARD_DATABASE_URL": "postgresql+psycopg://steward@db/steward"}
    replica = "postgresql+psycopg://steward@replica/steward"
    settings = Settings.from_env(
        {
            **primary,
            "STEWARD_READ_DATABASE_URL": replica,
            "STEWARD_DB_POOL_SIZE": "4",
            "STEWARD_DB_MAX_OVERFLOW": "0",
        }
    )
    assert (settings.read_database_url, settings.db_pool_size, settings.db_max_overflow) == (
        replica,
        4,
        0,
    )
    with pytest.raises(SettingsError, match="STEWARD_READ_DATABASE_URL needs a PostgreSQL"):
        Settings.from_env({**base, "STEWARD_READ_DATABASE_URL": replica})
    with pytest.raises(SettingsError, match="must be a PostgreSQL URL"):
        Settings.from_env({**primary, "STEWARD_READ_DATABASE_URL": "sqlite:///x.db"})
    with pytest.raises(SettingsError, match="STEWARD_DB_POOL_SIZE"):
        Settings.from_env({**base, "STEWARD_DB_POOL_SIZE": "0"})


def test_without_a_replica_health_says_nothing_of_one(app_factory, tmp_path):
    client = app_factory(f"sqlite:///{tmp_path / 'steward.db'}")
    assert client.app.state.replica is None
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_wal_positions_compare_as_numbers():
    assert lsn("0/0") == 0
    assert lsn("2/AB5F0880") == (2 << 32) + 0xAB5F0880
    assert lsn("1/0") > lsn("0/FFFFFFFF")
