"""The built-in roles (DOMAIN.md) and the plan kinds each one owns."""

from __future__ import annotations

from dataclasses import dataclass

from server.models.enums import PlanKind


@dataclass(frozen=True)
class BuiltinRole:
    slug: str
    name: str
    description: str


STEERING_COMMITTEE = "steering_committee"
SERVICE_STRATEGY_MANAGER = "service_strategy_manager"
SERVICE_OWNER = "service_owner"
PROCESS_OWNER = "process_owner"
PROCESS_MANAGER = "process_manager"
PROCESS_PRACTITIONER = "process_practitioner"
SECURITY_MANAGER = "security_manager"
SERVICE_CONTINUITY_MANAGER = "service_continuity_manager"
HUMAN_RESOURCES_MANAGER = "human_resources_manager"
BUSINESS_RELATIONSHIP_MANAGER = "business_relationship_manager"

BUILTIN_ROLES: tuple[BuiltinRole, ...] = (
    BuiltinRole(
        STEERING_COMMITTEE,
        "Steering committee",
        "Owns the strategic plan, approves strategic initiatives and decides budget requests.",
    ),
    BuiltinRole(
        SERVICE_STRATEGY_MANAGER,
        "Service strategy manager",
        "Maintains the strategic plan on behalf of the steering committee.",
    ),
    BuiltinRole(
        SERVICE_OWNER,
        "Service owner",
        "Accountable for one service and owner of its service improvement plan.",
    ),
    BuiltinRole(
        PROCESS_OWNER,
        "Process owner",
        "Accountable for one process and owner of its process improvement plan.",
    ),
    BuiltinRole(PROCESS_MANAGER, "Process manager", "Runs a process day to day."),
    BuiltinRole(
        PROCESS_PRACTITIONER, "Process practitioner", "Carries out the activities of a process."
    ),
    BuiltinRole(
        SECURITY_MANAGER, "Security manager", "Owns the confidential security improvement plan."
    ),
    BuiltinRole(
        SERVICE_CONTINUITY_MANAGER,
        "Service continuity manager",
        "Owns the continuity improvement plan.",
    ),
    BuiltinRole(
        HUMAN_RESOURCES_MANAGER,
        "Human resources manager",
        "Owns the skill development plan.",
    ),
    BuiltinRole(
        BUSINESS_RELATIONSHIP_MANAGER,
        "Business relationship manager",
        "Keeps the relationships with customers and other stakeholders, and takes part in the "
        "service reviews of the services they use.",
    ),
)

OWNER_ROLE_BY_PLAN_KIND: dict[PlanKind, str] = {
    PlanKind.STRATEGIC: STEERING_COMMITTEE,
    PlanKind.SERVICE_IMPROVEMENT: SERVICE_OWNER,
    PlanKind.PROCESS_IMPROVEMENT: PROCESS_OWNER,
    PlanKind.SECURITY_IMPROVEMENT: SECURITY_MANAGER,
    PlanKind.CONTINUITY_IMPROVEMENT: SERVICE_CONTINUITY_MANAGER,
    PlanKind.SKILL_DEVELOPMENT: HUMAN_RESOURCES_MANAGER,
}

# Roles that see confidential plans besides administrators (DOMAIN.md, "Who may do what").
CONFIDENTIAL_READERS: frozenset[str] = frozenset({SECURITY_MANAGER, STEERING_COMMITTEE})
