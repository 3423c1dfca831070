"""GET /readyz: whether this server should be given traffic, for a load balancer. /healthz says
the process and the database answer; /readyz adds that the database's schema is the one this
code was written for (its Alembic revision is the code's head), so a server is not sent
requests before `steward migrate` has run, nor after a newer version migrated the database
under it.

Each check is one function in `CHECKS`, taking the app and giving its findings; all must pass
for 200, else 503. With a read replica, its state and lag are reported beside them
(`read_replica`) but never fail the check: reads go to the primary while it is away.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse

from server.settings import PROJECT_ROOT

log = logging.getLogger("steward.health")


@dataclass(frozen=True)
class Finding:
    name: str  # the key in the answer: "database", "migrations"
    state: str | int | float | None  # what the answer says, e.g. "ok", "current", "behind"
    ok: bool


@dataclass(frozen=True)
class Revisions:
    """The migrations this code holds: the heads, and every revision it knows."""

    heads: frozenset[str]
    known: frozenset[str]


@cache
def code_revisions() -> Revisions:
    """Read once per process: the files do not change under a running server."""
    scripts = ScriptDirectory(str(PROJECT_ROOT / "alembic"))
    return Revisions(
        heads=frozenset(scripts.get_heads()),
        known=frozenset(script.revision for script in scripts.walk_revisions()),
    )


def migrations_state(database: frozenset[str], code: Revisions) -> str:
    """ "current", or why not: "missing" (never migrated), "behind" (run `steward migrate`),
    "ahead" (a newer version of Steward migrated it)."""
    if database == code.heads:
        return "current"
    if not database:
        return "missing"
    if database <= code.known:
        return "behind"
    return "ahead"


async def primary_database(app: Starlette) -> list[Finding]:
    """The database answers, and its revision is the code's head."""
    try:
        async with app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            try:
                result = await connection.execute(text("SELECT version_num FROM alembic_version"))
                database = frozenset(str(revision) for revision in result.scalars())
            except SQLAlchemyError:  # no such table: never migrated
                database = frozenset()
    except (SQLAlchemyError, OSError) as error:
        log.warning("readiness: database unavailable: %s", error)
        return [Finding("database", "unreachable", False)]
    state = migrations_state(database, code_revisions())
    if state != "current":
        log.warning(
            "readiness: migrations %s: the database is at %s, this code at %s",
            state,
            ", ".join(sorted(database)) or "no revision",
            ", ".join(sorted(code_revisions().heads)),
        )
    return [Finding("database", "ok", True), Finding("migrations", state, state == "current")]


async def read_replica(app: Starlette) -> list[Finding]:
    """The replica's state ("ok", "paused", "unreachable") and how far it is behind the
    primary, in bytes of WAL and in seconds; nothing without a replica."""
    replica = getattr(app.state, "replica", None)
    if replica is None:
        return []
    try:
        status = await replica.status(app.state.engine)
    except (SQLAlchemyError, OSError):  # the primary is away: primary_database says so
        return []
    if status.state == "unreachable":
        log.warning("readiness: the read replica does not answer; reads go to the primary")
        return [Finding("replica", status.state, True)]
    return [
        Finding("replica", status.state, True),
        Finding("replica_lag_bytes", status.lag_bytes, True),
        Finding("replica_lag_seconds", status.lag_seconds, True),
    ]


CHECKS: tuple[Callable[[Starlette], Awaitable[list[Finding]]], ...] = (
    primary_database,
    read_replica,
)


async def readyz(request: Request) -> JSONResponse:
    findings = [finding for check in CHECKS for finding in await check(request.app)]
    ready = all(finding.ok for finding in findings)
    body: dict[str, str | int | float | None] = {"status": "ok" if ready else "unavailable"}
    body.update({finding.name: finding.state for finding in findings})
    return JSONResponse(body, status_code=200 if ready else 503)
