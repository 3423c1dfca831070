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
    DirectionArgument,
    InitiativeFilterArgument,
    InitiativeOrderArgument,
    InitiativeOrderBy,
    MetricFilterArgument,
    MetricOrderArgument,
    MetricOrderBy,
)
from schema.pagination import After, Before, Connection, First, Last
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
def _page(root, info: Info, first: First = None, after: After = None, last: Last = None,
          before: Before = None):  # fmt: skip
    return prefetched(root, info)


@reads_prefetch
def _initiative_page(
    root, info: Info, first: First = None, after: After = None, last: Last = None,
    before: Before = None, filter: InitiativeFilterArgument = None,
    order_by: InitiativeOrderArgument = InitiativeOrderBy.ID,
    direction: DirectionArgument = OrderDirection.ASC,
):  # fmt: skip
    return prefetched(root, info)


@reads_prefetch
def _metric_page(
    root, info: Info, first: First = None, after: After = None, last: Last = None,
    before: Before = None, filter: MetricFilterArgument = None,
    order_by: MetricOrderArgument = MetricOrderBy.ID,
    direction: DirectionArgument = OrderDirection.ASC,
):  # fmt: skip
    return prefetched(root, info)


@reads_prefetch
def _measurement_page(
    root, info: Info, first: First = None, after: After = None, last: Last = None,
    before: Before = None,
    since: Annotated[datetime | None, strawberry.argument(
        description="Only measurements taken at or after this instant.")] = None,
    until: Annotated[datetime | None, strawberry.argument(
        description="Only measurements taken before this instant.")] = None,
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
    id: strawberry.ID = strawberry.field(
        description="The global id: opaque and stable; for `node(id:)` and mutation inputs."
    )


@strawberry.type(description="A named responsibility, such as service owner.")
class Role(Node):
    slug: str = strawberry.field(
        description="A stable key in lower case, e.g. service_owner (what `viewer.roles` lists)."
    )
    name: str = strawberry.field(description="The role's name, e.g. 'Service owner'.")
    description: str = strawberry.field(
        description="What the role is responsible for; empty when nothing was written."
    )
    is_builtin: bool = strawberry.field(
        description="Whether Steward ships it (steering committee, service owner, ...) rather "
        "than an administrator adding it."
    )

    assignments: Connection[RoleAssignment] = page("Who holds this role, and where.")


@strawberry.type(description="Someone who signs in on the pages or calls the API with a token.")
class Person(Node):
    name: str = strawberry.field(description="The person's full name.")
    email: str = strawberry.field(
        description="The e-mail address they sign in with, in lower case; unique."
    )
    is_active: bool = strawberry.field(
        description="False once deactivated: they can no longer sign in or use their tokens, "
        "and stay in history."
    )
    is_admin: bool = strawberry.field(
        description="Whether they are an administrator: they manage people, roles, services, "
        "processes and plans, and see everything."
    )
    created_at: datetime = strawberry.field(description="When the person was added.")

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
    created_at: datetime = strawberry.field(description="When the role was given.")
    person: Person = strawberry.field(description="Who holds the role.")
    role: Role = strawberry.field(description="The role held.")
    service: Service | None = strawberry.field(
        description="The service the role is scoped to; null when not scoped to a service."
    )
    process: Process | None = strawberry.field(
        description="The process the role is scoped to; null when not scoped to a process."
    )


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
    improvement_plan: Plan | None = strawberry.field(
        description="The service improvement plan of this service; null when the viewer may not "
        "see it."
    )
    owner: Person | None = strawberry.field(
        description="Who holds the service owner role for this service (the first assigned, if "
        "several); null when nobody does."
    )

    offerings: Connection[Offering] = page("What the service offers.")

    metrics: Connection[Metric] = metric_page("Metrics that measure this service.")

    role_assignments: Connection[RoleAssignment] = page("Who holds roles scoped to this service.")


@strawberry.type(description="Part of a service: goods, access to resources or a service action.")
class Offering(Node):
    name: str = strawberry.field(description="The offering's name; unique within its service.")
    kind: OfferingKind = strawberry.field(description="What the offering is made of.")
    description: str = strawberry.field(
        description="What the offering provides; empty when nothing was written."
    )
    service: Service = strawberry.field(description="The service the offering is part of.")


@strawberry.type(description="A practice with an owner, a manager and practitioners.")
class Process(Node):
    name: str = strawberry.field(description="The process's name; unique.")
    description: str = strawberry.field(
        description="The process's purpose and scope; empty when nothing was written."
    )
    created_at: datetime = strawberry.field(description="When the process was registered.")
    improvement_plan: Plan | None = strawberry.field(
        description="The process improvement plan of this process; null when the viewer may not "
        "see it."
    )
    owner: Person | None = strawberry.field(
        description="Who holds the process owner role for this process (the first assigned, if "
        "several); null when nobody does."
    )

    metrics: Connection[Metric] = metric_page("Metrics that measure this process.")

    role_assignments: Connection[RoleAssignment] = page("Who holds roles scoped to this process.")


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
    owner_role: Role = strawberry.field(
        description="The role that owns the plan and approves or rejects its initiatives."
    )
    service: Service | None = strawberry.field(
        description="The service a service improvement plan is for; null for other kinds."
    )
    process: Process | None = strawberry.field(
        description="The process a process improvement plan is for; null for other kinds."
    )
    status_counts: list[StatusCount] = strawberry.field(
        description="Initiative counts by state, in lifecycle order; states with none are left out."
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
        description="The children's mean percent complete, 0 to 100 (completed ones count 100, "
        "those without an update 0; rejected and cancelled ones are left out)."
    )
    health: Health | None = strawberry.field(
        description="The worst health among the children's latest status updates; null when no "
        "running child has posted one."
    )
    child_count: int = strawberry.field(
        description="How many children the viewer may see, rejected and cancelled ones included."
    )


@strawberry.type(description="A piece of improvement work moving through the lifecycle.")
class Initiative(Node):
    title: str = strawberry.field(description="A short name for the work (at most 200 characters).")
    description: str = strawberry.field(
        description="What the work is; empty when nothing was written."
    )
    rationale: str = strawberry.field(
        description="Why the work is worth doing; empty when nothing was written."
    )
    status: InitiativeStatus = strawberry.field(description="Where it is in the lifecycle.")
    priority: Priority = strawberry.field(description="How urgent it is.")
    execution_mode: ExecutionMode = strawberry.field(
        description="Whether it runs as a formal project or informally."
    )
    value_chain_activity: ValueChainActivity | None = strawberry.field(
        description="The service value chain activity it belongs to; null when not set."
    )
    planned_start: date | None = strawberry.field(
        description="The day the work is planned to start; null when not planned."
    )
    planned_end: date | None = strawberry.field(
        description="The day the work is planned to end; null when not planned."
    )
    actual_start: date | None = strawberry.field(
        description="The day it started (`startInitiative`); null until then."
    )
    actual_end: date | None = strawberry.field(
        description="The day it completed (`completeInitiative`); null until then."
    )
    currency: str = strawberry.field(
        description="The ISO 4217 code of its budget's currency, e.g. EUR (the default)."
    )
    budget_requested: Decimal | None = strawberry.field(
        description="The budget asked for (an estimate until `requestBudget`), a decimal string "
        "in `currency`; null or 0 when it needs none."
    )
    budget_approved: Decimal | None = strawberry.field(
        description="The budget granted by the steering committee, a decimal string in "
        "`currency`; null until funded."
    )
    outcome: Outcome | None = strawberry.field(
        description="How it turned out; null until completed."
    )
    outcome_note: str = strawberry.field(
        description="The note given on completion; empty until then, or when none was given."
    )
    created_at: datetime = strawberry.field(description="When it was proposed.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(description="Grows with every change; send it back on edits.")
    plan: Plan = strawberry.field(description="The plan that holds it.")
    parent: Initiative | None = strawberry.field(
        description="The strategic initiative this one helps to execute; null when none."
    )
    owner: Person | None = strawberry.field(
        description="The person responsible for the work; null when nobody is."
    )
    latest_status_update: StatusUpdate | None = strawberry.field(
        description="The newest status update; null when none has been posted."
    )
    dimensions: list[FourDimension] = strawberry.field(
        description="The Four Dimensions the initiative touches."
    )
    tags: list[str] = strawberry.field(
        description="Free labels for grouping and filtering, in lower case, alphabetically."
    )
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
        description="The off-target metric this initiative was raised to correct; null when it "
        "was not raised as a corrective action."
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
    from_status: InitiativeStatus | None = strawberry.field(
        description="The state before; null for the proposal that created the initiative."
    )
    to_status: InitiativeStatus = strawberry.field(description="The state after.")
    at: datetime = strawberry.field(description="When the step was taken.")
    reason: str = strawberry.field(
        description="Why, as given (required to reject, hold and cancel; the note on "
        "completion); empty when none was given."
    )
    actor: Person | None = strawberry.field(description="Who took the step; null when not known.")
    initiative: Initiative = strawberry.field(description="The initiative that took the step.")


@strawberry.type(description="A request for money and the steering committee's decision.")
class BudgetRequest(Node):
    amount: Decimal = strawberry.field(
        description="The amount asked for, a decimal string in `currency`."
    )
    currency: str = strawberry.field(description="The ISO 4217 code of the amounts, e.g. EUR.")
    justification: str = strawberry.field(description="Why the money is needed.")
    status: BudgetRequestStatus = strawberry.field(
        description="Whether it waits for the steering committee, or how they decided."
    )
    requested_at: datetime = strawberry.field(description="When it was asked for.")
    approved_amount: Decimal | None = strawberry.field(
        description="The amount granted, a decimal string in `currency`, at most `amount`; null "
        "unless APPROVED."
    )
    decided_at: datetime | None = strawberry.field(
        description="When the steering committee decided; null while PENDING."
    )
    decision_reason: str = strawberry.field(
        description="The reason given with the decision (required to reject); empty while "
        "pending or when none was given."
    )
    requested_by: Person | None = strawberry.field(
        description="Who asked for it; null when not known."
    )
    decided_by: Person | None = strawberry.field(description="Who decided it; null while PENDING.")
    initiative: Initiative = strawberry.field(description="The initiative the money is for.")


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
    requested_by: Person | None = strawberry.field(
        description="Who asked for it; null when not known."
    )
    decided_by: Person | None = strawberry.field(
        description="Who decided it; null while PENDING or when not known."
    )
    initiative: Initiative | None = strawberry.field(
        description="The initiative whose budget changes; null for a TARGET change."
    )
    metric: Metric | None = strawberry.field(
        description="The metric whose target changes; null for a BUDGET change."
    )
    viewer_may_decide: bool = strawberry.field(
        description="Whether the viewer may accept or reject it now; false for read-only tokens."
    )


@strawberry.type(description="A progress report on a running initiative.")
class StatusUpdate(Node):
    health: Health = strawberry.field(description="How the work stands, in the poster's view.")
    percent_complete: int = strawberry.field(description="How much of the work is done, 0 to 100.")
    note: str = strawberry.field(
        description="What happened and what comes next; empty when nothing was written."
    )
    posted_at: datetime = strawberry.field(description="When it was posted.")
    posted_by: Person | None = strawberry.field(description="Who posted it; null when not known.")
    initiative: Initiative = strawberry.field(description="The initiative it reports on.")


@strawberry.type(description="A node of the tree vision > strategy > tactical > operational.")
class Objective(Node):
    level: ObjectiveLevel = strawberry.field(description="Its level in the tree.")
    title: str = strawberry.field(description="A short name (at most 200 characters).")
    description: str = strawberry.field(
        description="What the objective means; empty when nothing was written."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    parent: Objective | None = strawberry.field(
        description="The objective directly above it; null only for a vision."
    )

    children: Connection[Objective] = page("The objectives directly below this one.")

    metrics: Connection[Metric] = metric_page("Metrics that show progress towards this objective.")

    initiatives: Connection[Initiative] = initiative_page("Initiatives that serve this objective.")


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


@strawberry.type(description="Whether an initiative keeps to its planned end, and why.")
class ScheduleStatus:
    rag: Rag = strawberry.field(
        description="Red past the planned end and not finished, amber within 14 days of it, "
        "green before; NONE without a planned end or once closed."
    )
    reason: str = strawberry.field(description="In words, e.g. 'Due in 5 days (2026-02-01).'")


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
    owner: Person | None = strawberry.field(
        description="Who owns the metric and records its measurements; null when nobody does."
    )
    plan: Plan | None = strawberry.field(
        description="The plan the metric is kept in; null when none."
    )
    service: Service | None = strawberry.field(
        description="The service it measures; null when none."
    )
    process: Process | None = strawberry.field(
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
    value: float = strawberry.field(description="The value observed, in the metric's unit.")
    taken_at: datetime = strawberry.field(description="When the value was observed.")
    source: str = strawberry.field(
        description="Where the value came from, as recorded, e.g. 'api' or 'CSV import'."
    )
    recorded_at: datetime = strawberry.field(description="When it was entered in Steward.")
    recorded_by: Person | None = strawberry.field(
        description="Who recorded it; null when not known."
    )
    metric: Metric = strawberry.field(description="The metric it is a value of.")


@strawberry.type(
    description="One change to one object: who, when, and the fields before and after."
)
class AuditEntry(Node):
    at: datetime = strawberry.field(description="When the change was made.")
    actor_name: str = strawberry.field(description="The actor's name when the change was made.")
    entity_type: str = strawberry.field(
        description="The API type of what changed, e.g. 'Initiative' or 'Metric'."
    )
    entity_id: strawberry.ID = strawberry.field(description="The global id of what changed.")
    entity_label: str = strawberry.field(
        description="The name of what changed when it changed, e.g. an initiative's title."
    )
    action: AuditAction = strawberry.field(description="What kind of change it was.")
    before: JSON | None = strawberry.field(
        description="The changed fields' values before, as a JSON object; null for CREATE."
    )
    after: JSON | None = strawberry.field(
        description="The changed fields' values after, as a JSON object (with the reason of a "
        "lifecycle step); null for DELETE."
    )
    actor: Person | None = strawberry.field(
        description="Who made the change; null when not known (`actorName` still tells)."
    )


@strawberry.type(description="A reporting tool's credential; the secret is shown only once.")
class ApiToken(Node):
    name: str = strawberry.field(description="What the token is for, e.g. 'Quarterly report'.")
    prefix: str = strawberry.field(description="The visible start of the secret: stw_<prefix>_…")
    scope: TokenScope = strawberry.field(
        description="Whether it may only read, or also change data."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    expires_at: datetime | None = strawberry.field(
        description="When it stops working; null when it never expires."
    )
    last_used_at: datetime | None = strawberry.field(
        description="When it was last used; null when never."
    )
    revoked_at: datetime | None = strawberry.field(
        description="When it was revoked and stopped working; null while not revoked."
    )
    person: Person = strawberry.field(
        description="The person it acts as: it sees and may do what they may."
    )


@strawberry.type(description="The person making the request.")
class Viewer:
    id: strawberry.ID = strawberry.field(description="The person's global id.")
    name: str = strawberry.field(description="The person's full name.")
    email: str = strawberry.field(description="The person's e-mail address.")
    is_admin: bool = strawberry.field(description="Whether the person is an administrator.")
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
