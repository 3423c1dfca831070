"""The hand-written baseline: the three benchmark operations as plain SQL, psycopg and orjson.

No GraphQL and no SQLAlchemy. Each operation is one to three hand-written statements, and the
JSON is assembled in Python so that it is byte-identical to what /graphql answers for the
documents beside this file. It checks the same API token and applies the same visibility rules
as the app (server/domain/people/authentication.py, server/domain/core/visibility.py), so both
sides do the same work; only the way they do it differs. It is served over HTTP by uvicorn, like
the app:

    STEWARD_BENCH_BASELINE_DSN=postgresql://postgres@127.0.0.1/steward_bench \\
        python -m tests.bench.baseline --port 8001

`POST /report`, `POST /initiative` and `POST /counts` take the same JSON body as /graphql (the
query is ignored; `variables.id` names the initiative) and answer `{"data": ...}`. The header
`x-bench-statements` says how many SQL statements the request sent.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import psycopg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

DSN_ENV = "STEWARD_BENCH_BASELINE_DSN"
POOL_SIZE = 10  # as the app's engine (server/db.py)
CONFIDENTIAL_READERS = "('security_manager', 'steering_committee')"
TOKEN_TOUCH = timedelta(minutes=1)  # as the app: last_used_at is kept to the minute
CENT = Decimal("0.01")
STATEMENTS_HEADER = "x-bench-statements"

UNAUTHENTICATED = orjson.dumps(
    {"errors": [{"message": "Send an API token.", "extensions": {"code": "UNAUTHENTICATED"}}]}
)


# -- values as the API writes them -----------------------------------------------------------------


def global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def parse_global_id(value: Any) -> tuple[str, int] | None:
    if not isinstance(value, str):
        return None
    try:
        padded = value + "=" * (-len(value) % 4)
        type_name, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not type_name or not pk.isdigit():
        return None
    return type_name, int(pk)


def enum_name(value: str) -> str:
    """GraphQL enum values are the member names: 'in_progress' is IN_PROGRESS."""
    return value.upper()


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT))


def instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


# -- connections -----------------------------------------------------------------------------------


class Pool:
    """At most `size` autocommit connections, opened on demand and reused, newest first."""

    def __init__(self, dsn: str, size: int) -> None:
        self.dsn = dsn
        self.size = size
        self.opened = 0
        self.idle: asyncio.LifoQueue[psycopg.AsyncConnection] = asyncio.LifoQueue()

    async def _open(self) -> psycopg.AsyncConnection:
        return await psycopg.AsyncConnection.connect(
            self.dsn, autocommit=True, options="-c TimeZone=UTC"
        )

    async def acquire(self) -> psycopg.AsyncConnection:
        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            try:
                return await self._open()
            except BaseException:
                self.opened -= 1
                raise
        return await self.idle.get()

    async def release(self, connection: psycopg.AsyncConnection) -> None:
        if connection.broken or connection.closed:
            connection = await self._open()
        self.idle.put_nowait(connection)

    async def close(self) -> None:
        while not self.idle.empty():
            await self.idle.get_nowait().close()


class Db:
    """One request's connection; counts the statements it sends."""

    def __init__(self, connection: psycopg.AsyncConnection) -> None:
        self.connection = connection
        self.statements = 0

    async def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        self.statements += 1
        cursor = await self.connection.execute(sql, params)
        return await cursor.fetchall()


# -- who is asking ---------------------------------------------------------------------------------

AUTHENTICATE = f"""
SELECT t.id, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at,
       p.is_admin OR EXISTS (
           SELECT 1 FROM role_assignments AS ra JOIN roles AS r ON r.id = ra.role_id
           WHERE ra.person_id = p.id AND r.slug IN {CONFIDENTIAL_READERS}
       )
FROM api_tokens AS t JOIN people AS p ON p.id = t.person_id AND p.is_active
WHERE t.prefix = %s
"""
TOUCH_TOKEN = "UPDATE api_tokens SET last_used_at = %s WHERE id = %s"


async def sees_confidential(db: Db, authorization: str) -> bool | None:
    """Whether the token's owner may see confidential plans; None for no valid token."""
    scheme, _, secret = authorization.partition(" ")
    secret = secret.strip()
    parts = secret.split("_", 2)
    if scheme.lower() != "bearer" or len(parts) != 3 or parts[0] != "stw" or len(parts[1]) != 8:
        return None
    found = await db.rows(AUTHENTICATE, (parts[1],))
    if not found:
        return None
    token_id, secret_hash, expires_at, revoked_at, last_used_at, confidential = found[0]
    digest = hashlib.sha256(secret.encode()).hexdigest()
    now = datetime.now(UTC)
    if not hmac.compare_digest(digest, secret_hash) or revoked_at is not None:
        return None
    if expires_at is not None and expires_at <= now:
        return None
    if last_used_at is None or now - last_used_at > TOKEN_TOUCH:
        db.statements += 1
        await db.connection.execute(TOUCH_TOKEN, (now, token_id))
    return bool(confidential)


# -- visibility (server/domain/core/visibility.py) ------------------------------------------

CONFIDENTIAL_PLANS = "SELECT id FROM plans WHERE confidential"


def initiative_visible(alias: str) -> str:
    return f"AND {alias}.plan_id NOT IN ({CONFIDENTIAL_PLANS})"


def metric_visible(alias: str) -> str:
    return f"""
      AND ({alias}.plan_id IS NULL OR {alias}.plan_id NOT IN ({CONFIDENTIAL_PLANS}))
      AND NOT EXISTS (
          SELECT 1 FROM metric_initiatives AS hidden_link
          JOIN initiatives AS hidden ON hidden.id = hidden_link.initiative_id
          WHERE hidden_link.metric_id = {alias}.id
            AND hidden.plan_id IN ({CONFIDENTIAL_PLANS})
      )"""


def by_viewer(build: Callable[[bool], str]) -> dict[bool, str]:
    """The statement for a viewer who sees everything (True) and for one who does not."""
    return {True: build(False), False: build(True)}


# -- report: every plan, its first 100 initiatives, their metrics and latest values ----------------


def _report_sql(restricted: bool) -> str:
    return f"""
SELECT p.id, p.name,
       i.id, i.title, i.status, i.budget_requested, i.budget_approved, i.created_at,
       m.id, m.name, m.unit, m.baseline_value, m.target_value,
       latest.taken_at, latest.value
FROM (
    SELECT id, name FROM plans {"WHERE NOT confidential" if restricted else ""}
    ORDER BY id LIMIT 20
) AS p
LEFT JOIN LATERAL (
    SELECT id, title, status, budget_requested, budget_approved, created_at
    FROM initiatives WHERE plan_id = p.id ORDER BY id LIMIT 100
) AS i ON true
LEFT JOIN LATERAL (
    SELECT m.id, m.name, m.unit, m.baseline_value, m.target_value
    FROM metric_initiatives AS link JOIN metrics AS m ON m.id = link.metric_id
    WHERE link.initiative_id = i.id {metric_visible("m") if restricted else ""}
    ORDER BY m.id LIMIT 10
) AS m ON true
LEFT JOIN LATERAL (
    SELECT taken_at, value FROM measurements
    WHERE metric_id = m.id ORDER BY taken_at DESC, id DESC LIMIT 1
) AS latest ON true
ORDER BY p.id, i.id, m.id
"""


REPORT = by_viewer(_report_sql)


async def report(db: Db, confidential: bool, variables: dict) -> dict:
    plans: list[dict] = []
    plan_id = initiative_id = None
    initiatives: list[dict] = []
    metrics: list[dict] = []
    for row in await db.rows(REPORT[confidential]):
        if row[0] != plan_id:
            plan_id, initiative_id, initiatives = row[0], None, []
            plans.append(
                {
                    "id": global_id("Plan", plan_id),
                    "name": row[1],
                    "initiatives": {"nodes": initiatives},
                }
            )
        if row[2] is None:
            continue
        if row[2] != initiative_id:
            initiative_id, metrics = row[2], []
            initiatives.append(
                {
                    "id": global_id("Initiative", initiative_id),
                    "title": row[3],
                    "status": enum_name(row[4]),
                    "budgetRequested": money(row[5]),
                    "budgetApproved": money(row[6]),
                    "createdAt": instant(row[7]),
                    "metrics": {"nodes": metrics},
                }
            )
        if row[8] is None:
            continue
        metrics.append(
            {
                "id": global_id("Metric", row[8]),
                "name": row[9],
                "unit": row[10],
                "baselineValue": row[11],
                "targetValue": row[12],
                "latestMeasurement": (
                    None if row[13] is None else {"takenAt": instant(row[13]), "value": row[14]}
                ),
            }
        )
    return {"data": {"plans": {"nodes": plans}}}


# -- initiative: one initiative with its plan, parent, children, metrics and their last values -----


def _initiative_sql(restricted: bool) -> str:
    return f"""
SELECT i.id, i.title, i.status, p.id, p.name, role.name, parent.id, parent.title
FROM initiatives AS i
JOIN plans AS p ON p.id = i.plan_id
JOIN roles AS role ON role.id = p.owner_role_id
LEFT JOIN initiatives AS parent
    ON parent.id = i.parent_id {initiative_visible("parent") if restricted else ""}
WHERE i.id = %s {initiative_visible("i") if restricted else ""}
"""


def _children_sql(restricted: bool) -> str:
    return f"""
SELECT c.id, c.title, c.status FROM initiatives AS c
WHERE c.parent_id = %s {initiative_visible("c") if restricted else ""}
ORDER BY c.id LIMIT 100
"""


def _metric_values_sql(restricted: bool) -> str:
    return f"""
SELECT m.id, m.name, m.unit, v.taken_at, v.value
FROM (
    SELECT m.id, m.name, m.unit
    FROM metric_initiatives AS link JOIN metrics AS m ON m.id = link.metric_id
    WHERE link.initiative_id = %s {metric_visible("m") if restricted else ""}
    ORDER BY m.id LIMIT 50
) AS m
LEFT JOIN LATERAL (
    SELECT id, taken_at, value FROM measurements
    WHERE metric_id = m.id ORDER BY taken_at DESC, id DESC LIMIT 12
) AS v ON true
ORDER BY m.id, v.taken_at, v.id
"""


INITIATIVE = by_viewer(_initiative_sql)
CHILDREN = by_viewer(_children_sql)
METRIC_VALUES = by_viewer(_metric_values_sql)


async def initiative(db: Db, confidential: bool, variables: dict) -> dict:
    """Answers for initiative ids only (another type's id gives null here, {} from the API)."""
    decoded = parse_global_id(variables.get("id"))
    if decoded is None or decoded[0] != "Initiative":
        return {"data": {"node": None}}
    pk = decoded[1]
    found = await db.rows(INITIATIVE[confidential], (pk,))
    if not found:
        return {"data": {"node": None}}
    iid, title, status, plan_id, plan_name, role_name, parent_id, parent_title = found[0]
    children = [
        {"id": global_id("Initiative", cid), "title": ctitle, "status": enum_name(cstatus)}
        for cid, ctitle, cstatus in await db.rows(CHILDREN[confidential], (pk,))
    ]
    metrics: list[dict] = []
    metric_id = None
    values: list[dict] = []
    for mid, name, unit, taken_at, value in await db.rows(METRIC_VALUES[confidential], (pk,)):
        if mid != metric_id:
            metric_id, values = mid, []
            metrics.append(
                {
                    "id": global_id("Metric", mid),
                    "name": name,
                    "unit": unit,
                    "measurements": {"nodes": values},
                }
            )
        if taken_at is not None:
            values.append({"takenAt": instant(taken_at), "value": value})
    node = {
        "id": global_id("Initiative", iid),
        "title": title,
        "status": enum_name(status),
        "plan": {
            "id": global_id("Plan", plan_id),
            "name": plan_name,
            "ownerRole": {"name": role_name},
        },
        "parent": (
            None
            if parent_id is None
            else {"id": global_id("Initiative", parent_id), "title": parent_title}
        ),
        "children": {"nodes": children},
        "metrics": {"nodes": metrics},
    }
    return {"data": {"node": node}}


# -- counts: initiatives by plan and status --------------------------------------------------------


def _counts_sql(restricted: bool) -> str:
    return f"""
SELECT p.id, p.name, i.status, count(*)
FROM initiatives AS i JOIN plans AS p ON p.id = i.plan_id
{"WHERE NOT p.confidential" if restricted else ""}
GROUP BY p.id, i.status
ORDER BY p.id, i.status
"""


COUNTS = by_viewer(_counts_sql)


async def counts(db: Db, confidential: bool, variables: dict) -> dict:
    groups = [
        {
            "plan": {"id": global_id("Plan", plan_id), "name": name},
            "status": enum_name(status),
            "count": count,
        }
        for plan_id, name, status, count in await db.rows(COUNTS[confidential])
    ]
    return {"data": {"initiativeStats": groups}}


OPERATIONS: dict[str, Callable[[Db, bool, dict], Awaitable[dict]]] = {
    "report": report,
    "initiative": initiative,
    "counts": counts,
}


# -- HTTP ------------------------------------------------------------------------------------------


async def operation(request: Request) -> Response:
    handler = OPERATIONS.get(request.path_params["operation"])
    if handler is None:
        return Response(status_code=404)
    body = await request.body()
    payload = orjson.loads(body) if body else {}
    variables = payload.get("variables") or {} if isinstance(payload, dict) else {}
    pool: Pool = request.app.state.pool
    connection = await pool.acquire()
    try:
        db = Db(connection)
        confidential = await sees_confidential(db, request.headers.get("authorization", ""))
        if confidential is None:
            return Response(UNAUTHENTICATED, status_code=401, media_type="application/json")
        data = await handler(db, confidential, variables)
    finally:
        await pool.release(connection)
    return Response(
        orjson.dumps(data),
        media_type="application/json",
        headers={STATEMENTS_HEADER: str(db.statements)},
    )


async def healthz(request: Request) -> Response:
    return Response(b"ok", media_type="text/plain")


def create_app(dsn: str) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.pool = Pool(dsn, POOL_SIZE)
        try:
            yield
        finally:
            await app.state.pool.close()

    routes = [
        Route("/healthz", healthz),
        Route("/{operation}", operation, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve the hand-written SQL baseline.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    dsn = os.environ.get(DSN_ENV)
    if not dsn:
        raise SystemExit(f"set {DSN_ENV} to a libpq connection string")
    uvicorn.run(create_app(dsn), host=args.host, port=args.port, log_level="info", access_log=False)


if __name__ == "__main__":
    main()
