"""Fixtures shared by the suite: databases on SQLite and PostgreSQL, the app, signed-in clients."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.databases import (
    BACKENDS,
    PostgresFactory,
    SQLiteFactory,
    load_demo_into,
    migrate,
    postgres_admin_url,
)

DEMO_PASSWORD = "steward-demo"


def _demo(url: str) -> None:
    migrate(url)
    load_demo_into(url)


TEMPLATES = {"empty": migrate, "demo": _demo}


@pytest.fixture(scope="session")
def worker_id_safe(request) -> str:
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    return f"{worker}_{os.getpid()}"


@pytest.fixture(scope="session")
def sqlite_factory(tmp_path_factory) -> SQLiteFactory:
    return SQLiteFactory(tmp_path_factory.mktemp("sqlite-templates"))


@pytest.fixture(scope="session")
def postgres_factory(worker_id_safe) -> Iterator[PostgresFactory | None]:
    url = postgres_admin_url()
    if url is None:
        yield None
        return
    factory = PostgresFactory(url, worker_id_safe)
    yield factory
    factory.close()


REQUIRE_POSTGRES = "STEWARD_REQUIRE_POSTGRES"


@functools.cache
def postgres_missing(url: str | None) -> str | None:
    """Why the PostgreSQL half of the suite cannot run on this URL, or None (asked once)."""
    if url is None:
        return "set STEWARD_TEST_POSTGRES_URL to run against PostgreSQL"
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from server.db import make_sync_engine

    engine = make_sync_engine(url, pooled=False)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        where = make_url(url).render_as_string(hide_password=True)
        return f"PostgreSQL at {where} does not answer: {str(error).splitlines()[0]}"
    finally:
        engine.dispose()
    return None


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql" and (reason := postgres_missing(postgres_admin_url())):
        if os.environ.get(REQUIRE_POSTGRES, "") not in ("", "0"):
            pytest.fail(
                f"{REQUIRE_POSTGRES} is set, so PostgreSQL must run: {reason}", pytrace=False
            )
        pytest.skip(reason)
    return request.param


def _database(kind, backend, sqlite_factory, postgres_factory, tmp_path):
    if backend == "sqlite":
        return sqlite_factory.database(kind, TEMPLATES[kind], tmp_path)
    return postgres_factory.database(kind, TEMPLATES[kind])


@pytest.fixture
def database_url(backend, sqlite_factory, postgres_factory, tmp_path) -> Iterator[str]:
    """A migrated, empty database of its own, on each backend in turn."""
    with _database("empty", backend, sqlite_factory, postgres_factory, tmp_path) as url:
        yield url


@pytest.fixture
def demo_url(backend, sqlite_factory, postgres_factory, tmp_path) -> Iterator[str]:
    """A database of its own holding the demo organisation, on each backend in turn."""
    with _database("demo", backend, sqlite_factory, postgres_factory, tmp_path) as url:
        yield url


def settings_for(url: str, tmp_path, fast: bool = True, **overrides) -> Settings:
    """Every page document the suite opens also runs on the stock executor (see
    schema/core/executor_check.py): the fast one is proved equal on the pages too."""
    return Settings(
        database_url=url,
        secret_key="test-secret-key",
        var_dir=tmp_path,
        fast_executor=fast,
        check_executors=True,
        **overrides,
    )


@pytest.fixture
def app_factory(tmp_path):
    """Builds a TestClient on the app for a database URL; closes them all at the end."""
    clients: list[TestClient] = []

    def make(url: str, fast: bool = True) -> TestClient:
        app = create_app(settings_for(url, tmp_path, fast))
        client = TestClient(app, follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def demo_client(demo_url, app_factory) -> TestClient:
    return app_factory(demo_url)


def demo_email(key: str) -> str:
    return f"{key}@harbour-it.example"


def csrf_from(client: TestClient) -> str:
    """Open the sign-in page to get a session with a CSRF token; return the token."""
    import re

    page = client.get("/sign-in")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, "the sign-in form carries a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, key: str, password: str = DEMO_PASSWORD):
    token = csrf_from(client)
    return client.post(
        "/sign-in",
        data={"email": demo_email(key), "password": password, "csrf_token": token, "next": "/"},
    )


@pytest.fixture
def signed_in(demo_client):
    """Sign the demo client in as one of the demo people (by key, e.g. 'nora')."""

    def as_person(key: str) -> TestClient:
        response = sign_in(demo_client, key)
        assert response.status_code == 303, response.text
        return demo_client

    return as_person


# Written by signing in, not by the mutation: when a token was last used.
# What a request writes for its own bookkeeping, even when refused: a token's last use, the
# failed attempts the sign-in throttle counts, who runs the background work (whole tables, or
# `table.column`).
BOOKKEEPING = {"api_tokens.last_used_at", "auth_failures", "runner_leases"}


class ApiClient:
    """Posts GraphQL to the real app as a demo person, with an API token of theirs.

    Every query also runs through an app on graphql-core's stock executor, and the two
    responses must be byte-identical (request ids aside): the faster executor is proved equal
    on every query the suite sends.
    """

    def __init__(self, client: TestClient, url: str, stock: TestClient | None = None) -> None:
        self.client = client
        self.url = url
        self.stock = stock
        self.tokens: dict[tuple[str, str], str] = {}
        self.engine = None

    def token(self, key: str, scope: str = "read") -> str:
        from sqlalchemy.orm import Session

        from server.db import make_sync_engine
        from server.domain.people.accounts import Actor, create_api_token, person_by_email
        from server.models.enums import TokenScope

        if (key, scope) not in self.tokens:
            engine = make_sync_engine(self.url, pooled=False)
            with Session(engine) as session:
                issued = create_api_token(
                    session,
                    Actor(None, "test"),
                    person=person_by_email(session, demo_email(key)),
                    name=f"test {scope}",
                    scope=TokenScope(scope),
                    expires_in_days=None,
                )
                session.commit()
            engine.dispose()
            self.tokens[(key, scope)] = issued.secret
        return self.tokens[(key, scope)]

    def post(self, key: str, query: str, variables: dict | None = None, scope: str | None = None):
        """Queries go with a read token, mutations with a read-write one, unless `scope` says."""
        payload = {"query": query, "variables": variables or {}}
        is_mutation = _is_mutation(query)
        scope = scope or ("read_write" if is_mutation else "read")
        headers = {"authorization": f"Bearer {self.token(key, scope)}"}
        if is_mutation:
            return self._post_mutation(payload, headers)
        response = self.client.post("/graphql", json=payload, headers=headers)
        if self.stock is not None and not is_mutation:
            stock = self.stock.post("/graphql", json=payload, headers=headers)
            assert stock.status_code == response.status_code
            assert _without_request_ids(stock.content) == _without_request_ids(response.content), (
                "the fast executor answered differently from the stock one"
            )
        return response

    def _post_mutation(self, payload: dict, headers: dict):
        """Every mutation that succeeds writes audit entries; one that fails writes nothing:
        every table holds exactly the rows it held before, value for value."""
        before = self.table_contents()
        response = self.client.post("/graphql", json=payload, headers=headers)
        after = self.table_contents()
        results = (response.json().get("data") or {}).values()
        succeeded = [r for r in results if isinstance(r, dict) and not r.get("errors")]
        if succeeded:
            assert len(after["audit_log"]) >= len(before["audit_log"]) + len(succeeded), (
                "a mutation committed without an audit entry"
            )
        else:
            changed = sorted(name for name in before if before[name] != after[name])
            assert changed == [], f"a refused mutation changed data in {', '.join(changed)}"
        return response

    def table_contents(self) -> dict[str, list[tuple]]:
        """Every table's rows, ordered by primary key: what the database holds, value by value."""
        from sqlalchemy import select

        from server.db import make_sync_engine
        from server.models import Base

        if self.engine is None:
            self.engine = make_sync_engine(self.url)
        contents = {}
        with self.engine.connect() as connection:
            for name, table in Base.metadata.tables.items():
                if name in BOOKKEEPING:
                    continue
                columns = [c for c in table.columns if f"{name}.{c.name}" not in BOOKKEEPING]
                statement = select(*columns).order_by(*table.primary_key.columns)
                contents[name] = [tuple(row) for row in connection.execute(statement)]
        return contents

    def mutate(self, key: str, query: str, variables: dict | None = None) -> dict:
        """The payload of a single mutation (data of its one root field)."""
        body = self.post(key, query, variables).json()
        assert "errors" not in body, body["errors"]
        (payload,) = body["data"].values()
        return payload

    def query(self, key: str, query: str, variables: dict | None = None) -> dict:
        """The data of a query that must succeed."""
        body = self.post(key, query, variables).json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def errors(self, key: str, query: str, variables: dict | None = None) -> list[str]:
        body = self.post(key, query, variables).json()
        assert body.get("errors"), body
        return [error["message"] for error in body["errors"]]


# Failed attempts the sign-in throttle counts: kept even when the mutation is refused (a wrong
# current password in changeMyPassword counts like a wrong one on the sign-in form).
def _is_mutation(query: str) -> bool:
    import re

    return re.search(r"^\s*mutation\b", query, re.M) is not None


def _without_request_ids(content: bytes) -> bytes:
    import re

    return re.sub(rb'"requestId":"[0-9a-f]+"', b'"requestId":"-"', content)


@pytest.fixture
def api(demo_client, demo_url, app_factory) -> Iterator[ApiClient]:
    client = ApiClient(demo_client, demo_url, app_factory(demo_url, fast=False))
    yield client
    if client.engine is not None:
        client.engine.dispose()


class StatementCounter:
    """Counts the SQL statements the app sends while active."""

    def __init__(self, client: TestClient) -> None:
        from sqlalchemy import event

        self.count = 0
        self.engine = client.app.state.engine.sync_engine
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.count += 1

    def close(self) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._count)


def run_async(coroutine_function, *args):
    """Run a coroutine to completion on a fresh event loop in its own thread, so it works
    even when this thread already runs a loop (Playwright's sync API keeps one)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()
