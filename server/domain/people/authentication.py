"""Who is asking, in SQL: the person behind an API token or a browser session's key (each
found in one statement), and signing in and out through the throttle. Reading the key or the
token from the request is the web door's job (server/web/core/authentication.py)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from server.db import DriverStatement
from server.domain.core.validation import text_problem
from server.domain.core.viewer import (
    Viewer,
    session_viewer_query,
    token_gate_query,
    viewer_from_rows,
    viewer_query,
)
from server.domain.people import sessions as session_rules
from server.domain.people import throttle
from server.domain.people.passwords import PasswordPool
from server.domain.people.sessions import SessionLifetimes
from server.domain.people.tokens import secret_matches, split_token
from server.models import ApiToken, Person, WebSession
from server.models.enums import TokenScope

LAST_USED_RESOLUTION = timedelta(minutes=1)
USER_AGENT_LENGTH = 300


class TooManyAttempts(Exception):
    """The client must wait: answered 429 with Retry-After, before any credential is checked."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(throttle.too_many_message(retry_after))
        self.retry_after = retry_after
        self.message = str(self)


def hash_key(key: str) -> str:
    """A session key as its row stores it: the key itself never reaches the database."""
    return hashlib.sha256(key.encode()).hexdigest()


async def load_viewer(
    session: AsyncSession, person_id: int, token_scope: TokenScope | None = None
) -> Viewer | None:
    """The active person with their role grants, in one query; None when gone or deactivated."""
    rows = (await session.execute(viewer_query(person_id))).all()
    return viewer_from_rows(rows, token_scope)


async def _bookkeep(session: AsyncSession, statement: Executable | None = None) -> None:
    """A write that records use (last seen, last used, a failure); never fails the request."""
    try:
        if statement is not None:
            await session.execute(statement)
        await session.commit()
    except OperationalError:
        # SQLite's one writer may be busy (a long import); a later request records it.
        await session.rollback()


_DRIVER_STATEMENTS: dict[int, DriverStatement] = {}


async def _rows(session: AsyncSession, statement: Any, parameters: dict[str, Any]) -> list[Any]:
    """A sign-in look-up's rows. Every request runs one, so on PostgreSQL it runs prepared on
    the driver's connection (server/db.DriverStatement); the statement is built once."""
    bind = session.bind
    if bind is None or bind.dialect.name != "postgresql":
        return list((await session.execute(statement, parameters)).all())
    return await _driver_statement(statement, parameters).rows(session, **parameters)


def _driver_statement(statement: Any, parameters: dict[str, Any]) -> DriverStatement:
    driver = _DRIVER_STATEMENTS.get(id(statement))
    if driver is None:
        driver = _DRIVER_STATEMENTS[id(statement)] = DriverStatement(statement, parameters)
    return driver


async def viewer_from_token(
    session: AsyncSession, secret: str, address: str, rules: throttle.ThrottleRules
) -> Viewer | None:
    """The token's owner, if the token is well formed, known, unrevoked and unexpired. An
    address that sent too many invalid tokens lately is refused before any look-up."""
    now = datetime.now(UTC)
    statement, parameters = _token_gate(secret, address, now, rules)
    rows = await _rows(session, statement, parameters)
    gate = rows[0]
    if gate.throttled_since is not None:
        wait = throttle.seconds_until(gate.throttled_since + rules.window, now)
        raise TooManyAttempts(wait)
    if not _token_holds(gate, secret, now):
        await session.run_sync(lambda sync: throttle.record_token_failure(sync, rules, address))
        await _bookkeep(session)
        return None
    if _token_use_due(gate, now):
        await _bookkeep(
            session, update(ApiToken).where(ApiToken.id == gate.token_id).values(last_used_at=now)
        )
    return viewer_from_rows(rows, TokenScope(gate.scope), token_id=gate.token_id)


async def plain_token_viewer(
    driver: Any, engine: Any, secret: str, address: str, rules: throttle.ThrottleRules
) -> Viewer | None:
    """The token's owner as `viewer_from_token` finds them, read on a driver connection of its
    own (server/driver_pool.py), when nothing is to be written or refused: None for a token
    that is throttled, wrong, revoked or expired, or whose use is due to be recorded, which
    `viewer_from_token` then looks up again and answers. PostgreSQL only."""
    now = datetime.now(UTC)
    statement, parameters = _token_gate(secret, address, now, rules)
    rows = await _driver_statement(statement, parameters).rows_on(driver, engine, **parameters)
    gate = rows[0]
    plain = gate.throttled_since is None and _token_holds(gate, secret, now)
    if not plain or _token_use_due(gate, now):
        return None
    return viewer_from_rows(rows, TokenScope(gate.scope), token_id=gate.token_id)


def _token_gate(
    secret: str, address: str, now: datetime, rules: throttle.ThrottleRules
) -> tuple[Any, dict[str, Any]]:
    prefix = split_token(secret) or ""
    return token_gate_query(prefix, address, now - rules.window, rules.token_address_limit)


def _token_holds(gate: Any, secret: str, now: datetime) -> bool:
    """A known token whose secret matches, neither revoked nor expired."""
    return (
        gate.token_id is not None
        and secret_matches(secret, gate.secret_hash)
        and gate.revoked_at is None
        and (gate.expires_at is None or gate.expires_at > now)
    )


def _token_use_due(gate: Any, now: datetime) -> bool:
    """Its last use is written at most once a minute."""
    return gate.last_used_at is None or now - gate.last_used_at > LAST_USED_RESOLUTION


async def viewer_from_session(
    session: AsyncSession, key: str, lifetimes: SessionLifetimes
) -> Viewer | None:
    """The session's person, in one statement, if the session is neither ended nor idle too
    long nor too old. Its last-seen time is written at most once a minute."""
    statement, parameters = session_viewer_query(hash_key(key))
    rows = await _rows(session, statement, parameters)
    if not rows:
        return None  # ended, or its person is deactivated
    first = rows[0]
    now = datetime.now(UTC)
    if now - first.last_seen_at > lifetimes.idle or now - first.session_created_at > (
        lifetimes.absolute
    ):
        return None
    if now - first.last_seen_at > LAST_USED_RESOLUTION:
        await _bookkeep(
            session,
            update(WebSession).where(WebSession.id == first.session_id).values(last_seen_at=now),
        )
    return viewer_from_rows(rows, session_id=first.session_id)


# -- signing in and out ------------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: a new session's key, or a refusal, or neither (wrong)."""

    key: str | None = None
    refusal: throttle.Refusal | None = None


async def sign_in(
    session: AsyncSession,
    passwords: PasswordPool,
    rules: throttle.ThrottleRules,
    lifetimes: SessionLifetimes,
    *,
    email: str,
    password: str,
    address: str,
    user_agent: str,
) -> SignIn:
    """Count the attempt, check the password in the pool if the throttle allows it, and on
    success forget the failures and start a session."""
    if text_problem(email) is not None:  # no address has one (and PostgreSQL refuses NUL)
        email = ""
    now = datetime.now(UTC)
    attempt = await session.run_sync(
        lambda sync: throttle.start_attempt(sync, rules, email, address, now)
    )
    row = None
    if attempt.verify:
        row = (
            await session.execute(
                select(Person.id, Person.password_hash, Person.is_active).where(
                    Person.email == throttle.normal_email(email)
                )
            )
        ).one_or_none()
    if not attempt.counted:
        return SignIn(refusal=attempt.refusal)  # refused before anything was written
    await session.commit()  # the attempt counts now; no connection is held while hashing
    if not attempt.verify:
        return SignIn(refusal=attempt.refusal)
    ok = await passwords.verify(row.password_hash if row else None, password)
    if row is None or not ok or not row.is_active:
        return SignIn(refusal=attempt.refusal)
    key = secrets.token_urlsafe(32)
    await session.run_sync(lambda sync: throttle.forget_failures(sync, email))
    await session.execute(delete(WebSession).where(*session_rules.expired(now, lifetimes)))
    session.add(
        WebSession(
            key_hash=hash_key(key),
            person_id=row.id,
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:USER_AGENT_LENGTH],
            address=address,
        )
    )
    await session.commit()
    return SignIn(key=key)


async def sign_out(session: AsyncSession, key: str) -> None:
    """End the session with this key (nothing happens if it already ended)."""
    await session.execute(delete(WebSession).where(WebSession.key_hash == hash_key(key)))
    await session.commit()
