"""Metrics, their measurements and status, the changes of targets and budgets waiting for an
approver, and the benefits a completed initiative realised."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.nodes import Node
from schema.core.pagination import Connection, page
from schema.initiatives.filters import initiative_page
from schema.metrics.enums import (
    ChangeKind,
    ChangeStatus,
    Direction,
    MeasurementFrequency,
    MetricPerspective,
    Rag,
    Trend,
)
from schema.metrics.filters import measurement_page

if TYPE_CHECKING:
    from schema.collaboration.types import Comment
    from schema.engagement.types import Stakeholder
    from schema.initiatives.types import Initiative
    from schema.objectives.types import Objective
    from schema.people.types import Person
    from schema.plans.types import Plan
    from schema.services.types import Process, Service

# Types of other areas, resolved when the schema is built.
CommentRef = Annotated["Comment", strawberry.lazy("schema.collaboration.types")]
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
ObjectiveRef = Annotated["Objective", strawberry.lazy("schema.objectives.types")]
PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
PlanRef = Annotated["Plan", strawberry.lazy("schema.plans.types")]
ProcessRef = Annotated["Process", strawberry.lazy("schema.services.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]
StakeholderRef = Annotated["Stakeholder", strawberry.lazy("schema.engagement.types")]


@strawberry.type(description="How a metric stands, computed from its measurements on every read.")
class MetricStatus:
    rag: Rag = strawberry.field(
        description="Red, amber or green against the target; NONE without a measurement or a "
        "target."
    )
    reason: str = strawberry.field(
        description="In words, e.g. '7.2 h against target 4 h; worsening for 3 months.'"
    )
    latest_value: float | None = strawberry.field(
        description="The newest measurement's value, in the metric's unit; null when none has "
        "been taken."
    )
    attainment: float | None = strawberry.field(
        description="Progress from baseline (0) to target (1), respecting the direction: above "
        "1 beyond the target, below 0 the wrong way; null without a baseline, target or value."
    )
    trend: Trend = strawberry.field(
        description="Where the latest measurements (up to six) are heading."
    )
    trend_periods: int = strawberry.field(
        description="For how many measurement periods the trend has held."
    )


@strawberry.type(description="Something measured to show whether improvement pays off.")
class Metric(Node):
    name: str = strawberry.field(description="The metric's name, e.g. 'Mean time to resolve'.")
    description: str = strawberry.field(
        description="What is measured and how; empty when nothing was written."
    )
    unit: str = strawberry.field(
        description="The unit of its values, e.g. 'h' or '%'; empty for a plain number."
    )
    direction: Direction = strawberry.field(description="Whether higher or lower is better.")
    should_measure: bool = strawberry.field(
        description="Whether the objectives need it (step 1 of the improvement process)."
    )
    can_measure: bool = strawberry.field(
        description="Whether it can be gathered now, from `dataSource` (step 2)."
    )
    data_source: str = strawberry.field(
        description="Where its values come from; empty when it cannot be measured yet."
    )
    service_level: bool = strawberry.field(
        description="Whether it is a service level: a target agreed with a stakeholder."
    )
    agreed_with: StakeholderRef | None = strawberry.field(
        description="The stakeholder who agreed the service level; null when not recorded."
    )
    perspective: MetricPerspective | None = strawberry.field(
        description="What it looks at (customer outcome, quality, cost, component); null when "
        "not classified."
    )
    frequency: MeasurementFrequency = strawberry.field(
        description="How often it is measured, which decides when a measurement is due."
    )
    baseline_value: float | None = strawberry.field(
        description="The value before the improvement, in `unit`; null when not set."
    )
    baseline_date: date | None = strawberry.field(
        description="The day the baseline was taken; null when not set."
    )
    target_value: float | None = strawberry.field(
        description="The approved target, in `unit`; null when not set (a new one waiting for "
        "approval is in `pendingChanges`)."
    )
    target_date: date | None = strawberry.field(
        description="The day the target should be reached by; null when not set."
    )
    amber_tolerance: float | None = strawberry.field(
        description="How far short of the target, in `unit`, still counts as amber; null: any "
        "shortfall is red."
    )
    created_at: datetime = strawberry.field(description="When it was defined.")
    owner: PersonRef | None = strawberry.field(
        description="Who owns the metric and records its measurements; null when nobody does."
    )
    plan: PlanRef | None = strawberry.field(
        description="The plan the metric is kept in; null when none."
    )
    service: ServiceRef | None = strawberry.field(
        description="The service it measures; null when none."
    )
    process: ProcessRef | None = strawberry.field(
        description="The process it measures; null when none."
    )
    latest_measurement: Measurement | None = strawberry.field(
        description="The newest measurement by `takenAt`; null when none has been taken."
    )
    status: MetricStatus = strawberry.field(
        description="Red, amber or green against the target, with the reason (steps 4 and 5)."
    )
    viewer_may_record: bool = strawberry.field(
        description="Whether the viewer may record measurements of it (its owner, or the owner "
        "of a linked initiative); false for read-only tokens."
    )

    measurements: Connection[Measurement] = measurement_page(
        "Measurements in time order; `since` and `until` narrow them."
    )

    initiatives: Connection[InitiativeRef] = initiative_page(
        "Initiatives whose effect this metric shows."
    )

    objectives: Connection[ObjectiveRef] = page("The objectives this metric serves.")

    corrective_actions: Connection[InitiativeRef] = initiative_page(
        "Initiatives raised to correct this metric when it was off target."
    )
    computed_from_feedback: bool = strawberry.field(
        description="Whether its values are computed from stakeholder feedback (a service's "
        "satisfaction, one value a month); such a metric's measurements are never recorded by "
        "hand."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may edit this metric's definition (its owner, the "
        "owner of its plan, administrators); false for read-only tokens."
    )
    pending_changes: list[PendingChange] = strawberry.field(
        description="A new target waiting for the approver of the work this metric judges; "
        "until accepted, `targetValue` is the approved one."
    )
    comments: Connection[CommentRef] = page(
        "What people wrote about it, oldest first, with the people each comment mentions."
    )
    viewer_watches: bool = strawberry.field(
        description="Whether the viewer hears of its comments and changes (`setWatching`): its "
        "owner or author does unless they stopped; anyone else once they watch or take part."
    )


@strawberry.type(description="One observed value of a metric.")
class Measurement(Node):
    value: float = strawberry.field(description="The value observed, in the metric's unit.")
    taken_at: datetime = strawberry.field(description="When the value was observed.")
    source: str = strawberry.field(
        description="Where the value came from, as recorded, e.g. 'api' or 'CSV import'."
    )
    recorded_at: datetime = strawberry.field(description="When it was entered in Steward.")
    recorded_by: PersonRef | None = strawberry.field(
        description="Who recorded it; null when not known."
    )
    metric: Metric = strawberry.field(description="The metric it is a value of.")


@strawberry.type(
    description="A change to what was approved, sent back to the approver: an initiative's "
    "approved budget (decided by the steering committee) or the target of a metric that judges "
    "approved work (decided by the owner role of that work's plan). Until accepted the "
    "approved value stays in force."
)
class PendingChange(Node):
    kind: ChangeKind = strawberry.field(description="What it changes: a budget or a target.")
    status: ChangeStatus = strawberry.field(
        description="Whether it waits for the approver, or how it was decided."
    )
    budget_before: Decimal | None = strawberry.field(
        description="The approved budget when it was asked, a decimal string in `currency`; "
        "null for a TARGET change."
    )
    budget_after: Decimal | None = strawberry.field(
        description="The budget asked for, a decimal string in `currency`; null for a TARGET "
        "change."
    )
    currency: str | None = strawberry.field(
        description="The ISO 4217 code of the budgets, e.g. EUR; null for a TARGET change."
    )
    target_before: float | None = strawberry.field(
        description="The approved target when it was asked, in the metric's unit; null when "
        "there was none, and for a BUDGET change."
    )
    target_after: float | None = strawberry.field(
        description="The target asked for, in the metric's unit; null when the target is to be "
        "removed, and for a BUDGET change."
    )
    reason: str = strawberry.field(
        description="Why the change is asked for; empty when none was given."
    )
    requested_at: datetime = strawberry.field(description="When it was asked for.")
    decided_at: datetime | None = strawberry.field(
        description="When it was decided; null while PENDING."
    )
    decision_reason: str = strawberry.field(
        description="The reason given with the decision (required to reject); empty while "
        "pending or when none was given."
    )
    requested_by: PersonRef | None = strawberry.field(
        description="Who asked for it; null when not known."
    )
    decided_by: PersonRef | None = strawberry.field(
        description="Who decided it; null while PENDING or when not known."
    )
    initiative: InitiativeRef | None = strawberry.field(
        description="The initiative whose budget changes; null for a TARGET change."
    )
    metric: Metric | None = strawberry.field(
        description="The metric whose target changes; null for a BUDGET change."
    )
    viewer_may_decide: bool = strawberry.field(
        description="Whether the viewer may accept or reject it now; false for read-only tokens."
    )


@strawberry.type(
    description="What a completed initiative achieved on one linked metric, frozen when it "
    "completed, beside the metric's baseline and target."
)
class RealisedBenefit:
    value: float | None = strawberry.field(
        description="The metric's latest value then, in its unit; null when it had none."
    )
    attainment: float | None = strawberry.field(
        description="Progress from baseline (0) to target (1) then; null without a baseline, "
        "target or value."
    )
    baseline: float | None = strawberry.field(
        description="The metric's baseline then; null when none was set."
    )
    target: float | None = strawberry.field(
        description="The metric's approved target then; null when none was set."
    )
    recorded_at: datetime = strawberry.field(
        description="When it was frozen: the moment the initiative completed."
    )
    metric: Metric = strawberry.field(description="The metric it concerns.")
