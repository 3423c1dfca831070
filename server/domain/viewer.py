"""Who is asking: the signed-in person with their roles, as every rule sees them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from server.domain.roles import CONFIDENTIAL_READERS
from server.models import ApiToken, Person, Role, RoleAssignment
from server.models.enums import TokenScope


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


def _with_grants(statement: Select) -> Select:
    return statement.outerjoin(RoleAssignment, RoleAssignment.person_id == Person.id).outerjoin(
        Role, Role.id == RoleAssignment.role_id
    )


def viewer_query(person_id: int | None) -> Select:
    """The active person with their role grants, one row per grant: the one statement both a
    request's authentication and work done on someone's behalf load a viewer with."""
    return _with_grants(select(*_VIEWER_COLUMNS)).where(
        Person.id == person_id, Person.is_active.is_(True)
    )


def token_viewer_query(prefix: str) -> Select:
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


def viewer_from_rows(rows, token_scope=None) -> Viewer | None:
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
    )
