"""The object types of the API, in one module because they refer to each other both ways.

Objects are built from database rows by `schema/sources.py`. Scalar fields and to-one relations
are plain attributes (set by the planner before execution reaches them); connection fields read
the page the planner prefetched for their response key, so no resolver below the root queries
the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from schema.enums import (
    AuditAction,
    BudgetRequestStatus,
    ChangeKind,
    ChangeStatus,
    Direction,
    ExecutionMode,
    FourDimension,
    Health,
    InitiativeStatus,
    MeasurementFrequency,
    ObjectiveLevel,
    OfferingKind,
    OrderDirection,
    Outcome,
    PlanKind,
    Priority,
    Rag,
    ServiceLifecycle,
    TokenScope,
    Transition,
    Trend,
    ValueChainActivity,
)
from schema.filters import (
    InitiativeFilter,
    InitiativeOrderBy,
    MetricFilter,
    MetricOrderBy,
)
from schema.pagination import Connection
from schema.scalars import JSON

if TYPE_CHECKING:
    from schema.accounts import Session
    from schema.overview import BudgetTotal, HealthCount
    from schema.work import Work


def prefetched(root: Any, info: Info) -> Any:
    """The page the planner loaded for this field under this response key."""
    return root._prefetch[info.path.key]


def reads_prefetch(resolver):
    """Marks a resolver that only returns `prefetched(self, info)`, so the faster executor may
    read the page itself without coercing the arguments again (the planner already did)."""
    resolver.reads_prefetch = True
    return resolver


# The resolvers of connection fields, one per set of arguments. They only hand back the page
# the planner loaded (schema/relations.py applies the arguments); the field's annotation gives
# the connection's type.


@reads_prefetch
def _page(
    root, info: Info, first: int | None = None, after: str | None = None,
    last: int | None = None, before: str | None = None,
):  # fmt: skip
    return prefetched(root, info)


@reads_prefetch
def _initiative_page(
    root, info: Info, first: int | None = None, after: str | None = None,
    last: int | None = None, before: str | None = None, filter: InitiativeFilter | None = None,
    order_by: InitiativeOrderBy = InitiativeOrderBy.ID,
    direction: OrderDirection = OrderDirection.ASC,
):  # fmt: skip
    return prefetched(root, info)


@reads_prefetch
def _metric_page(
    root, info: Info, first: int | None = None, after: str | None = None,
    last: int | None = None, before: str | None = None, filter: MetricFilter | None = None,
    order_by: MetricOrderBy = MetricOrderBy.ID, direction: OrderDirection = OrderDirection.ASC,
):  # fmt: skip
    return prefetched(root, info)


@reads_prefetch
def _measurement_page(
    root, info: Info, first: int | None = None, after: str | None = None,
    last: int | None = None, before: str | None = None, since: datetime | None = None,
    until: datetime | None = None,
):  # fmt: skip
    return prefetched(root, info)


def page(description: str) -> Any:
    return strawberry.field(resolver=_page, description=description)


def initiative_page(description: str) -> Any:
    return strawberry.field(resolver=_initiative_page, description=description)


def metric_page(description: str) -> Any:
    return strawberry.field(resolver=_metric_page, description=description)


def measurement_page(description: str) -> Any:
    return strawberry.field(resolver=_measurement_page, description=description)


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


@strawberry.type(description="A named responsibility, such as service owner.")
class Role(Node):
    slug: str
    name: str
    description: str
    is_builtin: bool

    assignments: Connection[RoleAssignment] = page("Who holds this role, and where.")


@strawberry.type(description="Someone who signs in on the pages or calls the API with a token.")
class Person(Node):
    name: str
    email: str
    is_active: bool
    is_admin: bool
    created_at: datetime

    role_assignments: Connection[RoleAssignment] = page(
        "The roles this person holds, with their scopes."
    )

    @strawberry.field(
        description="Until when signing in is locked after too many wrong passwords; null when "
        "not locked. Shown to administrators only (null for everyone else); `unlockPerson` "
        "lifts it."
    )
    def locked_until(self, info: Info) -> datetime | None:
        viewer = info.context.viewer
        value = self.__dict__.get("locked_until_value")
        if viewer is None or not viewer.is_admin or value is None:
            return None
        return value if value > datetime.now(UTC) else None


@strawberry.type(description="A person holds a role, everywhere or for one service or process.")
class RoleAssignment(Node):
    created_at: datetime
    person: Person
    role: Role
    service: Service | None = strawberry.field(description="The service the role is scoped to.")
    process: Process | None = strawberry.field(description="The process the role is scoped to.")


@strawberry.type(description="Something the provider delivers.")
class Service(Node):
    name: str
    description: str
    lifecycle: ServiceLifecycle
    created_at: datetime
    improvement_plan: Plan | None = strawberry.field(
        description="The service improvement plan of this service."
    )
    owner: Person | None = strawberry.field(
        description="Who holds the service owner role for this service."
    )

    offerings: Connection[Offering] = page("What the service offers.")

    metrics: Connection[Metric] = metric_page("Metrics that measure this service.")

    role_assignments: Connection[RoleAssignment] = page("Who holds roles scoped to this service.")


@strawberry.type(description="Part of a service: goods, access to resources or a service action.")
class Offering(Node):
    name: str
    kind: OfferingKind
    description: str
    service: Service


@strawberry.type(description="A practice with an owner, a manager and practitioners.")
class Process(Node):
    name: str
    description: str
    created_at: datetime
    improvement_plan: Plan | None = strawberry.field(
        description="The process improvement plan of this process."
    )
    owner: Person | None = strawberry.field(
        description="Who holds the process owner role for this process."
    )

    metrics: Connection[Metric] = metric_page("Metrics that measure this process.")

    role_assignments: Connection[RoleAssignment] = page("Who holds roles scoped to this process.")


@strawberry.type(description="How many of a plan's initiatives are in one state.")
class StatusCount:
    status: InitiativeStatus
    count: int


@strawberry.type(description="A register of initiatives of one kind, owned by a role.")
class Plan(Node):
    name: str
    kind: PlanKind
    description: str
    confidential: bool
    created_at: datetime
    owner_role: Role
    service: Service | None = strawberry.field(
        description="The service a service improvement plan is for."
    )
    process: Process | None = strawberry.field(
        description="The process a process improvement plan is for."
    )
    status_counts: list[StatusCount] = strawberry.field(
        description="Initiative counts by state; states with none are left out."
    )

    initiatives: Connection[Initiative] = initiative_page("The plan's initiatives.")

    metrics: Connection[Metric] = metric_page("Metrics kept in this plan.")

    budget_totals: list[Annotated[BudgetTotal, strawberry.lazy("schema.overview")]] = (
        strawberry.field(
            description="Budget requested and approved over the initiatives the viewer may see, "
            "one entry per currency; empty when none has a budget."
        )
    )
    health_counts: list[Annotated[HealthCount, strawberry.lazy("schema.overview")]] = (
        strawberry.field(
            description="The latest status update's health of the initiatives in progress or on "
            "hold, counted; healths with none and initiatives without updates are left out."
        )
    )
    viewer_may_propose: bool = strawberry.field(
        description="Whether the viewer may propose initiatives in this plan (a role; in a "
        "service or process plan, a role in its scope); false for read-only tokens."
    )


@strawberry.type(description="A strategic initiative's progress, derived from its children.")
class Rollup:
    percent_complete: int = strawberry.field(
        description="The children's mean percent complete (completed ones count 100; rejected "
        "and cancelled ones are left out)."
    )
    health: Health | None = strawberry.field(
        description="The worst health among the children's latest status updates."
    )
    child_count: int


@strawberry.type(description="A piece of improvement work moving through the lifecycle.")
class Initiative(Node):
    title: str
    description: str
    rationale: str
    status: InitiativeStatus
    priority: Priority
    execution_mode: ExecutionMode
    value_chain_activity: ValueChainActivity | None
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    currency: str
    budget_requested: Decimal | None
    budget_approved: Decimal | None
    outcome: Outcome | None
    outcome_note: str
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Grows with every change; send it back on edits.")
    plan: Plan
    parent: Initiative | None = strawberry.field(
        description="The strategic initiative this one helps to execute."
    )
    owner: Person | None
    latest_status_update: StatusUpdate | None
    dimensions: list[FourDimension] = strawberry.field(
        description="The Four Dimensions the initiative touches."
    )
    tags: list[str]
    available_transitions: list[Transition] = strawberry.field(
        description="The lifecycle steps the viewer may take now, given the state and roles."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may edit it and post status updates (its owner, or the "
        "plan's owner); false for read-only tokens."
    )
    rollup: Rollup | None = strawberry.field(
        description="Progress derived from the children; null when it has none."
    )
    schedule: ScheduleStatus = strawberry.field(
        description="Red past the planned end, amber within 14 days of it, with the reason."
    )

    children: Connection[Initiative] = initiative_page(
        "Initiatives in subordinate plans that execute this one."
    )

    metrics: Connection[Metric] = metric_page("Metrics that show the initiative's effect.")

    status_updates: Connection[StatusUpdate] = page("Status updates, oldest first.")

    events: Connection[InitiativeEvent] = page("The lifecycle history, oldest first.")

    budget_requests: Connection[BudgetRequest] = page(
        "Budget requests and their decisions, oldest first."
    )

    objectives: Connection[Objective] = page("The objectives this initiative serves.")

    editable_fields: list[str] = strawberry.field(
        description="The UpdateInitiativeInput fields the viewer may change now, given the "
        "initiative's state; empty when the viewer may not edit it."
    )
    raised_from_metric: Metric | None = strawberry.field(
        description="The off-target metric this initiative was raised to correct, if any."
    )
    realised_benefits: list[RealisedBenefit] = strawberry.field(
        description="For each linked metric, its value and attainment when the initiative "
        "completed (empty until then)."
    )
    pending_changes: list[PendingChange] = strawberry.field(
        description="Changes to what was approved that wait for the approver: a new budget, "
        "or a new target of a linked metric; oldest first."
    )
    viewer_may_change_budget: bool = strawberry.field(
        description="Whether the viewer may ask for a new approved budget now "
        "(`proposeBudgetChange`): they may edit it and it is funded, running or held."
    )


@strawberry.type(description="One step of an initiative's lifecycle.")
class InitiativeEvent(Node):
    from_status: InitiativeStatus | None
    to_status: InitiativeStatus
    at: datetime
    reason: str
    actor: Person | None
    initiative: Initiative


@strawberry.type(description="A request for money and the steering committee's decision.")
class BudgetRequest(Node):
    amount: Decimal
    currency: str
    justification: str
    status: BudgetRequestStatus
    requested_at: datetime
    approved_amount: Decimal | None
    decided_at: datetime | None
    decision_reason: str
    requested_by: Person | None
    decided_by: Person | None
    initiative: Initiative


@strawberry.type(
    description="A change to what was approved, sent back to the approver: an initiative's "
    "approved budget (decided by the steering committee) or the target of a metric that judges "
    "approved work (decided by the owner role of that work's plan). Until accepted the "
    "approved value stays in force."
)
class PendingChange(Node):
    kind: ChangeKind
    status: ChangeStatus
    budget_before: Decimal | None = strawberry.field(description="The approved budget then.")
    budget_after: Decimal | None = strawberry.field(description="The budget asked for.")
    currency: str | None
    target_before: float | None = strawberry.field(description="The approved target then.")
    target_after: float | None = strawberry.field(description="The target asked for.")
    reason: str
    requested_at: datetime
    decided_at: datetime | None
    decision_reason: str
    requested_by: Person | None
    decided_by: Person | None
    initiative: Initiative | None = strawberry.field(description="For a BUDGET change.")
    metric: Metric | None = strawberry.field(description="For a TARGET change.")
    viewer_may_decide: bool = strawberry.field(
        description="Whether the viewer may accept or reject it now; false for read-only tokens."
    )


@strawberry.type(description="A progress report on a running initiative.")
class StatusUpdate(Node):
    health: Health
    percent_complete: int
    note: str
    posted_at: datetime
    posted_by: Person | None
    initiative: Initiative


@strawberry.type(description="A node of the tree vision > strategy > tactical > operational.")
class Objective(Node):
    level: ObjectiveLevel
    title: str
    description: str
    created_at: datetime
    parent: Objective | None

    children: Connection[Objective] = page("The objectives directly below this one.")

    metrics: Connection[Metric] = metric_page("Metrics that show progress towards this objective.")

    initiatives: Connection[Initiative] = initiative_page("Initiatives that serve this objective.")


@strawberry.type(description="How a metric stands, computed from its measurements on every read.")
class MetricStatus:
    rag: Rag
    reason: str = strawberry.field(
        description="In words, e.g. '7.2 h against target 4 h; worsening for 3 months.'"
    )
    latest_value: float | None
    attainment: float | None = strawberry.field(
        description="Progress from baseline (0) to target (1), respecting the direction."
    )
    trend: Trend
    trend_periods: int = strawberry.field(
        description="For how many measurement periods the trend has held."
    )


@strawberry.type(description="Whether an initiative keeps to its planned end, and why.")
class ScheduleStatus:
    rag: Rag
    reason: str


@strawberry.type(description="Something measured to show whether improvement pays off.")
class Metric(Node):
    name: str
    description: str
    unit: str
    direction: Direction
    should_measure: bool
    can_measure: bool
    data_source: str
    frequency: MeasurementFrequency
    baseline_value: float | None
    baseline_date: date | None
    target_value: float | None
    target_date: date | None
    amber_tolerance: float | None
    created_at: datetime
    owner: Person | None
    plan: Plan | None
    service: Service | None
    process: Process | None
    latest_measurement: Measurement | None
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

    initiatives: Connection[Initiative] = initiative_page(
        "Initiatives whose effect this metric shows."
    )

    objectives: Connection[Objective] = page("The objectives this metric serves.")

    corrective_actions: Connection[Initiative] = initiative_page(
        "Initiatives raised to correct this metric when it was off target."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may edit this metric's definition (its owner, the "
        "owner of its plan, administrators); false for read-only tokens."
    )
    pending_changes: list[PendingChange] = strawberry.field(
        description="A new target waiting for the approver of the work this metric judges; "
        "until accepted, `targetValue` is the approved one."
    )


@strawberry.type(description="One observed value of a metric.")
class Measurement(Node):
    value: float
    taken_at: datetime
    source: str
    recorded_at: datetime
    recorded_by: Person | None
    metric: Metric


@strawberry.type(
    description="One change to one object: who, when, and the fields before and after."
)
class AuditEntry(Node):
    at: datetime
    actor_name: str = strawberry.field(description="The actor's name when the change was made.")
    entity_type: str
    entity_id: strawberry.ID = strawberry.field(description="The global id of what changed.")
    entity_label: str
    action: AuditAction
    before: JSON | None
    after: JSON | None
    actor: Person | None


@strawberry.type(description="A reporting tool's credential; the secret is shown only once.")
class ApiToken(Node):
    name: str
    prefix: str = strawberry.field(description="The visible start of the secret: stw_<prefix>_…")
    scope: TokenScope
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    person: Person


@strawberry.type(description="The person making the request.")
class Viewer:
    id: strawberry.ID
    name: str
    email: str
    is_admin: bool
    roles: list[str] = strawberry.field(description="The slugs of the roles held, in any scope.")

    @strawberry.field(description="What awaits the viewer: approvals, budget decisions, status "
                      "updates and measurements due.")  # fmt: skip
    async def work(self, info: Info) -> Annotated[Work, strawberry.lazy("schema.work")]:
        from schema.work import load_work

        return await load_work(info)

    @strawberry.field(
        description="The viewer's signed-in browser sessions, most recently used first; "
        "`current` marks the one making this request. Empty for an API token's owner only if "
        "they are signed in nowhere."
    )
    async def sessions(
        self, info: Info
    ) -> list[Annotated[Session, strawberry.lazy("schema.accounts")]]:
        from schema.accounts import load_sessions

        return await load_sessions(info)


@strawberry.type(
    description="What a completed initiative achieved on one linked metric, frozen when it "
    "completed, beside the metric's baseline and target."
)
class RealisedBenefit:
    value: float | None = strawberry.field(description="The metric's latest value then.")
    attainment: float | None = strawberry.field(
        description="Progress from baseline (0) to target (1) then."
    )
    baseline: float | None = strawberry.field(description="The metric's baseline then.")
    target: float | None = strawberry.field(description="The metric's target then.")
    recorded_at: datetime
    metric: Metric
