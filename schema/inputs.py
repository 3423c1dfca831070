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

# Descriptions that many inputs share.
INITIATIVE_ID = "The initiative's global id."
EXPECTED_VERSION = (
    "The initiative's `version` as you read it; when it has changed since, nothing changes and "
    "the error is CONFLICT."
)
UNCHANGED = "; null or left out: unchanged."


def _field(description: str, default=None):
    return strawberry.field(default=default, description=description)


@strawberry.input(description="A new initiative, proposed in a plan.")
class ProposeInitiativeInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan to propose it in (global id).")
    title: str = strawberry.field(description="A short name for the work, at most 200 characters.")
    description: str | None = _field("What the work is, at most 10,000 characters.")
    rationale: str | None = _field("Why it is worth doing, at most 10,000 characters.")
    owner_id: strawberry.ID | None = _field("Defaults to the person proposing.")
    priority: Priority | None = _field("How urgent it is; default MEDIUM.")
    execution_mode: ExecutionMode | None = _field("How it runs; default INFORMAL.")
    value_chain_activity: ValueChainActivity | None = _field(
        "The value chain activity it belongs to; default none."
    )
    planned_start: date | None = _field("The day it is planned to start.")
    planned_end: date | None = _field("The day it is planned to end; not before plannedStart.")
    currency: str | None = _field("The ISO 4217 code of its budget's currency; default EUR.")
    budget_requested: Decimal | None = _field(
        "An estimate; the formal request comes with requestBudget. A decimal string in "
        "`currency`, at most two decimals; none or 0: it needs no budget."
    )
    dimensions: list[FourDimension] | None = _field("The Four Dimensions it touches.")
    tags: list[str] | None = _field(
        "Free labels, at most 20 of at most 60 characters each; kept in lower case."
    )
    objective_ids: list[strawberry.ID] | None = _field("The objectives it serves (global ids).")


@strawberry.input(
    description="Changes to an initiative; fields left out stay as they are. Only the fields in "
    "its `editableFields` may change in its state."
)
class UpdateInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    title: str | None = _field("The new title, at most 200 characters" + UNCHANGED)
    description: str | None = _field("The new description" + UNCHANGED)
    rationale: str | None = _field("The new rationale" + UNCHANGED)
    owner_id: strawberry.ID | None = _field("The new owner, an active person's id" + UNCHANGED)
    priority: Priority | None = _field("The new priority" + UNCHANGED)
    execution_mode: ExecutionMode | None = _field("The new execution mode" + UNCHANGED)
    value_chain_activity: ValueChainActivity | None = _field(
        "The new value chain activity" + UNCHANGED
    )
    planned_start: date | None = _field("The new planned start" + UNCHANGED)
    planned_end: date | None = _field("The new planned end" + UNCHANGED)
    currency: str | None = _field("The new ISO 4217 currency code" + UNCHANGED)
    budget_requested: Decimal | None = _field(
        "The new budget estimate, a decimal string in `currency`" + UNCHANGED
    )
    dimensions: list[FourDimension] | None = _field(
        "The Four Dimensions it touches, replacing the old ones" + UNCHANGED
    )
    tags: list[str] | None = _field("Its tags, replacing the old ones" + UNCHANGED)
    objective_ids: list[strawberry.ID] | None = _field(
        "The objectives it serves, replacing the old links" + UNCHANGED
    )


@strawberry.input(description="Approve a proposed initiative.")
class ApproveInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str | None = _field("Why, kept in its history; optional, at most 2,000 characters.")


@strawberry.input(description="Reject a proposed initiative, with a reason.")
class RejectInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description="Why it is rejected; at most 2,000 characters.")


@strawberry.input(description="Ask the steering committee for money for an approved initiative.")
class RequestBudgetInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    amount: Decimal = strawberry.field(
        description="The amount asked for, a decimal string with at most two decimals, above 0."
    )
    justification: str = strawberry.field(
        description="Why the money is needed; at most 2,000 characters."
    )
    currency: str | None = _field(
        "The ISO 4217 code of the amount; default: the initiative's currency, which becomes this."
    )


@strawberry.input(description="Fund the pending request (amount ≤ requested) or reject it.")
class DecideBudgetInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    approve: bool = strawberry.field(
        description="True funds the request; false rejects it and the initiative goes back to "
        "APPROVED."
    )
    amount: Decimal | None = _field(
        "When approving: the amount granted, a decimal string, at most the amount requested; "
        "defaults to the amount requested."
    )
    reason: str | None = _field("Why; required when rejecting, at most 2,000 characters.")


@strawberry.input(description="Start a funded initiative, or an approved one that needs no budget.")
class StartInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)


@strawberry.input(description="Put an initiative in progress on hold, with a reason.")
class HoldInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description="Why it is paused; at most 2,000 characters.")


@strawberry.input(description="Resume an initiative on hold.")
class ResumeInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str | None = _field("Why it resumes; optional, at most 2,000 characters.")


@strawberry.input(description="Complete an initiative in progress, with its outcome.")
class CompleteInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    outcome: Outcome = strawberry.field(description="How it turned out.")
    note: str = _field(
        "What it achieved, or why not; kept as `outcomeNote`; at most 2,000 characters.", ""
    )


@strawberry.input(description="Cancel an initiative that is not yet completed, with a reason.")
class CancelInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str = strawberry.field(description="Why it is cancelled; at most 2,000 characters.")


@strawberry.input(description="A progress report on an initiative in progress or on hold.")
class PostStatusUpdateInput:
    initiative_id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    health: Health = strawberry.field(description="How the work stands.")
    percent_complete: int = strawberry.field(description="How much of the work is done, 0 to 100.")
    note: str = _field("What happened and what comes next; at most 5,000 characters.", "")


@strawberry.input(
    description="Let an initiative in a subordinate plan execute a strategic initiative."
)
class LinkChildInitiativeInput:
    parent_id: strawberry.ID = strawberry.field(
        description="The initiative in the strategic plan (global id)."
    )
    child_id: strawberry.ID = strawberry.field(
        description="The initiative in a subordinate plan that executes it (global id); it may "
        "execute only one."
    )
    expected_version: int | None = _field(
        "The child's version, to refuse a stale change; null: not checked."
    )


@strawberry.input(description="Detach a child from the strategic initiative it executes.")
class UnlinkChildInitiativeInput:
    child_id: strawberry.ID = strawberry.field(description="The child initiative's global id.")
    expected_version: int | None = _field(
        "The child's version, to refuse a stale change; null: not checked."
    )


@strawberry.input(description="A new person who can sign in or hold API tokens.")
class CreatePersonInput:
    email: str = strawberry.field(
        description="The e-mail address they sign in with; unique, kept in lower case."
    )
    name: str = strawberry.field(description="Their full name, at most 200 characters.")
    password: str | None = _field(
        "At least 10 characters, not a common or easily guessed password, and not containing "
        "the e-mail address; leave out for token-only people."
    )
    is_admin: bool = _field("Whether they are an administrator; default false.", False)


@strawberry.input(description="Changes to a person; fields left out stay as they are.")
class UpdatePersonInput:
    id: strawberry.ID = strawberry.field(description="The person's global id.")
    name: str | None = _field("The new name" + UNCHANGED)
    email: str | None = _field("The new e-mail address, unique" + UNCHANGED)
    is_admin: bool | None = _field("Whether they are an administrator" + UNCHANGED)
    password: str | None = _field(
        "A new password (the policy of createPerson); ends every session they have; "
        "null or left out: unchanged."
    )


@strawberry.input(description="A person to deactivate.")
class DeactivatePersonInput:
    id: strawberry.ID = strawberry.field(description="The person's global id.")


@strawberry.input(description="Give a person a role, optionally scoped to a service or process.")
class AssignRoleInput:
    person_id: strawberry.ID = strawberry.field(description="The person's global id.")
    role_id: strawberry.ID = strawberry.field(description="The role's global id.")
    service_id: strawberry.ID | None = _field(
        "Scope the role to this service (global id); null: not scoped to a service."
    )
    process_id: strawberry.ID | None = _field(
        "Scope the role to this process (global id), not with serviceId; null: not scoped to a "
        "process."
    )


@strawberry.input(description="A role assignment to take away.")
class UnassignRoleInput:
    id: strawberry.ID = strawberry.field(description="The role assignment's id.")


@strawberry.input(description="A new API token for a reporting tool.")
class CreateApiTokenInput:
    name: str = strawberry.field(description="What the token is for, e.g. 'Quarterly report'.")
    scope: TokenScope = _field(
        "Read only (READ, the default), or also change data.", TokenScopeValue.READ
    )
    expires_in_days: int | None = _field(
        "It stops working after this many days, 1 to 3650; null: it never expires."
    )
    person_id: strawberry.ID | None = _field(
        "Whose token (global id): administrators may make tokens for others; default: yourself."
    )


@strawberry.input(description="An API token to revoke: it stops working at once.")
class RevokeApiTokenInput:
    id: strawberry.ID = strawberry.field(description="The token's global id.")


@strawberry.input(description="A new service, registered with its service improvement plan.")
class CreateServiceInput:
    name: str = strawberry.field(description="The service's name; unique.")
    lifecycle: ServiceLifecycle = strawberry.field(description="Where the service is now.")
    description: str = _field("What the service is and whom it serves.", "")
    plan_name: str | None = _field(
        "Its improvement plan's name; default '<name> improvement plan'."
    )


@strawberry.input(description="Changes to a service; fields left out stay as they are.")
class UpdateServiceInput:
    id: strawberry.ID = strawberry.field(description="The service's global id.")
    name: str | None = _field("The new name, unique" + UNCHANGED)
    description: str | None = _field("The new description" + UNCHANGED)
    lifecycle: ServiceLifecycle | None = _field("The new lifecycle state" + UNCHANGED)


@strawberry.input(description="A new process, registered with its process improvement plan.")
class CreateProcessInput:
    name: str = strawberry.field(description="The process's name; unique.")
    description: str = _field("The process's purpose and scope.", "")
    plan_name: str | None = _field(
        "Its improvement plan's name; default '<name> improvement plan'."
    )


@strawberry.input(description="Changes to a process; fields left out stay as they are.")
class UpdateProcessInput:
    id: strawberry.ID = strawberry.field(description="The process's global id.")
    name: str | None = _field("The new name, unique" + UNCHANGED)
    description: str | None = _field("The new description" + UNCHANGED)


@strawberry.input(
    description="A new plan of a kind that belongs to no service or process (service and "
    "process improvement plans come with their service or process)."
)
class CreatePlanInput:
    kind: PlanKind = strawberry.field(
        description="STRATEGIC, SECURITY_IMPROVEMENT, CONTINUITY_IMPROVEMENT or "
        "SKILL_DEVELOPMENT; it fixes the owner role."
    )
    name: str = strawberry.field(description="The plan's name; unique.")
    description: str = _field("What the plan is for.", "")


@strawberry.input(description="Changes to a plan; fields left out stay as they are.")
class UpdatePlanInput:
    id: strawberry.ID = strawberry.field(description="The plan's global id.")
    name: str | None = _field("The new name, unique" + UNCHANGED)
    description: str | None = _field("The new description" + UNCHANGED)
    confidential: bool | None = _field(
        "Whether only the security manager, the steering committee and administrators see it "
        "(the security improvement plan always stays confidential)" + UNCHANGED
    )


@strawberry.input(description="A new offering of a service.")
class CreateOfferingInput:
    service_id: strawberry.ID = strawberry.field(description="The service's global id.")
    name: str = strawberry.field(description="The offering's name; unique within the service.")
    kind: OfferingKind = strawberry.field(description="What the offering is made of.")
    description: str = _field("What the offering provides.", "")


@strawberry.input(description="Changes to an offering; fields left out stay as they are.")
class UpdateOfferingInput:
    id: strawberry.ID = strawberry.field(description="The offering's global id.")
    name: str | None = _field("The new name, unique within its service" + UNCHANGED)
    kind: OfferingKind | None = _field("The new kind" + UNCHANGED)
    description: str | None = _field("The new description" + UNCHANGED)


@strawberry.input(description="One observed value of a metric.")
class MeasurementInput:
    metric_id: strawberry.ID = strawberry.field(description="The metric's global id.")
    value: float = strawberry.field(description="The value observed, in the metric's unit.")
    taken_at: datetime = strawberry.field(
        description="When the value was observed; one value per metric and instant."
    )
    source: str = _field("Where the value came from, at most 120 characters.", "api")


@strawberry.input(description="Measurements to record together: all of them or none.")
class RecordMeasurementsInput:
    measurements: list[MeasurementInput] = strawberry.field(
        description="The measurements, 1 to 10,000."
    )


# -- objectives, metrics and corrective actions ------------------------------------------------


@strawberry.input(description="A new objective; every level but the vision sits below a parent.")
class CreateObjectiveInput:
    level: ObjectiveLevel = strawberry.field(description="Its level in the tree.")
    title: str = strawberry.field(description="A short name, at most 200 characters.")
    description: str | None = _field("What the objective means, at most 10,000 characters.")
    parent_id: strawberry.ID | None = _field(
        "An objective of a higher level; none only for a vision."
    )


@strawberry.input(description="Changes to an objective; fields left out stay as they are.")
class UpdateObjectiveInput:
    id: strawberry.ID = strawberry.field(description="The objective's global id.")
    level: ObjectiveLevel | None = _field(
        "The new level, below its parent's and above its children's" + UNCHANGED
    )
    title: str | None = _field("The new title" + UNCHANGED)
    description: str | None = _field("The new description" + UNCHANGED)
    parent_id: strawberry.ID | None = _field(
        "Move it below another objective (global id); null makes it a root, which only a vision "
        "may be; left out: it stays where it is.",
        strawberry.UNSET,
    )


@strawberry.input(description="An objective with nothing below it, to delete.")
class DeleteObjectiveInput:
    id: strawberry.ID = strawberry.field(description="The objective's global id.")


@strawberry.input(description="Link one metric or one initiative to an objective it serves.")
class LinkObjectiveInput:
    objective_id: strawberry.ID = strawberry.field(description="The objective's global id.")
    metric_id: strawberry.ID | None = _field(
        "The metric to link (global id); give this or initiativeId."
    )
    initiative_id: strawberry.ID | None = _field(
        "The initiative to link (global id); give this or metricId."
    )


@strawberry.input(description="Unlink one metric or one initiative from an objective.")
class UnlinkObjectiveInput:
    objective_id: strawberry.ID = strawberry.field(description="The objective's global id.")
    metric_id: strawberry.ID | None = _field(
        "The metric to unlink (global id); give this or initiativeId."
    )
    initiative_id: strawberry.ID | None = _field(
        "The initiative to unlink (global id); give this or metricId."
    )


@strawberry.input(description="A new metric: what should and can be measured, and against what.")
class CreateMetricInput:
    name: str = strawberry.field(description="The metric's name, at most 200 characters.")
    direction: Direction = strawberry.field(description="UP: higher is better; DOWN: lower is.")
    description: str | None = _field("What is measured and how, at most 10,000 characters.")
    unit: str | None = _field("The unit of its values, e.g. 'h' or '%', at most 40 characters.")
    should_measure: bool | None = _field("Needed by the objectives (step 1). Default true.")
    can_measure: bool | None = _field("Can be gathered now (step 2); needs a data source.")
    data_source: str | None = _field(
        "Where its values come from, at most 300 characters; required when canMeasure is true."
    )
    frequency: MeasurementFrequency | None = _field("How often it is measured; default MONTHLY.")
    baseline_value: float | None = _field(
        "The value before the improvement, in `unit`; needs baselineDate."
    )
    baseline_date: date | None = _field("The day the baseline was taken.")
    target_value: float | None = _field("The value to reach, in `unit`; needs targetDate.")
    target_date: date | None = _field(
        "The day the target should be reached by; not before baselineDate."
    )
    amber_tolerance: float | None = _field(
        "How far short of the target still counts as amber (>= 0)."
    )
    owner_id: strawberry.ID | None = _field("Defaults to the person creating it.")
    plan_id: strawberry.ID | None = _field("The plan to keep it in (global id); default none.")
    service_id: strawberry.ID | None = _field(
        "The service it measures (global id), not with processId; default none."
    )
    process_id: strawberry.ID | None = _field(
        "The process it measures (global id), not with serviceId; default none."
    )
    objective_ids: list[strawberry.ID] | None = _field("The objectives it serves (global ids).")
    initiative_ids: list[strawberry.ID] | None = _field(
        "The initiatives whose effect it shows (global ids)."
    )


KEPT = "; left out: unchanged."
CLEARED = "; null clears it; left out: unchanged."
RELINKED = ", replacing the old links; null removes them all; left out: unchanged."


@strawberry.input(
    description="Changes to a metric; fields left out stay as they are, null clears the "
    "optional ones, lists replace the links."
)
class UpdateMetricInput:
    id: strawberry.ID = strawberry.field(description="The metric's global id.")
    name: str | None = _field("The new name" + KEPT, strawberry.UNSET)
    direction: Direction | None = _field(
        "Whether higher or lower is better" + KEPT, strawberry.UNSET
    )
    description: str | None = _field("The new description" + CLEARED, strawberry.UNSET)
    unit: str | None = _field("The new unit" + CLEARED, strawberry.UNSET)
    should_measure: bool | None = _field(
        "Whether the objectives need it (step 1)" + KEPT, strawberry.UNSET
    )
    can_measure: bool | None = _field(
        "Whether it can be gathered now (step 2); true needs a data source" + KEPT,
        strawberry.UNSET,
    )
    data_source: str | None = _field("Where its values come from" + CLEARED, strawberry.UNSET)
    frequency: MeasurementFrequency | None = _field(
        "How often it is measured" + KEPT, strawberry.UNSET
    )
    baseline_value: float | None = _field("The baseline, in `unit`" + CLEARED, strawberry.UNSET)
    baseline_date: date | None = _field("The day of the baseline" + CLEARED, strawberry.UNSET)
    target_value: float | None = _field(
        "The target, in `unit`; when the metric judges approved, open work, the new target waits "
        "for that work's approver" + CLEARED,
        strawberry.UNSET,
    )
    target_date: date | None = _field(
        "The day the target should be reached by" + CLEARED, strawberry.UNSET
    )
    amber_tolerance: float | None = _field(
        "How far short of the target still counts as amber (>= 0)" + CLEARED, strawberry.UNSET
    )
    owner_id: strawberry.ID | None = _field(
        "The new owner, an active person (global id)" + CLEARED, strawberry.UNSET
    )
    plan_id: strawberry.ID | None = _field(
        "The plan to keep it in (global id)" + CLEARED, strawberry.UNSET
    )
    service_id: strawberry.ID | None = _field(
        "The service it measures (global id)" + CLEARED, strawberry.UNSET
    )
    process_id: strawberry.ID | None = _field(
        "The process it measures (global id)" + CLEARED, strawberry.UNSET
    )
    objective_ids: list[strawberry.ID] | None = _field(
        "The objectives it serves (global ids)" + RELINKED, strawberry.UNSET
    )
    initiative_ids: list[strawberry.ID] | None = _field(
        "The initiatives whose effect it shows (global ids)" + RELINKED, strawberry.UNSET
    )


@strawberry.input(description="Raise a corrective action from a metric off target.")
class RaiseCorrectiveActionInput:
    metric_id: strawberry.ID = strawberry.field(
        description="The metric, amber or red now (global id)."
    )
    title: str | None = _field("Defaults to 'Corrective action: <metric name>'.")
    description: str | None = _field("Defaults to the metric's status and its reason.")
