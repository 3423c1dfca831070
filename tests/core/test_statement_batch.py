"""On PostgreSQL the reads one request makes at the same moment go out together
(server/statement_batch.py): a page takes a few round trips instead of one per statement, and
answers exactly as it does with every read sent on its own."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import psycopg
import pytest
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from server.app import create_app
from server.statement_batch import BatchingCursor, StatementBatch, gather, once
from tests.bench.inprocess import RoundTrips
from tests.bench.pages import without_tokens
from tests.support.clients import run_async, settings_for
from tests.support.pages import sign_in

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)

PAGES = [
    "/",
    "/plans",
    "/initiatives/SW5pdGlhdGl2ZTox",  # Initiative:1, the portal, with children and metrics
    "/initiatives/SW5pdGlhdGl2ZTo1",  # Initiative:5
    "/plans/UGxhbjox",  # Plan:1
    "/services/U2VydmljZTox",  # Service:1
    "/processes/UHJvY2Vzczox",  # Process:1
    "/metrics",
    "/objectives",
    "/roadmap",
    "/portfolio",
    "/balance",
    "/meeting-pack",
    "/suggestions",
    "/reviews",
    "/stakeholders",
    "/gaps",
]


def _client(url: str, tmp_path, batch_reads: bool) -> TestClient:
    settings = settings_for(url, tmp_path / str(batch_reads), batch_reads=batch_reads)
    return TestClient(create_app(settings), follow_redirects=False)


@contextmanager
def _round_trips(client: TestClient) -> Iterator[RoundTrips]:
    """Counts the round trips of the client's app from libpq's trace, while the block runs."""
    counter = RoundTrips()
    try:
        with counter.tracing(client.app):
            yield counter
    finally:
        counter.file.close()


def test_pages_answer_alike_with_their_reads_sent_together_in_fewer_round_trips(demo_url, tmp_path):
    trips: dict[bool, dict[str, int]] = {True: {}, False: {}}
    shown: dict[bool, dict[str, bytes]] = {True: {}, False: {}}
    for batch_reads in (True, False):
        with _client(demo_url, tmp_path, batch_reads) as client:
            assert sign_in(client, "margaret").status_code == 303  # steering committee
            with _round_trips(client) as counter:
                for path in PAGES:
                    client.get(path)  # the first request of a document teaches and compiles
                    counter.take()
                    page = client.get(path)
                    assert page.status_code == 200, (path, page.status_code)
                    trips[batch_reads][path] = counter.take()
                    shown[batch_reads][path] = without_tokens(page.content)
    for path in PAGES:
        assert shown[True][path] == shown[False][path], f"{path} answers differently"
        assert trips[True][path] <= trips[False][path], path
    # The initiative page: a statement per relation and per computed field, one round trip
    # each; together, the session, then one round trip per level of its document (the
    # initiatives the committee may link as children to the strategic one, Initiative:1,
    # included).
    assert trips[False]["/initiatives/SW5pdGlhdGl2ZTo1"] > 30
    assert trips[True]["/initiatives/SW5pdGlhdGl2ZTo1"] == 3
    assert trips[True]["/initiatives/SW5pdGlhdGl2ZTox"] == 3
    assert trips[True]["/plans/UGxhbjox"] == 3
    assert sum(trips[True].values()) < sum(trips[False].values()) / 2


@pytest.mark.parametrize("person", ["nora", "margaret"])  # margaret may link children
def test_the_initiative_and_plan_pages_take_the_session_and_two_round_trips(
    demo_url, tmp_path, person
):
    with _client(demo_url, tmp_path, True) as client:
        assert sign_in(client, person).status_code == 303
        with _round_trips(client) as counter:
            for path in ("/initiatives/SW5pdGlhdGl2ZTo1", "/initiatives/SW5pdGlhdGl2ZTox",
                         "/plans/UGxhbjox"):  # fmt: skip
                client.get(path)
                counter.take()
                assert client.get(path).status_code == 200
                # The session; the object with every relation its id is enough for; the
                # relations its row names and the next level down.
                assert counter.take() == 3, path


# -- the batch itself, on a connection of its own -----------------------------------------------


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def _batched(url: str) -> AsyncIterator[tuple[psycopg.AsyncConnection, StatementBatch]]:
    """An autocommit connection of the engine's kind, and a batch installed on it."""
    connection = await psycopg.AsyncConnection.connect(
        _dsn(url), autocommit=True, cursor_factory=BatchingCursor
    )
    try:
        batch = StatementBatch(connection)
        batch.install()
        yield connection, batch
    finally:
        await connection.close()


async def _read(connection: psycopg.AsyncConnection, sql: str, *params) -> list:
    async with connection.cursor() as cursor:
        await cursor.execute(sql, params or None)
        return await cursor.fetchall()


def test_concurrent_reads_go_out_in_one_pipeline_and_each_gets_its_own_rows(database_url):
    async def run():
        async with _batched(database_url) as (connection, batch):
            answers = await gather(
                _read(connection, "SELECT %s::int + 1", 1),
                _read(connection, "SELECT %s::text || 'b'", "a"),
                _read(connection, "SELECT generate_series(1, %s::int)", 3),
            )
            return answers, batch.batches

    answers, batches = run_async(run)
    assert answers == [[(2,)], [("ab",)], [(1,), (2,), (3,)]]
    assert batches == 1


def test_a_read_that_fails_fails_for_its_caller_alone(database_url):
    async def run():
        async with _batched(database_url) as (connection, _):
            outcomes = await asyncio.gather(
                gather(_read(connection, "SELECT 1"), _read(connection, "SELECT 1 / 0")),
                return_exceptions=True,
            )
            later = await gather(_read(connection, "SELECT 2"), _read(connection, "SELECT 3"))
            return outcomes, later

    outcomes, later = run_async(run)
    assert isinstance(outcomes[0], psycopg.errors.DivisionByZero)
    assert later == [[(2,)], [(3,)]]  # the connection is fine afterwards


def test_a_write_runs_on_its_own_beside_the_batched_reads(database_url):
    async def run():
        async with _batched(database_url) as (connection, _):
            await _read(connection, "SELECT 1")
            async with connection.cursor() as cursor:
                await cursor.execute("CREATE TEMPORARY TABLE noted (value int)")

            async def write():
                async with connection.cursor() as cursor:
                    await cursor.execute("INSERT INTO noted VALUES (7)")

            await gather(_read(connection, "SELECT 1"), write(), _read(connection, "SELECT 2"))
            return await _read(connection, "SELECT value FROM noted")

    assert run_async(run) == [(7,)]


def test_a_stopped_batch_sends_every_statement_on_its_own(database_url):
    async def run():
        async with _batched(database_url) as (connection, batch):
            batch.stop()
            answers = await gather(_read(connection, "SELECT 1"), _read(connection, "SELECT 2"))
            return answers, batch.batches

    assert run_async(run) == ([[(1,)], [(2,)]], 0)


def test_a_value_asked_for_by_concurrent_parts_is_read_once(database_url):
    async def run():
        async with _batched(database_url) as (connection, _):
            memo: dict = {}
            made = []

            async def make():
                made.append(1)
                return await _read(connection, "SELECT 42")

            shared = await gather(*(once(memo, "answer", make) for _ in range(3)))

            async def fail():
                made.append(1)
                return await _read(connection, "SELECT 1 / 0")

            failures = await asyncio.gather(
                gather(once(memo, "broken", fail), once(memo, "broken", fail)),
                return_exceptions=True,
            )
            again = await asyncio.gather(once(memo, "broken", fail), return_exceptions=True)
            return shared, len(made), failures, again

    shared, made, failures, again = run_async(run)
    assert shared == [[(42,)]] * 3
    assert isinstance(failures[0], psycopg.errors.DivisionByZero)
    assert isinstance(again[0], psycopg.errors.DivisionByZero)  # a failure is not remembered
    assert made == 3  # once for the answer, once for the failure, once more after it


def test_a_part_runs_on_in_the_next_batch_once_the_parts_it_waits_on_end(database_url):
    """A part that gathered others, or waited for a value another part made, reads on in the
    same batch as the parts that never stopped: no batch leaves before it has asked."""

    async def run():
        async with _batched(database_url) as (connection, batch):
            memo: dict = {}

            async def gathering():
                await gather(_read(connection, "SELECT 1"), _read(connection, "SELECT 2"))
                return await _read(connection, "SELECT 3")

            async def sharing():
                await once(memo, "shared", lambda: _read(connection, "SELECT 4"))
                return await _read(connection, "SELECT 5")

            async def steady():
                await _read(connection, "SELECT 6")
                return await _read(connection, "SELECT 7")

            answers = await gather(gathering(), sharing(), sharing(), steady())
            return answers, batch.batches

    answers, batches = run_async(run)
    assert answers == [[(3,)], [(5,)], [(5,)], [(7,)]]
    assert batches == 2  # 1, 2, 4 and 6 together; then 3, both 5s and 7


def test_reads_of_tasks_started_elsewhere_are_all_answered(database_url):
    """graphql-core's stock executor starts tasks of its own: the batch does not count them,
    so it may send their reads in more batches, but it answers every one."""

    async def run():
        async with _batched(database_url) as (connection, batch):
            answers = await asyncio.wait_for(
                asyncio.gather(*(_read(connection, "SELECT %s::int", n) for n in range(6))),
                timeout=30,
            )
            return answers, batch.batches

    answers, batches = run_async(run)
    assert answers == [[(n,)] for n in range(6)]
    assert 1 <= batches < 6
