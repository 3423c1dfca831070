"""GET /healthz: answers 200 when the database answers, 503 otherwise. With a read replica,
its entry says whether it answers too; a replica that does not still answers 200 (reads go to
the primary meanwhile, server/replica.py)."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse

log = logging.getLogger("steward.health")


async def healthz(request: Request) -> JSONResponse:
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as error:
        log.warning("health check: database unavailable: %s", error)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    body = {"status": "ok", "database": "ok"}
    replica = getattr(request.app.state, "replica", None)
    if replica is not None:
        body["replica"] = "ok" if await replica.reachable() else "unreachable"
    return JSONResponse(body)
