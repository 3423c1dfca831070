"""Where people, roles, role assignments, API tokens and audit entries come from
(see schema/core/sources.py)."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.core.ids import to_global_id
from schema.core.sources import Source
from schema.people import types as t
from server.domain.core import visibility
from server.models import ApiToken, AuditEntry, Person, Role, RoleAssignment


def _audit_entity_id(obj: Any) -> None:
    values = obj.__dict__
    if "entity_id" in values:
        values["entity_id"] = strawberry.ID(
            to_global_id(values["entity_type"], values["entity_id"])
        )


ROLE = Source(
    "Role",
    t.Role,
    Role,
    {
        "slug": Role.slug,
        "name": Role.name,
        "description": Role.description,
        "is_builtin": Role.is_builtin,
    },
)


PERSON = Source(
    "Person",
    t.Person,
    Person,
    {
        "name": Person.name,
        "email": Person.email,
        "is_active": Person.is_active,
        "is_admin": Person.is_admin,
        "created_at": Person.created_at,
        "locked_until_value": Person.locked_until,  # shown by Person.locked_until
    },
    requires={"locked_until": ("locked_until_value",)},
)


ROLE_ASSIGNMENT = Source(
    "RoleAssignment",
    t.RoleAssignment,
    RoleAssignment,
    {"created_at": RoleAssignment.created_at},
    {
        "person": RoleAssignment.person_id,
        "role": RoleAssignment.role_id,
        "service": RoleAssignment.service_id,
        "process": RoleAssignment.process_id,
    },
)


API_TOKEN = Source(
    "ApiToken",
    t.ApiToken,
    ApiToken,
    {
        "name": ApiToken.name,
        "prefix": ApiToken.prefix,
        "scope": ApiToken.scope,
        "created_at": ApiToken.created_at,
        "expires_at": ApiToken.expires_at,
        "last_used_at": ApiToken.last_used_at,
        "revoked_at": ApiToken.revoked_at,
    },
    {"person": ApiToken.person_id},
    visibility.visible_api_tokens,
    visibility_per_person=True,
)


AUDIT_ENTRY = Source(
    "AuditEntry",
    t.AuditEntry,
    AuditEntry,
    {
        "at": AuditEntry.at,
        "actor_name": AuditEntry.actor_name,
        "entity_type": AuditEntry.entity_type,
        "entity_id": AuditEntry.entity_id,
        "entity_label": AuditEntry.entity_label,
        "action": AuditEntry.action,
        "before": AuditEntry.before,
        "after": AuditEntry.after,
    },
    {"actor": AuditEntry.actor_id},
    visibility.visible_audit_entries,
    _audit_entity_id,
    {"entity_id": ("entity_type",)},
)
