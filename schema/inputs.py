"""The input objects of the mutations (one per mutation; ids are global ids)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from schema.enums import (
    Direction,
    ExecutionMode,
    FourDimension,
    Health,
    MeasurementFrequency,
    ObjectiveLevel,
    OfferingKind,
    Outcome,
    PlanKind,
    Priority,
    ServiceLifecycle,
    TokenScope,
    ValueChainActivity,
)
from server.models.enums import TokenScope as TokenScopeValue


@strawberry.input(description="A new initiative, proposed in a plan.")
class ProposeInitiativeInput:
    plan_id: strawberry.ID
    title: str
    description: str | None = None
    rationale: str | None = None
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Defaults to the person proposing."
    )
    priority: Priority | None = None
    execution_mode: ExecutionMode | None = None
    value_chain_activity: ValueChainActivity | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    currency: str | None = None
    budget_requested: Decimal | None = strawberry.field(
        default=None, description="An estimate; the formal request comes with requestBudget."
    )
    dimensions: list[FourDimension] | None = None
    tags: list[str] | None = None
    objective_ids: list[strawberry.ID] | None = None


@strawberry.input(description="Changes to an initiative; fields left out stay as they are.")
class UpdateInitiativeInput:
    id: strawberry.ID
    expected_version: int
    title: str | None = None
    description: str | None = None
    rationale: str | None = None
    owner_id: strawberry.ID | None = None
    priority: Priority | None = None
    execution_mode: ExecutionMode | None = None
    value_chain_activity: ValueChainActivity | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    currency: str | None = None
    budget_requested: Decimal | None = None
    dimensions: list[FourDimension] | None = None
    tags: list[str] | None = None
    objective_ids: list[strawberry.ID] | None = None


@strawberry.input
class ApproveInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str | None = None


@strawberry.input
class RejectInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str


@strawberry.input
class RequestBudgetInput:
    id: strawberry.ID
    expected_version: int
    amount: Decimal
    justification: str
    currency: str | None = None


@strawberry.input(description="Fund the pending request (amount ≤ requested) or reject it.")
class DecideBudgetInput:
    id: strawberry.ID
    expected_version: int
    approve: bool
    amount: Decimal | None = strawberry.field(
        default=None, description="When approving; defaults to the amount requested."
    )
    reason: str | None = strawberry.field(default=None, description="Required when rejecting.")


@strawberry.input
class StartInitiativeInput:
    id: strawberry.ID
    expected_version: int


@strawberry.input
class HoldInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str


@strawberry.input
class ResumeInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str | None = None


@strawberry.input
class CompleteInitiativeInput:
    id: strawberry.ID
    expected_version: int
    outcome: Outcome
    note: str = ""


@strawberry.input
class CancelInitiativeInput:
    id: strawberry.ID
    expected_version: int
    reason: str


@strawberry.input
class PostStatusUpdateInput:
    initiative_id: strawberry.ID
    health: Health
    percent_complete: int
    note: str = ""


@strawberry.input
class LinkChildInitiativeInput:
    parent_id: strawberry.ID
    child_id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The child's version, to refuse a stale change."
    )


@strawberry.input
class UnlinkChildInitiativeInput:
    child_id: strawberry.ID
    expected_version: int | None = None


@strawberry.input
class CreatePersonInput:
    email: str
    name: str
    password: str | None = strawberry.field(
        default=None,
        description="At least 10 characters, not a common or easily guessed password, and not "
        "containing the e-mail address; leave out for token-only people.",
    )
    is_admin: bool = False


@strawberry.input
class UpdatePersonInput:
    id: strawberry.ID
    name: str | None = None
    email: str | None = None
    is_admin: bool | None = None
    password: str | None = strawberry.field(
        default=None,
        description="A new password (the policy of createPerson); ends every session they have.",
    )


@strawberry.input
class DeactivatePersonInput:
    id: strawberry.ID


@strawberry.input(description="Give a person a role, optionally scoped to a service or process.")
class AssignRoleInput:
    person_id: strawberry.ID
    role_id: strawberry.ID
    service_id: strawberry.ID | None = None
    process_id: strawberry.ID | None = None


@strawberry.input
class UnassignRoleInput:
    id: strawberry.ID = strawberry.field(description="The role assignment's id.")


@strawberry.input
class CreateApiTokenInput:
    name: str
    scope: TokenScope = TokenScopeValue.READ
    expires_in_days: int | None = None
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="Administrators may make tokens for others; default: yourself."
    )


@strawberry.input
class RevokeApiTokenInput:
    id: strawberry.ID


@strawberry.input
class CreateServiceInput:
    name: str
    lifecycle: ServiceLifecycle
    description: str = ""
    plan_name: str | None = strawberry.field(
        default=None, description="Its improvement plan's name; default '<name> improvement plan'."
    )


@strawberry.input
class UpdateServiceInput:
    id: strawberry.ID
    name: str | None = None
    description: str | None = None
    lifecycle: ServiceLifecycle | None = None


@strawberry.input
class CreateProcessInput:
    name: str
    description: str = ""
    plan_name: str | None = None


@strawberry.input
class UpdateProcessInput:
    id: strawberry.ID
    name: str | None = None
    description: str | None = None


@strawberry.input
class CreatePlanInput:
    kind: PlanKind
    name: str
    description: str = ""


@strawberry.input
class UpdatePlanInput:
    id: strawberry.ID
    name: str | None = None
    description: str | None = None
    confidential: bool | None = None


@strawberry.input
class CreateOfferingInput:
    service_id: strawberry.ID
    name: str
    kind: OfferingKind
    description: str = ""


@strawberry.input
class UpdateOfferingInput:
    id: strawberry.ID
    name: str | None = None
    kind: OfferingKind | None = None
    description: str | None = None


@strawberry.input(description="One observed value of a metric.")
class MeasurementInput:
    metric_id: strawberry.ID
    value: float
    taken_at: datetime
    source: str = "api"


@strawberry.input(description="Measurements to record together: all of them or none.")
class RecordMeasurementsInput:
    measurements: list[MeasurementInput]


# -- objectives, metrics and corrective actions ------------------------------------------------


@strawberry.input(description="A new objective; every level but the vision sits below a parent.")
class CreateObjectiveInput:
    level: ObjectiveLevel
    title: str
    description: str | None = None
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="An objective of a higher level; none only for a vision."
    )


@strawberry.input(description="Changes to an objective; fields left out stay as they are.")
class UpdateObjectiveInput:
    id: strawberry.ID
    level: ObjectiveLevel | None = None
    title: str | None = None
    description: str | None = None
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Move it below another objective."
    )


@strawberry.input(description="An objective with nothing below it, to delete.")
class DeleteObjectiveInput:
    id: strawberry.ID


@strawberry.input(description="Link one metric or one initiative to an objective it serves.")
class LinkObjectiveInput:
    objective_id: strawberry.ID
    metric_id: strawberry.ID | None = None
    initiative_id: strawberry.ID | None = None


@strawberry.input(description="Unlink one metric or one initiative from an objective.")
class UnlinkObjectiveInput:
    objective_id: strawberry.ID
    metric_id: strawberry.ID | None = None
    initiative_id: strawberry.ID | None = None


@strawberry.input(description="A new metric: what should and can be measured, and against what.")
class CreateMetricInput:
    name: str
    direction: Direction = strawberry.field(description="UP: higher is better; DOWN: lower is.")
    description: str | None = None
    unit: str | None = None
    should_measure: bool | None = strawberry.field(
        default=None, description="Needed by the objectives (step 1). Default true."
    )
    can_measure: bool | None = strawberry.field(
        default=None, description="Can be gathered now (step 2); needs a data source."
    )
    data_source: str | None = None
    frequency: MeasurementFrequency | None = None
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    target_date: date | None = None
    amber_tolerance: float | None = strawberry.field(
        default=None, description="How far short of the target still counts as amber (>= 0)."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Defaults to the person creating it."
    )
    plan_id: strawberry.ID | None = None
    service_id: strawberry.ID | None = None
    process_id: strawberry.ID | None = None
    objective_ids: list[strawberry.ID] | None = None
    initiative_ids: list[strawberry.ID] | None = None


@strawberry.input(
    description="Changes to a metric; fields left out stay as they are, null clears the "
    "optional ones, lists replace the links."
)
class UpdateMetricInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    direction: Direction | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    unit: str | None = strawberry.UNSET
    should_measure: bool | None = strawberry.UNSET
    can_measure: bool | None = strawberry.UNSET
    data_source: str | None = strawberry.UNSET
    frequency: MeasurementFrequency | None = strawberry.UNSET
    baseline_value: float | None = strawberry.UNSET
    baseline_date: date | None = strawberry.UNSET
    target_value: float | None = strawberry.UNSET
    target_date: date | None = strawberry.UNSET
    amber_tolerance: float | None = strawberry.UNSET
    owner_id: strawberry.ID | None = strawberry.UNSET
    plan_id: strawberry.ID | None = strawberry.UNSET
    service_id: strawberry.ID | None = strawberry.UNSET
    process_id: strawberry.ID | None = strawberry.UNSET
    objective_ids: list[strawberry.ID] | None = strawberry.UNSET
    initiative_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.input(description="Raise a corrective action from a metric off target.")
class RaiseCorrectiveActionInput:
    metric_id: strawberry.ID
    title: str | None = strawberry.field(
        default=None, description="Defaults to 'Corrective action: <metric name>'."
    )
    description: str | None = strawberry.field(
        default=None, description="Defaults to the metric's status and its reason."
    )
