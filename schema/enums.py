"""The domain's vocabularies as GraphQL enums (values are the Python member names)."""

from __future__ import annotations

from enum import Enum

import strawberry

from server.domain import analysis, lifecycle
from server.models import changes, enums

PlanKind = strawberry.enum(
    enums.PlanKind, description="The six kinds of plan, each with its owner role and purpose."
)
ServiceLifecycle = strawberry.enum(
    enums.ServiceLifecycle, description="Pipeline (planned), live (in the catalogue) or retired."
)
OfferingKind = strawberry.enum(enums.OfferingKind, description="What an offering is made of.")
InitiativeStatus = strawberry.enum(
    enums.InitiativeStatus, description="Where an initiative is in its lifecycle."
)
Priority = strawberry.enum(enums.Priority)
ExecutionMode = strawberry.enum(
    enums.ExecutionMode, description="Run as a formal project, or informally."
)
FourDimension = strawberry.enum(enums.FourDimension, description="The Four Dimensions of ITIL 4.")
ValueChainActivity = strawberry.enum(
    enums.ValueChainActivity, description="The service value chain activity an initiative serves."
)
Outcome = strawberry.enum(enums.Outcome, description="How a completed initiative turned out.")
BudgetRequestStatus = strawberry.enum(enums.BudgetRequestStatus)
ChangeKind = strawberry.enum(
    changes.ChangeKind,
    description="What a pending change alters: an initiative's approved BUDGET, or the TARGET "
    "of a metric that judges approved work.",
)
ChangeStatus = strawberry.enum(changes.ChangeStatus)
Health = strawberry.enum(enums.Health, description="A status update's view of an initiative.")
ObjectiveLevel = strawberry.enum(
    enums.ObjectiveLevel, description="Vision > strategy > tactical goal > operational goal."
)
Direction = strawberry.enum(
    enums.Direction, description="Whether a metric improves as it goes up or down."
)
MeasurementFrequency = strawberry.enum(enums.MeasurementFrequency)
TokenScope = strawberry.enum(enums.TokenScope)
AuditAction = strawberry.enum(enums.AuditAction)


Transition = strawberry.enum(
    lifecycle.Transition, description="A step of the initiative lifecycle."
)


Rag = strawberry.enum(
    analysis.Rag, description="Red, amber or green; none when there is nothing to judge yet."
)
Trend = strawberry.enum(analysis.Trend, description="Where the latest measurements are heading.")


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"
