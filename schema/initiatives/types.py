"""The initiatives and what hangs off them: lifecycle events, budget requests, status updates,
and the progress and schedule derived from them.

Objects are built from database rows by their sources (schema/initiatives/sources.py);
scalar fields and to-one relations are plain attributes the planner sets, connection fields
read the page the planner loaded (schema/core/planner.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.nodes import Node
from schema.core.pagination import Connection, page
from schema.engagement.filters import suggestion_page
from schema.initiatives.enums import (
    BenefitOutcome,
    BudgetRequestStatus,
    ExecutionMode,
    FourDimension,
    Health,
    ImprovementStepKind,
    InitiativeStatus,
    Outcome,
    Priority,
    StepState,
    Transition,
    ValueChainActivity,
)
from schema.initiatives.filters import child_candidate_page, initiative_page
from schema.metrics.enums import Rag
from schema.metrics.filters import metric_page

if TYPE_CHECKING:
    from schema.collaboration.types import Comment
    from schema.engagement.types import ReviewFinding, Suggestion
    from schema.metrics.types import Metric, PendingChange, RealisedBenefit
    from schema.objectives.types import Objective
    from schema.people.types import Person
    from schema.plans.types import Plan
    from schema.services.types import Service

# Types of other areas, resolved when the schema is built.
CommentRef = Annotated["Comment", strawberry.lazy("schema.collaboration.types")]
MetricRef = Annotated["Metric", strawberry.lazy("schema.metrics.types")]
PendingChangeRef = Annotated["PendingChange", strawberry.lazy("schema.metrics.types")]
RealisedBenefitRef = Annotated["RealisedBenefit", strawberry.lazy("schema.metrics.types")]
ObjectiveRef = Annotated["Objective", strawberry.lazy("schema.objectives.types")]
PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
PlanRef = Annotated["Plan", strawberry.lazy("schema.plans.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]
SuggestionRef = Annotated["Suggestion", strawberry.lazy("schema.engagement.types")]
ReviewFindingRef = Annotated["ReviewFinding", strawberry.lazy("schema.engagement.types")]


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


@strawberry.type(description="Whether an initiative keeps to its planned end, and why.")
class ScheduleStatus:
    rag: Rag = strawberry.field(
        description="Red past the planned end and not finished, amber within 14 days of it, "
        "green before; NONE without a planned end or once closed."
    )
    reason: str = strawberry.field(description="In words, e.g. 'Due in 5 days (2026-02-01).'")


@strawberry.type(
    description="One question of the continual improvement model, answered from the "
    "initiative's data."
)
class ImprovementStep:
    step: ImprovementStepKind = strawberry.field(description="Which question.")
    question: str = strawberry.field(description="The question in words.")
    state: StepState = strawberry.field(description="How far it is answered.")
    summary: str = strawberry.field(description="The answer, or why there is none yet, in words.")
    missing: str | None = strawberry.field(
        description="What to add to answer it (state MISSING); null otherwise."
    )


@strawberry.type(
    description="Whether a completed initiative's gains held, reviewed some months after it "
    "completed."
)
class BenefitReview(Node):
    reviewed_on: date = strawberry.field(description="The day of the review.")
    outcome: BenefitOutcome = strawberry.field(description="Whether the gains held.")
    note: str = strawberry.field(description="What was found (required when they slipped).")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    initiative: Initiative = strawberry.field(description="The initiative reviewed.")
    reviewed_by: PersonRef | None = strawberry.field(description="Who reviewed it.")
    corrective_initiative: Initiative | None = strawberry.field(
        description="The initiative proposed to win the gains back (SLIPPED)."
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
    budget_spent: Decimal | None = strawberry.field(
        description="The money spent to date, as its latest status update that stated it said, "
        "a decimal string in `currency`; null until one did."
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
    plan: PlanRef = strawberry.field(description="The plan that holds it.")
    parent: Initiative | None = strawberry.field(
        description="The strategic initiative this one helps to execute; null when none."
    )
    owner: PersonRef | None = strawberry.field(
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
    viewer_may_post_status_update: bool = strawberry.field(
        description="Whether the viewer may post a status update on it now: it is in progress or "
        "on hold, and the viewer may edit it or, in a process improvement plan, manages the "
        "process; false for read-only tokens."
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

    child_candidates: Connection[Initiative] | None = child_candidate_page(
        "The initiatives the viewer may link to this one as children "
        "(`linkChildInitiative`): those of the subordinate plans, neither rejected nor "
        "cancelled, that execute no initiative yet, by title; `search` keeps those whose title "
        "or description holds it. Null unless `viewerMayLinkChildren`."
    )

    metrics: Connection[MetricRef] = metric_page("Metrics that show the initiative's effect.")

    status_updates: Connection[StatusUpdate] = page("Status updates, oldest first.")

    events: Connection[InitiativeEvent] = page("The lifecycle history, oldest first.")

    budget_requests: Connection[BudgetRequest] = page(
        "Budget requests and their decisions, oldest first."
    )

    objectives: Connection[ObjectiveRef] = page("The objectives this initiative serves.")

    affected_services: Connection[ServiceRef] = page(
        "The services it affects (named on it, whatever plan it is in), by name."
    )

    editable_fields: list[str] = strawberry.field(
        description="The UpdateInitiativeInput fields the viewer may change now, given the "
        "initiative's state; empty when the viewer may not edit it."
    )
    suggestions: Connection[SuggestionRef] = suggestion_page(
        "Where it came from: the suggestion accepted as this initiative, and those merged into "
        "it as duplicates, as the viewer may see them."
    )
    improvement_cycle: list[ImprovementStep] = strawberry.field(
        description="Where it stands in the continual improvement model: the seven questions "
        "in order, each answered from its data, with what is missing."
    )
    benefit_review: BenefitReview | None = strawberry.field(
        description="Whether its gains held, once reviewed after completion; null until then."
    )
    corrects_benefit_review: BenefitReview | None = strawberry.field(
        description="The benefit review that found another initiative's gains slipped and "
        "proposed this one to win them back; null otherwise."
    )
    benefit_review_due_on: date | None = strawberry.field(
        description="When its benefit review is due (some months after it completed); null "
        "until it completes."
    )
    review_finding: ReviewFindingRef | None = strawberry.field(
        description="The service review finding this initiative was proposed from (an "
        "improvement the review decided on); null otherwise."
    )
    raised_from_metric: MetricRef | None = strawberry.field(
        description="The off-target metric this initiative was raised to correct; null when it "
        "was not raised as a corrective action."
    )
    realised_benefits: list[RealisedBenefitRef] = strawberry.field(
        description="For each linked metric, its value and attainment when the initiative "
        "completed (empty until then)."
    )
    pending_changes: list[PendingChangeRef] = strawberry.field(
        description="Changes to what was approved that wait for the approver: a new budget, "
        "or a new target of a linked metric; oldest first."
    )
    viewer_may_link_children: bool = strawberry.field(
        description="Whether the viewer may link and unlink the initiatives that execute it "
        "(`linkChildInitiative`, `unlinkChildInitiative`): it is in the strategic plan and they "
        "maintain that plan; false for read-only tokens."
    )
    viewer_may_change_budget: bool = strawberry.field(
        description="Whether the viewer may ask for a new approved budget now "
        "(`proposeBudgetChange`): they may edit it and it is funded, running or held."
    )
    comments: Connection[CommentRef] = page(
        "What people wrote about it, oldest first, with the people each comment mentions."
    )
    viewer_watches: bool = strawberry.field(
        description="Whether the viewer hears of its comments and changes (`setWatching`): its "
        "owner or author does unless they stopped; anyone else once they watch or take part."
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
    actor: PersonRef | None = strawberry.field(
        description="Who took the step; null when not known."
    )
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
    requested_by: PersonRef | None = strawberry.field(
        description="Who asked for it; null when not known."
    )
    decided_by: PersonRef | None = strawberry.field(
        description="Who decided it; null while PENDING."
    )
    initiative: Initiative = strawberry.field(description="The initiative the money is for.")


@strawberry.type(description="A progress report on a running initiative.")
class StatusUpdate(Node):
    health: Health = strawberry.field(description="How the work stands, in the poster's view.")
    percent_complete: int = strawberry.field(description="How much of the work is done, 0 to 100.")
    note: str = strawberry.field(
        description="What happened and what comes next; empty when nothing was written."
    )
    spent_to_date: Decimal | None = strawberry.field(
        description="The money spent on the initiative so far, in its currency, when the poster "
        "stated it; null when not stated."
    )
    posted_at: datetime = strawberry.field(description="When it was posted.")
    posted_by: PersonRef | None = strawberry.field(
        description="Who posted it; null when not known."
    )
    initiative: Initiative = strawberry.field(description="The initiative it reports on.")
