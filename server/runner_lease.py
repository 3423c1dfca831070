"""One runner per database for each kind of background work, by a lease in the database.

Every process may be asked to run background work (an import started on any of them, later the
scheduler and the outbox); the lease makes one of them the runner. It looks before it writes,
so a process that does not hold the lease never waits for SQLite's write lock, and it expires,
so when the runner's process dies another takes over.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.models import RunnerLease

_PROCESS_TOKEN = secrets.token_hex(4)


def this_process() -> str:
    """The holder name of the running process: host, process id and a random part."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{_PROCESS_TOKEN}"


def acquire(
    session: Session, name: str, holder: str, ttl: timedelta, now: datetime | None = None
) -> bool:
    """Take or renew the lease `name` for `ttl`; False while another holder's is in force.
    The caller commits."""
    now = now or datetime.now(UTC)
    current = session.execute(
        select(RunnerLease.holder, RunnerLease.expires_at).where(RunnerLease.name == name)
    ).first()
    if current is not None and current.holder != holder and current.expires_at > now:
        return False
    if current is None:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        inserted = session.execute(
            dialect.insert(RunnerLease)
            .values(name=name, holder=holder, expires_at=now + ttl)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(RunnerLease.name)
        ).first()
        return inserted is not None
    taken = session.execute(
        update(RunnerLease)
        .where(
            RunnerLease.name == name,
            or_(RunnerLease.holder == holder, RunnerLease.expires_at <= now),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    return taken.rowcount == 1


def release(session: Session, name: str, holder: str) -> None:
    """Give the lease up at once (the caller commits), so any process may take the next turn."""
    session.execute(
        update(RunnerLease)
        .where(RunnerLease.name == name, RunnerLease.holder == holder)
        .values(expires_at=datetime.now(UTC))
    )
