"""Talking to the app in a test: its settings, GraphQL as a demo person (`ApiClient`), and
counting the SQL statements a request sends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from starlette.testclient import TestClient

from server.settings import Settings
from tests.support.demo import demo_email


def proves_executors(url: str) -> bool:
    """Whether the suite compares the fast executor with the stock one on this database: on
    SQLite. The executors differ in how they run a document, not in what the database answers
    (both run the same resolvers on the same rows), so one backend proves them equal; on
    PostgreSQL each read is checked against its compiled statement instead."""
    return url.startswith("sqlite")


def settings_for(url: str, tmp_path, fast: bool = True, **overrides) -> Settings:
    """On SQLite the page documents the suite opens also run on the stock executor (the first
    answers of each operation in a process; schema/core/executor_check.py): the fast one is
    proved equal on the pages too. On
    PostgreSQL every read document the API answers is answered again by its compiled
    statement, which must agree (schema/core/compiled_documents.py)."""
    values = {
        "database_url": url,
        "secret_key": "test-secret-key",
        "var_dir": tmp_path,
        "fast_executor": fast,
        "check_executors": proves_executors(url),
        "check_compiled": True,
        # Off: a reminder raised between two reads would make them disagree; tests run them.
        "reminders": False,
        "mail_sender": False,  # tests send the outbox themselves (mail_sender.send_due)
        "webhooks": False,  # and the webhook deliveries (webhook_sender.deliver_due)
        # A request is logged as slow only where a test asks for it: on a busy machine the
        # first answers of an app (proved on two executors) can pass the one-second default.
        "slow_request_ms": 60_000,
    }
    return Settings(**{**values, **overrides})


# Written by signing in, not by the mutation: when a token was last used.
# What a request writes for its own bookkeeping, even when refused: a token's last use, the
# failed attempts the sign-in throttle counts, who runs the background work (whole tables, or
# `table.column`).
BOOKKEEPING = {"api_tokens.last_used_at", "auth_failures", "runner_leases"}


def _fingerprint_statement(dialect: str) -> str:
    """One statement: for each table (bookkeeping left out) its name, row count and rows."""
    from server.models import Base

    parts = []
    for name, table in Base.metadata.tables.items():
        if name in BOOKKEEPING:
            continue
        columns = [f'"{c.name}"' for c in table.columns if f"{name}.{c.name}" not in BOOKKEEPING]
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        if dialect == "postgresql":
            row = f"ROW({', '.join(columns)})::text"
            digest = f"md5(string_agg({row}, E'\\n' ORDER BY {order}))"
            parts.append(f"SELECT '{name}', count(*), {digest} FROM \"{name}\"")
        else:
            row = " || ',' || ".join(f"quote({c})" for c in columns)
            parts.append(
                f"SELECT '{name}', count(*), group_concat(r, char(10)) "
                f'FROM (SELECT {row} AS r FROM "{name}" ORDER BY {order})'
            )
    return " UNION ALL ".join(parts)


# How many times a process proves each query text on the stock executor: the same query sent
# again (with other variables, on another database) seldom finds what its first answers did not,
# and each proof doubles the query's work (schema/core/executor_check.py does the same for pages).
PROOFS_PER_QUERY = 3
_proved: Counter[str] = Counter()


def _sampled(query: str) -> bool:
    """Whether this answer of the query is one the process proves."""
    _proved[query] += 1
    return _proved[query] <= PROOFS_PER_QUERY


class ApiClient:
    """Posts GraphQL to the real app as a demo person, with an API token of theirs.

    On SQLite a query also runs through an app on graphql-core's stock executor, and the two
    responses must be byte-identical (request ids aside): the faster executor is proved equal
    on every query text the suite sends, on its first PROOFS_PER_QUERY answers in a process.
    """

    def __init__(
        self,
        client: TestClient,
        url: str,
        stock: TestClient | Callable[[], TestClient] | None = None,
    ) -> None:
        """`stock`: the stock executor's client, or what makes it when a query is first proved
        (most tests send only queries the process has proved already: no second app)."""
        self.client = client
        self.url = url
        self._stock = stock
        self.tokens: dict[tuple[str, str], str] = {}
        self.engine = None
        self._fingerprint_sql: str | None = None

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
        if self._stock is not None and not is_mutation and _sampled(query):
            if callable(self._stock) and not isinstance(self._stock, TestClient):
                self._stock = self._stock()
            stock = self._stock.post("/graphql", json=payload, headers=headers)
            assert stock.status_code == response.status_code
            assert _without_request_ids(stock.content) == _without_request_ids(response.content), (
                "the fast executor answered differently from the stock one"
            )
        return response

    def _post_mutation(self, payload: dict, headers: dict):
        """Every mutation that succeeds writes audit entries; one that fails writes nothing:
        every table holds exactly the rows it held before, value for value."""
        before = self.table_fingerprints()
        response = self.client.post("/graphql", json=payload, headers=headers)
        after = self.table_fingerprints()
        results = (response.json().get("data") or {}).values()
        succeeded = [r for r in results if isinstance(r, dict) and not r.get("errors")]
        if succeeded:
            assert after["audit_log"][0] >= before["audit_log"][0] + len(succeeded), (
                "a mutation committed without an audit entry"
            )
        else:
            changed = sorted(name for name in before if before[name] != after[name])
            assert changed == [], f"a refused mutation changed data in {', '.join(changed)}"
        return response

    def table_fingerprints(self) -> dict[str, tuple[int, str]]:
        """Every table's row count and contents (in primary key order) as one text, read by the
        database in one statement: equal when the tables hold the same rows, value for value.
        (Fetching every row into Python, twice per mutation, was most of the suite's time.)"""
        if self.engine is None:
            from server.db import make_sync_engine

            self.engine = make_sync_engine(self.url)
        if self._fingerprint_sql is None:
            self._fingerprint_sql = _fingerprint_statement(self.engine.dialect.name)
        with self.engine.connect() as connection:
            rows = connection.exec_driver_sql(self._fingerprint_sql).all()
        return {name: (int(count), digest or "") for name, count, digest in rows}

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


class StatementCounter:
    """Counts the SQL statements the app sends while active: through SQLAlchemy, and those
    run on the driver's connection (a compiled document's, the sign-in look-up's)."""

    def __init__(self, client: TestClient) -> None:
        from sqlalchemy import event

        self.engine = client.app.state.engine.sync_engine
        self.compiled = client.app.state.compiled_documents.counters
        self.final: int | None = None
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self._sqlalchemy += 1

    def _elsewhere(self) -> int:
        from server.db import DRIVER_STATEMENTS_RUN

        compiled = self.compiled.answered + self.compiled.failed
        return compiled + DRIVER_STATEMENTS_RUN.get(self.engine, 0)

    @property
    def count(self) -> int:
        if self.final is not None:
            return self.final
        return self._sqlalchemy + self._elsewhere() - self._started

    @count.setter
    def count(self, value: int) -> None:
        """Set to 0: count afresh from here."""
        assert value == 0, "a count starts again from zero"
        self._sqlalchemy = 0
        self._started = self._elsewhere()

    def close(self) -> None:
        from sqlalchemy import event

        self.final = self.count
        event.remove(self.engine, "before_cursor_execute", self._count)


def run_async(coroutine_function, *args):
    """Run a coroutine to completion on a fresh event loop in its own thread, so it works
    even when this thread already runs a loop (Playwright's sync API keeps one)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def statements(api: ApiClient, query: str, variables: dict | None = None) -> int:
    """The statements a query sends as Margaret, its token issued and caches warm."""
    api.token("margaret")  # issued before counting
    api.query("margaret", query, variables)  # warm the caches
    counter = StatementCounter(api.client)
    try:
        api.query("margaret", query, variables)
    finally:
        counter.close()
    return counter.count
