"""Services, their offerings, and processes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.nodes import Node
from schema.core.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    page,
    prefetched,
    reads_prefetch,
)
from schema.initiatives.filters import initiative_page
from schema.metrics.filters import metric_page
from schema.portfolio.enums import PortfolioMove as PortfolioMoveEnum
from schema.services.enums import OfferingKind, ReviewCadence, ServiceLifecycle

if TYPE_CHECKING:
    from schema.engagement.types import (
        Feedback,
        SatisfactionPeriod,
        ServiceReview,
        StakeholderRelationship,
    )
    from schema.governance.types import ProcessActivity, ProcessDefinitionVersion, ProcessPolicy
    from schema.initiatives.types import Initiative
    from schema.metrics.types import Metric
    from schema.people.types import Person, RoleAssignment
    from schema.plans.types import Plan
    from schema.portfolio.types import PortfolioDecision, ServiceLevelAttainment

# Types of other areas, resolved when the schema is built.
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
MetricRef = Annotated["Metric", strawberry.lazy("schema.metrics.types")]
PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
RoleAssignmentRef = Annotated["RoleAssignment", strawberry.lazy("schema.people.types")]
PlanRef = Annotated["Plan", strawberry.lazy("schema.plans.types")]
ProcessActivityRef = Annotated["ProcessActivity", strawberry.lazy("schema.governance.types")]
ProcessPolicyRef = Annotated["ProcessPolicy", strawberry.lazy("schema.governance.types")]
ProcessDefinitionVersionRef = Annotated[
    "ProcessDefinitionVersion", strawberry.lazy("schema.governance.types")
]
FeedbackRef = Annotated["Feedback", strawberry.lazy("schema.engagement.types")]
PortfolioDecisionRef = Annotated["PortfolioDecision", strawberry.lazy("schema.portfolio.types")]
ServiceLevelAttainmentRef = Annotated[
    "ServiceLevelAttainment", strawberry.lazy("schema.portfolio.types")
]
ServiceReviewRef = Annotated["ServiceReview", strawberry.lazy("schema.engagement.types")]
SatisfactionPeriodRef = Annotated["SatisfactionPeriod", strawberry.lazy("schema.engagement.types")]
StakeholderRelationshipRef = Annotated[
    "StakeholderRelationship", strawberry.lazy("schema.engagement.types")
]


@strawberry.type(description="Something the provider delivers.")
class Service(Node):
    name: str = strawberry.field(description="The service's name; unique.")
    description: str = strawberry.field(
        description="What the service is and whom it serves; empty when nothing was written."
    )
    lifecycle: ServiceLifecycle = strawberry.field(
        description="Where the service is: pipeline, live or retired."
    )
    created_at: datetime = strawberry.field(description="When the service was registered.")
    review_cadence: ReviewCadence | None = strawberry.field(
        description="How often it is reviewed with its stakeholders; null when not planned."
    )
    next_review_on: date | None = strawberry.field(
        description="When the next review is due; null when none is planned."
    )
    review_overdue: bool = strawberry.field(
        description="Whether the next review's date has passed."
    )
    viewer_may_plan_reviews: bool = strawberry.field(
        description="Whether the viewer may set the review cadence and the next review (its "
        "owner, administrators), with a token that may write."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may change its description and its offerings (its "
        "owner, administrators), with a token that may write; only administrators rename it."
    )
    improvement_plan: PlanRef | None = strawberry.field(
        description="The service improvement plan of this service; null when the viewer may not "
        "see it."
    )
    owner: PersonRef | None = strawberry.field(
        description="Who holds the service owner role for this service (the first assigned, if "
        "several); null when nobody does."
    )

    offerings: Connection[Offering] = page("What the service offers.")

    metrics: Connection[MetricRef] = metric_page("Metrics that measure this service.")

    role_assignments: Connection[RoleAssignmentRef] = page(
        "Who holds roles scoped to this service."
    )

    stakeholders: list[StakeholderRelationshipRef] = strawberry.field(
        description="The stakeholders that use this service, by name."
    )

    feedback: Connection[FeedbackRef] = page("Feedback on this service, newest first.")
    annual_cost: Decimal | None = strawberry.field(
        description="What it costs a year, in `costCurrency`; null when not known."
    )
    cost_currency: str = strawberry.field(description="The currency of its annual cost.")
    value_statement: str = strawberry.field(
        description="What it is worth to the business, in words; empty when not stated."
    )
    portfolio_decisions: Connection[PortfolioDecisionRef] = page(
        "Its moves through the portfolio (proposed and decided), the latest first."
    )
    pending_decision: PortfolioDecisionRef | None = strawberry.field(
        description="The move waiting for the steering committee; null when none."
    )
    available_moves: list[PortfolioMoveEnum] = strawberry.field(
        description="The moves the viewer may propose for it now (none while one waits)."
    )
    viewer_may_quantify: bool = strawberry.field(
        description="Whether the viewer may state its cost and value (its owner, the service "
        "strategy manager, administrators), with a token that may write."
    )
    service_levels: ServiceLevelAttainmentRef = strawberry.field(
        description="How many of its service levels (metrics agreed with a stakeholder) are on "
        "target, of how many."
    )
    open_work_count: int = strawberry.field(
        description="How many open initiatives the viewer may see are in its plan or affect it."
    )
    reviews: Connection[ServiceReviewRef] = page(
        "Its reviews with stakeholders, the latest planned first."
    )
    viewer_may_open_review: bool = strawberry.field(
        description="Whether the viewer may open a review of it: its owner, its improvement "
        "plan's maintainers, administrators, and the business relationship manager who keeps "
        "the relationship with a stakeholder that uses it (with a token that may write)."
    )

    affecting_initiatives: Connection[InitiativeRef] = initiative_page(
        "Initiatives of any plan that name this service as one they affect (security, "
        "continuity and strategic work included), as the viewer may see them."
    )

    satisfaction: list[SatisfactionPeriodRef] = strawberry.field(
        description="The feedback averaged by month, oldest first, with the number of responses."
    )

    viewer_may_record_feedback: bool = strawberry.field(
        description="Whether the viewer may record feedback on it: its owner, its improvement "
        "plan's maintainers, a business relationship manager of a stakeholder using it; with a "
        "token that may write."
    )

    satisfaction_metric: MetricRef | None = strawberry.field(
        description="The service's satisfaction metric, computed from its feedback (one value a "
        "month); null until it has feedback, or when the viewer may not see it."
    )


@strawberry.type(description="Part of a service: goods, access to resources or a service action.")
class Offering(Node):
    name: str = strawberry.field(description="The offering's name; unique within its service.")
    kind: OfferingKind = strawberry.field(description="What the offering is made of.")
    description: str = strawberry.field(
        description="What the offering provides; empty when nothing was written."
    )
    service: Service = strawberry.field(description="The service the offering is part of.")


@reads_prefetch
def _definition_history(
    root: Any, info: Info[Context, Any], first: First = None, after: After = None,
    last: Last = None, before: Before = None,
    as_of: Annotated[
        date | None, strawberry.argument(description="Only versions made by the end of this day.")
    ] = None,
) -> Any:  # fmt: skip
    return prefetched(root, info)


@strawberry.type(description="A practice with an owner, a manager and practitioners.")
class Process(Node):
    name: str = strawberry.field(description="The process's name; unique.")
    description: str = strawberry.field(
        description="The process in a sentence; empty when nothing was written."
    )
    purpose: str = strawberry.field(
        description="Why the process exists (Markdown); empty until its owner writes it."
    )
    scope: str = strawberry.field(
        description="What the process covers and what it does not (Markdown); may be empty."
    )
    definition_version: int = strawberry.field(
        description="How many times its definition (purpose, scope, activities, RACI, policies) "
        "changed: the number of its latest version; send it as `expectedVersion` to "
        "updateProcessDefinition."
    )
    created_at: datetime = strawberry.field(description="When the process was registered.")
    improvement_plan: PlanRef | None = strawberry.field(
        description="The process improvement plan of this process; null when the viewer may not "
        "see it."
    )
    owner: PersonRef | None = strawberry.field(
        description="Who holds the process owner role for this process (the first assigned, if "
        "several); null when nobody does."
    )

    metrics: Connection[MetricRef] = metric_page("Metrics that measure this process.")

    role_assignments: Connection[RoleAssignmentRef] = page(
        "Who holds roles scoped to this process."
    )
    activities: Connection[ProcessActivityRef] = page("Its activities, in order.")
    policies: Connection[ProcessPolicyRef] = page(
        "The policies that govern it: those in use first, then retired ones, each by the day it "
        "took effect."
    )
    definition_history: Connection[ProcessDefinitionVersionRef] = strawberry.field(
        resolver=_definition_history,
        description="Its definition after each change, the latest first. With `asOf`, only the "
        "versions made by the end of that day (UTC): `first: 1` is the definition as it stood "
        "then.",
    )
    viewer_may_define: bool = strawberry.field(
        description="Whether the viewer may change its purpose, scope, activities, RACI and "
        "policies (its process owner, administrators), with a token that may write."
    )
