"""Writes the audit log explicitly, in the same transaction as the change it records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from server.models import AuditEntry
from server.models.enums import AuditAction

SYSTEM_ACTOR = "command line"


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The named attributes of a row as JSON-ready values (money and dates as strings)."""
    return {name: plain(getattr(obj, name)) for name in fields}


def record(
    session: Session,
    *,
    actor_id: int | None,
    actor_name: str,
    entity_type: str,
    entity_id: int,
    entity_label: str,
    action: AuditAction,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    plan_id: int | None = None,
    admin_only: bool = False,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor_id,
        actor_name=actor_name,
        entity_type=entity_type,
        entity_id=entity_id,
        entity_label=entity_label[:300],
        action=action,
        before=before,
        after=after,
        plan_id=plan_id,
        admin_only=admin_only,
    )
    session.add(entry)
    return entry


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | date | datetime):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value
