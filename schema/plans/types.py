"""Plans, and the summaries of their initiatives: counts by state, budget totals, health."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.nodes import Node
from schema.core.pagination import Connection
from schema.engagement.filters import suggestion_page
from schema.initiatives.enums import Health, InitiativeStatus
from schema.initiatives.filters import initiative_page
from schema.metrics.filters import metric_page
from schema.plans.enums import PlanKind

if TYPE_CHECKING:
    from schema.engagement.types import Suggestion
    from schema.initiatives.types import Initiative
    from schema.metrics.types import Metric
    from schema.people.types import Role
    from schema.services.types import Process, Service

# Types of other areas, resolved when the schema is built.
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
MetricRef = Annotated["Metric", strawberry.lazy("schema.metrics.types")]
RoleRef = Annotated["Role", strawberry.lazy("schema.people.types")]
SuggestionRef = Annotated["Suggestion", strawberry.lazy("schema.engagement.types")]
ProcessRef = Annotated["Process", strawberry.lazy("schema.services.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]


@strawberry.type(description="How many of a plan's initiatives are in one state.")
class StatusCount:
    status: InitiativeStatus = strawberry.field(description="The lifecycle state counted.")
    count: int = strawberry.field(
        description="How many of the plan's initiatives the viewer may see are in it (at least 1)."
    )


@strawberry.type(description="A register of initiatives of one kind, owned by a role.")
class Plan(Node):
    name: str = strawberry.field(description="The plan's name; unique.")
    kind: PlanKind = strawberry.field(
        description="The kind of plan, which fixes its owner role and purpose."
    )
    description: str = strawberry.field(
        description="What the plan is for; empty when nothing was written."
    )
    confidential: bool = strawberry.field(
        description="Whether only the security manager, the steering committee and "
        "administrators see it and everything in it (always so for security improvement)."
    )
    created_at: datetime = strawberry.field(description="When the plan was created.")
    owner_role: RoleRef = strawberry.field(
        description="The role that owns the plan and approves or rejects its initiatives."
    )
    service: ServiceRef | None = strawberry.field(
        description="The service a service improvement plan is for; null for other kinds."
    )
    process: ProcessRef | None = strawberry.field(
        description="The process a process improvement plan is for; null for other kinds."
    )
    status_counts: list[StatusCount] = strawberry.field(
        description="Initiative counts by state, in lifecycle order; states with none are left out."
    )

    initiatives: Connection[InitiativeRef] = initiative_page("The plan's initiatives.")

    metrics: Connection[MetricRef] = metric_page("Metrics kept in this plan.")

    suggestions: Connection[SuggestionRef] = suggestion_page(
        "Suggestions sent to this plan (its inbox), as the viewer may see them."
    )

    budget_totals: list[BudgetTotal] = strawberry.field(
        description="Budget requested and approved over the initiatives the viewer may see, "
        "one entry per currency; empty when none has a budget."
    )
    budget_envelopes: list[BudgetEnvelope] = strawberry.field(
        description="What the plan may spend each year it has an envelope for, the latest year "
        "first, with the budgets approved in that year and those waiting for the steering "
        "committee; empty when its owner set none."
    )
    viewer_may_set_budget_envelope: bool = strawberry.field(
        description="Whether the viewer may set its budget envelopes (`setPlanBudgetEnvelope`: "
        "its owner, administrators); false for read-only tokens."
    )
    health_counts: list[HealthCount] = strawberry.field(
        description="The latest status update's health of the initiatives in progress or on "
        "hold, counted; healths with none and initiatives without updates are left out."
    )
    viewer_may_propose: bool = strawberry.field(
        description="Whether the viewer may propose initiatives in this plan (a role; in a "
        "service or process plan, a role in its scope); false for read-only tokens."
    )


@strawberry.type(description="Budget sums of a plan's initiatives in one currency.")
class BudgetTotal:
    currency: str = strawberry.field(description="The ISO 4217 code of the sums, e.g. EUR.")
    requested: Decimal = strawberry.field(
        description="The budgets requested, added up: a decimal string in `currency`."
    )
    approved: Decimal = strawberry.field(
        description="The budgets approved, added up: a decimal string in `currency`."
    )


@strawberry.type(
    description="How many active initiatives report one health in their latest update."
)
class HealthCount:
    health: Health = strawberry.field(description="The health counted.")
    count: int = strawberry.field(
        description="How many initiatives in progress or on hold report it in their latest update."
    )


@strawberry.type(
    description="A plan's budget envelope for one calendar year, set by its owner, and how much "
    "of it is taken: the budget requests approved in that year and those still waiting, in the "
    "envelope's currency (requests in other currencies are not counted)."
)
class BudgetEnvelope:
    year: int = strawberry.field(description="The calendar year.")
    amount: Decimal = strawberry.field(
        description="What the plan may spend in the year, a decimal string in `currency`."
    )
    currency: str = strawberry.field(description="The ISO 4217 code of the amounts, e.g. EUR.")
    approved: Decimal = strawberry.field(
        description="The budget requests the steering committee approved in the year, added up."
    )
    pending: Decimal = strawberry.field(
        description="The budget requests waiting for a decision, added up (counted in the "
        "current year's envelope only; 0 in the others)."
    )
    remaining: Decimal = strawberry.field(
        description="`amount` less `approved` and `pending`: negative when the requests would "
        "exceed the envelope."
    )
