"""The inputs of the initiatives' mutations (ids are global ids)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.initiatives.enums import (
    BenefitOutcome,
    ExecutionMode,
    FourDimension,
    Health,
    Outcome,
    Priority,
    ValueChainActivity,
)

# Descriptions that many inputs share.
INITIATIVE_ID = "The initiative's global id."


EXPECTED_VERSION = (
    "The initiative's `version` as you read it; when it has changed since, nothing changes and "
    "the error is CONFLICT."
)


@strawberry.input(description="A new initiative, proposed in a plan.")
class ProposeInitiativeInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan to propose it in (global id).")
    title: str = strawberry.field(description="A short name for the work, at most 200 characters.")
    description: str | None = input_field("What the work is, at most 10,000 characters.")
    rationale: str | None = input_field("Why it is worth doing, at most 10,000 characters.")
    owner_id: strawberry.ID | None = input_field("Defaults to the person proposing.")
    priority: Priority | None = input_field("How urgent it is; default MEDIUM.")
    execution_mode: ExecutionMode | None = input_field("How it runs; default INFORMAL.")
    value_chain_activity: ValueChainActivity | None = input_field(
        "The value chain activity it belongs to; default none."
    )
    planned_start: date | None = input_field("The day it is planned to start.")
    planned_end: date | None = input_field("The day it is planned to end; not before plannedStart.")
    currency: str | None = input_field("The ISO 4217 code of its budget's currency; default EUR.")
    budget_requested: Decimal | None = input_field(
        "An estimate; the formal request comes with requestBudget. A decimal string in "
        "`currency`, at most two decimals; none or 0: it needs no budget."
    )
    dimensions: list[FourDimension] | None = input_field("The Four Dimensions it touches.")
    tags: list[str] | None = input_field(
        "Free labels, at most 20 of at most 60 characters each; kept in lower case."
    )
    objective_ids: list[strawberry.ID] | None = input_field(
        "The objectives it serves (global ids)."
    )
    service_ids: list[strawberry.ID] | None = input_field(
        "The services it affects (global ids), whatever plan it is in."
    )


@strawberry.input(
    description="Changes to an initiative; fields left out stay as they are. Only the fields in "
    "its `editableFields` may change in its state."
)
class UpdateInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    title: str | None = input_field("The new title, at most 200 characters" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)
    rationale: str | None = input_field("The new rationale" + UNCHANGED)
    owner_id: strawberry.ID | None = input_field("The new owner, an active person's id" + UNCHANGED)
    priority: Priority | None = input_field("The new priority" + UNCHANGED)
    execution_mode: ExecutionMode | None = input_field("The new execution mode" + UNCHANGED)
    value_chain_activity: ValueChainActivity | None = input_field(
        "The new value chain activity" + UNCHANGED
    )
    planned_start: date | None = input_field("The new planned start" + UNCHANGED)
    planned_end: date | None = input_field("The new planned end" + UNCHANGED)
    currency: str | None = input_field("The new ISO 4217 currency code" + UNCHANGED)
    budget_requested: Decimal | None = input_field(
        "The new budget estimate, a decimal string in `currency`" + UNCHANGED
    )
    dimensions: list[FourDimension] | None = input_field(
        "The Four Dimensions it touches, replacing the old ones" + UNCHANGED
    )
    tags: list[str] | None = input_field("Its tags, replacing the old ones" + UNCHANGED)
    objective_ids: list[strawberry.ID] | None = input_field(
        "The objectives it serves, replacing the old links" + UNCHANGED
    )
    service_ids: list[strawberry.ID] | None = input_field(
        "The services it affects, replacing the old ones" + UNCHANGED
    )


@strawberry.input(description="Approve a proposed initiative.")
class ApproveInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    reason: str | None = input_field(
        "Why, kept in its history; optional, at most 2,000 characters."
    )


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
    currency: str | None = input_field(
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
    amount: Decimal | None = input_field(
        "When approving: the amount granted, a decimal string, at most the amount requested; "
        "defaults to the amount requested."
    )
    reason: str | None = input_field("Why; required when rejecting, at most 2,000 characters.")


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
    reason: str | None = input_field("Why it resumes; optional, at most 2,000 characters.")


@strawberry.input(description="Complete an initiative in progress, with its outcome.")
class CompleteInitiativeInput:
    id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    outcome: Outcome = strawberry.field(description="How it turned out.")
    note: str = input_field(
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
    note: str = input_field("What happened and what comes next; at most 5,000 characters.", "")
    spent_to_date: Decimal | None = input_field(
        "The money spent so far, in the initiative's currency (at most two decimals); it becomes "
        "the initiative's `budgetSpent`. Null or left out: not stated."
    )


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
    expected_version: int | None = input_field(
        "The child's version, to refuse a stale change; null: not checked."
    )


@strawberry.input(description="Detach a child from the strategic initiative it executes.")
class UnlinkChildInitiativeInput:
    child_id: strawberry.ID = strawberry.field(description="The child initiative's global id.")
    expected_version: int | None = input_field(
        "The child's version, to refuse a stale change; null: not checked."
    )


@strawberry.input(
    description="Whether a completed initiative's gains held, some months after it completed."
)
class RecordBenefitReviewInput:
    initiative_id: strawberry.ID = strawberry.field(description=INITIATIVE_ID)
    outcome: BenefitOutcome = strawberry.field(description="Whether the gains held.")
    note: str | None = input_field(
        "What was found; required when they slipped (it becomes the corrective initiative's "
        "description); at most 2,000 characters."
    )
    reviewed_on: date | None = input_field(
        "The day of the review (not before it completed, not in the future); left out: today."
    )
