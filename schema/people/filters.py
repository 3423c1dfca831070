"""Filtering and sorting the audit log, and sorting people."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import ColumnElement, false, or_

from schema.core.enums import OrderDirection
from schema.core.filters import database_ids, enum_values, order_clause, search_pattern
from schema.core.ids import from_global_id
from schema.people.enums import AuditAction
from server.models import AuditEntry, Person


@strawberry.enum(description="What to sort people by.")
class PersonOrderBy(Enum):
    NAME = strawberry.enum_value("name", description="Name, alphabetically (the id breaks ties).")
    EMAIL = strawberry.enum_value("email", description="E-mail address, alphabetically.")


PersonOrderArgument = Annotated[
    PersonOrderBy, strawberry.argument(description="What to sort the people by.")
]
PERSON_ORDER: dict[str, list[Any]] = {"name": [Person.name], "email": [Person.email]}


def person_order(args: dict[str, Any]) -> list[Any]:
    """ORDER BY for the arguments: by name when they say nothing."""
    return order_clause(PERSON_ORDER, Person.id, {"order_by": "name", **args})


@strawberry.enum(description="What to sort the audit log by.")
class AuditLogOrderBy(Enum):
    AT = strawberry.enum_value("at", description="When the change was made (the id breaks ties).")
    ACTOR = strawberry.enum_value(
        "actor", description="Who made it, by the name recorded with the change."
    )
    ENTITY = strawberry.enum_value(
        "entity", description="What changed: its type, then the name recorded with the change."
    )


AuditLogOrderArgument = Annotated[
    AuditLogOrderBy, strawberry.argument(description="What to sort the changes by.")
]
AuditLogDirectionArgument = Annotated[
    OrderDirection,
    strawberry.argument(
        description="Sort ascending (ASC) or descending (DESC, the default: newest first)."
    ),
]
AUDIT_ORDER: dict[str, list[Any]] = {
    "at": [AuditEntry.at],
    "actor": [AuditEntry.actor_name],
    "entity": [AuditEntry.entity_type, AuditEntry.entity_label],
}


def audit_order(args: dict[str, Any]) -> list[Any]:
    """ORDER BY for the arguments: newest first when they say nothing."""
    chosen = {"order_by": "at", "direction": "desc", **args}
    return order_clause(AUDIT_ORDER, AuditEntry.id, chosen)


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
