"""A tool's read document answered by its compiled statement on a connection of the driver pool,
with no database session (server/web/core/compiled_reads.py), answers exactly as the full
path does; everything else about the token (a wrong one, a revoked one, a use to write down)
still goes the full way."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import create_engine, event, text

from server.db import sync_url

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)

DOCUMENT = """query Portal($id: ID!) { node(id: $id) { ... on Initiative { id title status
  plan { name } metrics(first: 5) { nodes { name } } } } }"""
VARIABLES = {"id": "SW5pdGlhdGl2ZTox"}


def _execute(url: str, sql: str, **values):
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql), values)
            return result.all() if result.returns_rows else None
    finally:
        engine.dispose()


def _checkouts(app) -> list[int]:
    """How many times the engine's pool and the driver pool hand out a connection."""
    counts = [0, 0]

    def engine_checkout(*args) -> None:
        counts[0] += 1

    def driver_acquire(connection) -> None:
        counts[1] += 1

    event.listen(app.state.engine.sync_engine, "checkout", engine_checkout)
    app.state.driver_pool.on_acquire.append(driver_acquire)
    return counts


def test_a_known_read_is_answered_without_a_session_with_the_same_bytes(api, demo_url):
    first = api.post("margaret", DOCUMENT, VARIABLES)  # answered the full way, and learnt
    counts = _checkouts(api.client.app)
    again = [api.post("margaret", DOCUMENT, VARIABLES) for _ in range(3)]
    assert {response.content for response in again} == {first.content}
    assert first.json()["data"]["node"]["title"]
    assert {r.headers["content-type"] for r in [first, *again]} == {"application/json"}
    assert counts == [0, 3]  # no SQLAlchemy checkout: the driver pool, once per request


def test_a_token_whose_use_is_due_to_be_recorded_goes_the_full_way(api, demo_url):
    api.post("margaret", DOCUMENT, VARIABLES)
    api.post("margaret", DOCUMENT, VARIABLES)
    _execute(demo_url, "UPDATE api_tokens SET last_used_at = now() - interval '1 hour'")
    counts = _checkouts(api.client.app)
    answered = api.post("margaret", DOCUMENT, VARIABLES)
    assert answered.status_code == 200 and answered.json()["data"]["node"]
    assert counts[0] >= 1  # the session wrote the use down
    used = _execute(demo_url, "SELECT min(last_used_at) > now() - interval '1 minute' AS fresh "
                    "FROM api_tokens WHERE last_used_at IS NOT NULL")  # fmt: skip
    assert used[0].fresh


def test_wrong_and_revoked_tokens_are_refused_and_counted_as_before(api, demo_url):
    api.post("margaret", DOCUMENT, VARIABLES)
    token = api.token("margaret")
    headers = {"authorization": f"Bearer {token}x"}
    before = _execute(demo_url, "SELECT count(*) AS n FROM auth_failures")[0].n
    wrong = api.client.post(
        "/graphql", json={"query": DOCUMENT, "variables": VARIABLES}, headers=headers
    )
    assert wrong.status_code == 401
    assert wrong.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert _execute(demo_url, "SELECT count(*) AS n FROM auth_failures")[0].n == before + 1
    _execute(demo_url, "UPDATE api_tokens SET revoked_at = now()")
    revoked = api.client.post(
        "/graphql",
        json={"query": DOCUMENT, "variables": VARIABLES},
        headers={"authorization": f"Bearer {token}"},
    )
    assert revoked.status_code == 401


def test_with_every_connection_of_the_pool_in_use_a_read_goes_the_full_way(api, demo_url):
    first = api.post("margaret", DOCUMENT, VARIABLES)
    api.client.app.state.driver_pool.slots = asyncio.Semaphore(0)  # none free
    counts = _checkouts(api.client.app)
    again = api.post("margaret", DOCUMENT, VARIABLES)
    assert again.content == first.content
    assert counts[0] >= 1 and counts[1] == 0


def test_a_document_no_statement_answers_looks_the_token_up_once(api, demo_url):
    """A field computed in Python keeps a document from compiling: once that is known, such
    a document goes the full way at once, without a look-up of the token in front of it."""
    computed = "query($n: Int) { plans(first: $n) { nodes { id viewerMayPropose } } }"
    for _ in range(3):  # answered, learnt, tried and found not compilable
        api.post("margaret", computed, {"n": 3})
    counts = _checkouts(api.client.app)
    api.post("margaret", computed, {"n": 3})
    assert counts[1] == 0  # the driver pool was not asked
