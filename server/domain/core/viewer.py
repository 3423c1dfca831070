"""Who is asking: the signed-in person with their roles, as every rule sees them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Integer, bindparam, exists, func, select

from server.domain.core.roles import CONFIDENTIAL_READERS
from server.domain.core.sql import AnyRow, AnySelect
from server.models import (
    ApiToken,
    AuthFailure,
    Notification,
    Person,
    PersonPreference,
    Role,
    RoleAssignment,
    WebSession,
)
from server.models.enums import FailureKind, TokenScope


@dataclass(frozen=True)
class RoleGrant:
    """One role a person holds, everywhere (both ids None) or for one service or process."""

    role: str
    service_id: int | None = None
    process_id: int | None = None

    @property
    def scoped(self) -> bool:
        return self.service_id is not None or self.process_id is not None


@dataclass(frozen=True)
class Viewer:
    """A signed-in person as the rules need them; made once per request."""

    person_id: int
    name: str
    email: str
    is_admin: bool
    grants: frozenset[RoleGrant]
    token_scope: TokenScope | None = None  # None: a web session, which may read and write
    session_id: int | None = None  # the signed-in browser session, when not a token
    token_id: int | None = None  # the API token, when it is one (its id, never its secret)
    # Unread notifications, counted in the same statement that signs a browser in: the count
    # the header shows on every page (0 for a token, which has no header).
    unread_notifications: int = 0
    # The page theme ("system", "light" or "dark") and whether the person holds a live API token
    # (the explorer's link is shown to them), read in the same statement as the session.
    theme: str = "system"
    holds_api_token: bool = False
    locale: str | None = None  # how money, numbers and dates are written; None: as asked

    def holds(self, role: str) -> bool:
        """Holds the role in any scope."""
        return any(grant.role == role for grant in self.grants)

    def holds_for(
        self, role: str, *, service_id: int | None = None, process_id: int | None = None
    ) -> bool:
        """Holds the role unscoped, or scoped to exactly this service or process."""
        for grant in self.grants:
            if grant.role != role:
                continue
            if not grant.scoped:
                return True
            if service_id is not None and grant.service_id == service_id:
                return True
            if process_id is not None and grant.process_id == process_id:
                return True
        return False

    @property
    def sees_confidential(self) -> bool:
        return self.is_admin or any(self.holds(role) for role in CONFIDENTIAL_READERS)

    @property
    def may_write(self) -> bool:
        return self.token_scope in (None, TokenScope.READ_WRITE)


_VIEWER_COLUMNS = (
    Person.id,
    Person.name,
    Person.email,
    Person.is_admin,
    Role.slug,
    RoleAssignment.service_id,
    RoleAssignment.process_id,
)


def _with_grants(statement: AnySelect) -> AnySelect:
    return statement.outerjoin(RoleAssignment, RoleAssignment.person_id == Person.id).outerjoin(
        Role, Role.id == RoleAssignment.role_id
    )


def viewer_query(person_id: int | None) -> AnySelect:
    """The active person with their role grants, one row per grant: the one statement both a
    request's authentication and work done on someone's behalf load a viewer with."""
    return _with_grants(select(*_VIEWER_COLUMNS)).where(
        Person.id == person_id, Person.is_active.is_(True)
    )


def token_viewer_query(prefix: Any) -> AnySelect:
    """The API token with this prefix beside its active owner and their grants, one row per
    grant: a bearer request is authenticated in one statement (the secret is checked after)."""
    token_columns = (
        ApiToken.id.label("token_id"),
        ApiToken.secret_hash,
        ApiToken.scope,
        ApiToken.expires_at,
        ApiToken.revoked_at,
        ApiToken.last_used_at,
    )
    return _with_grants(
        select(*token_columns, *_VIEWER_COLUMNS).join(Person, Person.id == ApiToken.person_id)
    ).where(ApiToken.prefix == prefix, Person.is_active.is_(True))


@cache
def _session_viewer() -> AnySelect:
    unread = (
        select(func.count())
        .where(Notification.person_id == Person.id, Notification.read_at.is_(None))
        .scalar_subquery()
    )
    token = exists().where(ApiToken.person_id == Person.id, ApiToken.revoked_at.is_(None))
    session_columns = (
        WebSession.id.label("session_id"),
        WebSession.created_at.label("session_created_at"),
        WebSession.last_seen_at,
        unread.label("unread_notifications"),
        PersonPreference.theme,
        PersonPreference.locale,
        token.label("holds_api_token"),
    )
    return _with_grants(
        select(*session_columns, *_VIEWER_COLUMNS)
        .join(Person, Person.id == WebSession.person_id)
        .outerjoin(PersonPreference, PersonPreference.person_id == Person.id)
    ).where(WebSession.key_hash == bindparam("key_hash"), Person.is_active.is_(True))


def session_viewer_query(key_hash: str) -> tuple[AnySelect, dict[str, Any]]:
    """The browser session with this key beside its active owner and their grants, one row per
    grant: a page request is authenticated in one statement (lifetimes are checked after). The
    statement is built once; the key is its parameter."""
    return _session_viewer(), {"key_hash": key_hash}


@cache
def _token_gate() -> AnySelect:
    nth_failure = (
        select(AuthFailure.at)
        .where(
            AuthFailure.address == bindparam("address"),
            AuthFailure.kind == FailureKind.TOKEN,
            AuthFailure.at > bindparam("since"),
        )
        .order_by(AuthFailure.at.desc())
        .offset(bindparam("skip", type_=Integer))
        .limit(1)
        .scalar_subquery()
    )
    gate = select(nth_failure.label("throttled_since")).subquery()
    token = token_viewer_query(bindparam("prefix")).subquery()
    return select(gate.c.throttled_since, *token.c).select_from(
        gate.outerjoin(token, gate.c.throttled_since.is_(None))
    )


def token_gate_query(
    prefix: str, address: str, since: datetime, limit: int
) -> tuple[AnySelect, dict[str, Any]]:
    """One row saying whether the address has sent `limit` invalid tokens since then (the time
    of the limit-th newest, else null), joined, only when it has not, to `token_viewer_query`'s
    rows: an address that is throttled gets no token looked up, and the others no extra trip.
    The statement is built once (every bearer request runs it); the values are parameters."""
    return _token_gate(), {
        "prefix": prefix,
        "address": address,
        "since": since,
        "skip": limit - 1,
    }


def viewer_from_rows(
    rows: Sequence[AnyRow],
    token_scope: TokenScope | None = None,
    session_id: int | None = None,
    token_id: int | None = None,
) -> Viewer | None:
    """The viewer from `viewer_query`'s rows; None when the person is gone or deactivated."""
    if not rows:
        return None
    first = rows[0]
    return Viewer(
        person_id=first.id,
        name=first.name,
        email=first.email,
        is_admin=first.is_admin,
        grants=frozenset(
            RoleGrant(row.slug, row.service_id, row.process_id) for row in rows if row.slug
        ),
        token_scope=token_scope,
        session_id=session_id,
        token_id=token_id,
        unread_notifications=getattr(first, "unread_notifications", 0) or 0,
        theme=str(getattr(first, "theme", None) or "system"),
        holds_api_token=bool(getattr(first, "holds_api_token", False)),
        locale=getattr(first, "locale", None),
    )
