"""Writes the audit log explicitly, in the same transaction as the change it records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from server.models import AuditEntry, AuditReference
from server.models.enums import AuditAction

SYSTEM_ACTOR = "command line"

# Keys of an entry's before/after that name other rows, and the kind of row each names. Any
# field a domain function snapshots under one of these names becomes a reference, so an entry
# can never show the id of work its reader may not see.
REFERENCE_KEYS = {
    "initiative_id": "Initiative",
    "initiativeId": "Initiative",
    "initiative_ids": "Initiative",
    "initiativeIds": "Initiative",
    "parent_id": None,  # a parent of the same kind as the entry's own row
    "parentId": None,
    "metric_id": "Metric",
    "metricId": "Metric",
    "metric_ids": "Metric",
    "metricIds": "Metric",
    "plan_id": "Plan",
    "planId": "Plan",
}

Reference = tuple[str, int]


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
    references: Iterable[Reference] = (),
) -> AuditEntry:
    """Adds an entry for one change, with every row it names (see `names`)."""
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
    named = names(entity_type, entity_id, before, after, plan_id) | set(references)
    entry.references = [
        AuditReference(entity_type=kind, entity_id=pk) for kind, pk in sorted(named)
    ]
    session.add(entry)
    return entry


def names(
    entity_type: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    plan_id: int | None = None,
) -> set[Reference]:
    """The rows an entry names: its own row, its plan, and the ids in its before and after."""
    named = {(entity_type, entity_id)}
    if plan_id is not None:
        named.add(("Plan", plan_id))
    for values in (before, after):
        for key, value in (values or {}).items():
            if key in REFERENCE_KEYS:
                kind = REFERENCE_KEYS[key] or entity_type
                named.update((kind, pk) for pk in _ids(value))
    return named


def _ids(value: Any) -> Iterator[int]:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, int) and not isinstance(item, bool):
            yield item


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | date | datetime):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value
