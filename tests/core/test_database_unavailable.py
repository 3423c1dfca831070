"""When the database cannot answer (a restart, a cut connection), requests get 503 with
Retry-After, as /healthz does, never a 500; and the app recovers by itself."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from server.db import make_sync_engine
from tests.support.clients import ApiClient

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/steward"
QUERY = {"query": "{ viewer { name } }"}


def test_the_api_answers_503_with_retry_after_when_the_database_is_unreachable(app_factory):
    client = app_factory(UNREACHABLE)
    response = client.post(
        "/graphql", json=QUERY, headers={"authorization": "Bearer stw_abcdefgh_secret"}
    )
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) > 0
    assert "not answering" in response.json()["errors"][0]["message"]
    assert client.get("/healthz").status_code == 503


def test_a_page_answers_a_503_page_when_the_database_is_unreachable(app_factory):
    client = app_factory(UNREACHABLE)
    response = client.get(
        "/", headers={"authorization": "Bearer stw_abcdefgh_secret", "accept": "text/html"}
    )
    assert response.status_code == 503
    assert "retry-after" in response.headers
    assert "Temporarily unavailable" in response.text
    assert "Traceback" not in response.text


def test_after_a_database_restart_the_api_answers_503_once_then_recovers(
    backend, demo_url, demo_client
):
    if backend != "postgresql":
        pytest.skip("a restart cuts PostgreSQL's connections; SQLite has none to cut")
    api = ApiClient(demo_client, demo_url)
    headers = {"authorization": f"Bearer {api.token('ada')}"}
    assert demo_client.post("/graphql", json=QUERY, headers=headers).status_code == 200
    database = make_url(demo_url).database
    admin = make_sync_engine(demo_url, pooled=False)
    with admin.connect() as connection:  # what a restart does to every open connection
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :database AND pid <> pg_backend_pid()"
            ),
            {"database": database},
        )
    admin.dispose()
    during = demo_client.post("/graphql", json=QUERY, headers=headers)
    assert during.status_code == 503, during.text
    assert "retry-after" in during.headers
    after = demo_client.post("/graphql", json=QUERY, headers=headers)
    assert after.status_code == 200
    assert after.json()["data"]["viewer"]["name"]
