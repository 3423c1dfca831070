"""How the relations of people, roles, role assignments, API tokens and audit entries load."""

from __future__ import annotations

from schema.core.relations import Relation, ToMany, ToOne
from schema.people.sources import PERSON, ROLE, ROLE_ASSIGNMENT
from schema.services.sources import PROCESS, SERVICE
from server.models import RoleAssignment

RELATIONS: dict[tuple[str, str], Relation] = {
    ("Role", "assignments"): ToMany(ROLE_ASSIGNMENT, RoleAssignment.role_id),
    ("Person", "roleAssignments"): ToMany(ROLE_ASSIGNMENT, RoleAssignment.person_id),
    ("RoleAssignment", "person"): ToOne(PERSON, "person"),
    ("RoleAssignment", "role"): ToOne(ROLE, "role"),
    ("RoleAssignment", "service"): ToOne(SERVICE, "service"),
    ("RoleAssignment", "process"): ToOne(PROCESS, "process"),
    ("ApiToken", "person"): ToOne(PERSON, "person"),
    ("AuditEntry", "actor"): ToOne(PERSON, "actor"),
}
