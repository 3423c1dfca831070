"""The domain's vocabularies as GraphQL enums (values are the Python member names)."""

from __future__ import annotations

import strawberry

from server.models import enums

PlanKind = strawberry.enum(
    enums.PlanKind, description="The six kinds of plan, each with its owner role and purpose."
)
ServiceLifecycle = strawberry.enum(
    enums.ServiceLifecycle, description="Pipeline (planned), live (in the catalogue) or retired."
)
