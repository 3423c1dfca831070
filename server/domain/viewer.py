"""Who is asking: the signed-in person with their roles, as every rule sees them."""

from __future__ import annotations

from dataclasses import dataclass

from server.domain.roles import CONFIDENTIAL_READERS
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
