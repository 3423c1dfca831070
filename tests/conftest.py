"""Fixtures shared by the suite: databases on SQLite and PostgreSQL, the app, signed-in clients.

Helpers live in tests/support (tests/README.md); the browser fixtures are its `browser` plugin."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from server.app import create_app
from server.domain.people import passwords
from tests.support.clients import ApiClient, proves_executors, settings_for
from tests.support.databases import (
    BACKENDS,
    REQUIRE_POSTGRES,
    TEMPLATES,
    PostgresFactory,
    SQLiteFactory,
    load_demo_into,
    postgres_admin_url,
    postgres_missing,
)
from tests.support.pages import sign_in

pytest_plugins = ["tests.support.browser", "tests.support.answers"]

# Argon2 at its production cost takes about 0.13 s of CPU per sign-in; the suite signs in
# thousands of times, so it hashes and verifies with the cheapest parameters argon2 allows.
# Servers the suite starts as processes of their own (`make run`, the workers' load test)
# keep the production cost.
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


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


@pytest.fixture
def signed_in(demo_client):
    """Sign the demo client in as one of the demo people (by key, e.g. 'nora')."""

    def as_person(key: str) -> TestClient:
        response = sign_in(demo_client, key)
        assert response.status_code == 303, response.text
        return demo_client

    return as_person


@pytest.fixture
def api(demo_client, demo_url, app_factory) -> Iterator[ApiClient]:
    stock = (lambda: app_factory(demo_url, fast=False)) if proves_executors(demo_url) else None
    client = ApiClient(demo_client, demo_url, stock)
    yield client
    if client.engine is not None:
        client.engine.dispose()


@pytest.fixture
def scaled_api(database_url, app_factory) -> ApiClient:
    """Like `api`, on ten times the demo organisation."""
    load_demo_into(database_url, scale=10)
    stock = (lambda: app_factory(database_url, False)) if proves_executors(database_url) else None
    return ApiClient(app_factory(database_url), database_url, stock)


@pytest.fixture
def env(monkeypatch, tmp_path):
    """Points `steward` commands run in-process at a database (and this test's var folder)."""

    def use(url: str) -> None:
        monkeypatch.setenv("STEWARD_DATABASE_URL", url)
        monkeypatch.setenv("STEWARD_VAR_DIR", str(tmp_path))

    return use


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests, and the page tests that check wording and layout (WORDING_PAGES), run on
    SQLite only unless marked `both_databases`: what they prove (the pages as people read and
    drive them) does not depend on the database. On PostgreSQL the tour runs every page
    operation (tests/core/test_page_documents.py), the API tests run every query and mutation,
    and the page tests where the database's own SQL shows (sums, dates, search, imports,
    exports, uniqueness, JSON) still run. This keeps the suite inside its time."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("backend") == "postgresql"
        sqlite_only = _uses_browser(item) or _path(item).endswith(WORDING_PAGES)
        if on_postgres and sqlite_only and item.get_closest_marker("both_databases") is None:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    # The long tests first, the longest of all before them, so that the last minutes of a
    # parallel run are not one worker finishing a walk of every page while the others wait
    # (sorted() keeps the order of ties).
    items[:] = sorted(kept, key=_running_time_rank)


# Page tests of wording, links and forms on data every database returns alike. Left out on
# purpose, so they run on both: sign-in (the throttle), people and tokens (unique e-mail
# addresses, secrets), audit (JSON columns), search, imports and feedback (their own SQL per
# database), exports and bulk changes (streamed and locked reads), error pages, and the pages of
# sums and dates (overview, roadmap, meeting pack, portfolio, balance, plans).
WORDING_PAGES = tuple(
    f"/test_{name}.py"
    for name in (
        "metric_pages", "metric_forms", "metric_charts_pages", "initiative_forms",
        "initiative_page", "initiative_page_words", "initiative_record_pages", "children_pages",
        "pending_change_pages", "improvement_cycle_pages", "plan_page", "plan_admin_pages",
        "suggestions_pages", "service_reviews_pages", "stakeholders_pages", "objectives_pages",
        "service_admin_pages", "governance_pages", "process_admin_pages", "comments_pages",
        "notifications_pages", "webhooks_pages", "theme_pages",
    )
)  # fmt: skip

LONGEST = (
    "tests/core/test_accessibility_browser.py",  # a minute or more each
    "tests/core/test_make_run.py",
    "tests/fuzz/",
    "tests/core/test_journeys_browser.py",
)
LONG = ("tests/core/test_workers_load.py", "tests/core/test_page_documents.py")


def _running_time_rank(item: pytest.Item) -> int:
    """0 for the longest tests, 1 for the other long ones (browser tests, servers started as
    processes, the tour of every page operation), 2 for the rest."""
    if _path(item).startswith(LONGEST):
        return 0
    if _path(item).startswith(LONG) or _uses_browser(item):
        return 1
    return 2


def _path(item: pytest.Item) -> str:
    return item.nodeid.partition("::")[0]


def _uses_browser(item: pytest.Item) -> bool:
    return "browser" in getattr(item, "fixturenames", ())
