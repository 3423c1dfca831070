"""The kinds of plan as a GraphQL enum."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

PlanKind = described(
    enums.PlanKind,
    "The six kinds of plan, each with its owner role and purpose.",
    {
        "STRATEGIC": "The top-level plan, owned by the steering committee and maintained by the "
        "service strategy manager: new or much-changed services and processes, new capabilities "
        "at scale.",
        "SERVICE_IMPROVEMENT": "One service's plan, owned by its service owner: smaller "
        "improvements of that existing service.",
        "PROCESS_IMPROVEMENT": "One process's plan, owned by its process owner: setting up or "
        "improving that process.",
        "SECURITY_IMPROVEMENT": "The security manager's plan, always confidential: improvements "
        "to security across services.",
        "CONTINUITY_IMPROVEMENT": "The service continuity manager's plan: improvements for "
        "continuity in disruptive events.",
        "SKILL_DEVELOPMENT": "The human resources manager's plan: building the skills the "
        "organisation needs.",
    },
)
