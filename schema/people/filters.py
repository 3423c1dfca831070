"""Filtering the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import ColumnElement, false, or_

from schema.core.filters import database_ids, enum_values, search_pattern
from schema.core.ids import from_global_id
from schema.people.enums import AuditAction
from server.models import AuditEntry


@strawberry.input(description="Narrow the audit log: every field given must match.")
class AuditLogFilter:
    entity_type: list[str] | None = strawberry.field(
        default=None,
        description="Only changes to objects of these types, named as in the API, e.g. "
        "'Initiative' or 'Metric'.",
    )
    entity: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The global ids of the changed objects: one object's trail."
    )
    action: list[AuditAction] | None = strawberry.field(
        default=None, description="Only changes of these kinds."
    )
    actor: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only changes made by these people (global ids)."
    )
    since: datetime | None = strawberry.field(
        default=None, description="Only changes made at or after this instant."
    )
    until: datetime | None = strawberry.field(
        default=None, description="Only changes made before this instant."
    )
    search: str | None = strawberry.field(
        default=None, description="Text in what changed (its name) or in the actor's name."
    )


def _changed_one_of(global_ids: list[str]) -> ColumnElement[bool]:
    """Entries about any of these objects, whatever their types."""
    ids_by_type: dict[str, list[int]] = {}
    for value in global_ids:
        decoded = from_global_id(value)
        if decoded is None:
            raise GraphQLError(f"`filter.entity`: {value!r} is not an id Steward gave out.")
        ids_by_type.setdefault(decoded[0], []).append(decoded[1])
    return or_(
        *(
            (AuditEntry.entity_type == type_name) & AuditEntry.entity_id.in_(ids)
            for type_name, ids in ids_by_type.items()
        ),
        false(),
    )


def audit_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if f.get("entity_type") is not None:
        conditions.append(AuditEntry.entity_type.in_(f["entity_type"]))
    if f.get("entity") is not None:
        conditions.append(_changed_one_of(f["entity"]))
    if f.get("action") is not None:
        conditions.append(AuditEntry.action.in_(enum_values(f["action"])))
    if (actors := database_ids(f.get("actor"), "Person", "actor")) is not None:
        conditions.append(AuditEntry.actor_id.in_(actors))
    if f.get("since") is not None:
        conditions.append(AuditEntry.at >= f["since"])
    if f.get("until") is not None:
        conditions.append(AuditEntry.at < f["until"])
    if (pattern := search_pattern(f.get("search"), "filter.search")) is not None:
        conditions.append(
            AuditEntry.entity_label.ilike(pattern, escape="\\")
            | AuditEntry.actor_name.ilike(pattern, escape="\\")
        )
    return conditions
