"""What administrators' changes share in every area: the administrator check, loading the row
to change, applying the given fields with a before/after, unique names and the audit entry."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit
from server.domain.core.errors import DUPLICATE, FORBIDDEN, NOT_FOUND, RuleViolation
from server.domain.core.permissions import Action, can
from server.domain.core.viewer import Viewer
from server.models import Plan, Process, Service
from server.models.enums import AuditAction


class Row(Protocol):
    """A row an administrator changes: anything with an integer id."""

    @property
    def id(self) -> int: ...


# The models whose rows have a unique name.
Named = type[Plan] | type[Process] | type[Service]
RowT = TypeVar("RowT")


def require_admin(viewer: Viewer, doing: str) -> None:
    if not can(viewer, Action.ADMINISTER):
        raise RuleViolation(FORBIDDEN, f"Only administrators may {doing}.")


def record(
    session: Session,
    viewer: Viewer,
    obj: Row,
    label: str,
    action: AuditAction,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    *,
    admin_only: bool = False,
    plan_id: int | None = None,
) -> None:
    """The audit entry for one change to `obj`, named after its model."""
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type=type(obj).__name__,
        entity_id=obj.id,
        entity_label=label,
        action=action,
        before=before,
        after=after,
        admin_only=admin_only,
        plan_id=plan_id,
    )


def apply_changes(obj: object, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set each given value (None: not given) that differs; the changed fields before and after."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in values.items():
        if value is None or getattr(obj, name) == value:
            continue
        before[name] = audit.snapshot(obj, [name])[name]
        setattr(obj, name, value)
        after[name] = audit.snapshot(obj, [name])[name]
    return before, after


def get(session: Session, model: type[RowT], pk: int | None, field: str, what: str) -> RowT:
    """The row with this id, or NOT_FOUND on the field."""
    obj = session.get(model, pk) if pk is not None else None
    if obj is None:
        raise RuleViolation(NOT_FOUND, f"no {what} has this id", field)
    return obj


def unique_name(
    session: Session, model: Named, name: str, field: str, exclude: int | None = None
) -> None:
    """Refuse a name another row of the model has (`exclude`: the row being renamed)."""
    statement = select(model.id).where(model.name == name)
    if exclude is not None:
        statement = statement.where(model.id != exclude)
    if session.scalar(statement) is not None:
        raise RuleViolation(DUPLICATE, f"the name {name!r} is taken", field)
