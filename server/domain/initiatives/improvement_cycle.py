"""Where an initiative stands in the improvement model, step by step, from its own data.

The seven questions of the ITIL continual improvement model, each answered from what Steward
holds (never typed twice): the objectives it serves (what is the vision?), its linked metrics'
baselines (where are we now?) and targets (where do we want to be?), its plan and budget (how
do we get there?), its status updates (take action), its outcome and realised benefits (did we
get there?), and its benefit review (how do we keep the momentum?). A step is DONE, MISSING
(its data is missing; `missing` says what to add) or NOT_YET (the work has not reached it).
Computed on every read from facts gathered for many initiatives at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from server.domain.initiatives.benefit_reviews import DUE_WITHIN, due_on
from server.models.enums import BenefitOutcome, InitiativeStatus, Outcome

S = InitiativeStatus
RUNNING = frozenset({S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED})
BEFORE_FUNDING = frozenset({S.PROPOSED, S.APPROVED, S.BUDGET_REQUESTED})
CLOSED_EARLY = frozenset({S.REJECTED, S.CANCELLED})


class Step(StrEnum):
    VISION = "vision"
    WHERE_ARE_WE_NOW = "where_are_we_now"
    WHERE_DO_WE_WANT_TO_BE = "where_do_we_want_to_be"
    HOW_DO_WE_GET_THERE = "how_do_we_get_there"
    TAKE_ACTION = "take_action"
    DID_WE_GET_THERE = "did_we_get_there"
    KEEP_THE_MOMENTUM = "keep_the_momentum"


class StepState(StrEnum):
    DONE = "done"
    MISSING = "missing"
    NOT_YET = "not_yet"


QUESTIONS = {
    Step.VISION: "What is the vision?",
    Step.WHERE_ARE_WE_NOW: "Where are we now?",
    Step.WHERE_DO_WE_WANT_TO_BE: "Where do we want to be?",
    Step.HOW_DO_WE_GET_THERE: "How do we get there?",
    Step.TAKE_ACTION: "Take action",
    Step.DID_WE_GET_THERE: "Did we get there?",
    Step.KEEP_THE_MOMENTUM: "How do we keep the momentum?",
}


@dataclass
class LinkedMetric:
    name: str
    unit: str
    baseline: float | None
    target: float | None


@dataclass
class Facts:
    """What one initiative holds that the steps read."""

    status: InitiativeStatus
    objectives: list[str] = field(default_factory=list)
    metrics: list[LinkedMetric] = field(default_factory=list)
    planned_start: date | None = None
    planned_end: date | None = None
    budget_requested: str | None = None  # formatted with its currency
    budget_approved: str | None = None
    status_updates: int = 0
    last_update: date | None = None
    outcome: Outcome | None = None
    actual_end: date | None = None
    realised: list[tuple[str, float | None]] = field(default_factory=list)  # metric, attainment
    benefit_review: tuple[BenefitOutcome, date, str | None] | None = None  # + corrective title


@dataclass(frozen=True)
class StepAnswer:
    step: Step
    state: StepState
    summary: str
    missing: str | None = None

    @property
    def question(self) -> str:
        return QUESTIONS[self.step]


def _number(value: float) -> str:
    return f"{value:g}"


def _names(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _vision(facts: Facts) -> StepAnswer:
    if facts.objectives:
        return StepAnswer(Step.VISION, StepState.DONE, f"It serves {_names(facts.objectives)}.")
    return StepAnswer(Step.VISION, StepState.MISSING, "It names no objective.",
                      "Link it to the objectives it serves.")  # fmt: skip


def _measured(facts: Facts, step: Step, attribute: str, word: str) -> StepAnswer:
    if not facts.metrics:
        return StepAnswer(step, StepState.MISSING, "No metric shows its effect.",
                          "Link a metric that shows its effect.")  # fmt: skip
    lacking = [m.name for m in facts.metrics if getattr(m, attribute) is None]
    if lacking:
        return StepAnswer(
            step, StepState.MISSING,
            f"{len(facts.metrics) - len(lacking)} of {len(facts.metrics)} linked metrics have "
            f"a {word}.",
            f"Record a {word} for {_names(lacking)}.",
        )  # fmt: skip
    shown = [f"{m.name} {_number(getattr(m, attribute))}{' ' + m.unit if m.unit else ''}"
             for m in facts.metrics]  # fmt: skip
    return StepAnswer(step, StepState.DONE, f"{word.capitalize()}: {_names(shown)}.")


def _plan(facts: Facts) -> StepAnswer:
    step = Step.HOW_DO_WE_GET_THERE
    if facts.planned_start is None or facts.planned_end is None:
        return StepAnswer(step, StepState.MISSING, "Its schedule is not planned.",
                          "Set the planned start and end.")  # fmt: skip
    schedule = f"Planned from {facts.planned_start} to {facts.planned_end}"
    if facts.budget_approved:
        return StepAnswer(step, StepState.DONE, f"{schedule}, with {facts.budget_approved} "
                          "approved.")  # fmt: skip
    if facts.budget_requested:
        if S(facts.status) in BEFORE_FUNDING:
            return StepAnswer(step, StepState.DONE, f"{schedule}; {facts.budget_requested} "
                              "requested, waiting for the steering committee.")  # fmt: skip
        return StepAnswer(step, StepState.DONE, f"{schedule}; its budget request of "
                          f"{facts.budget_requested} was not funded.")  # fmt: skip
    return StepAnswer(step, StepState.DONE, f"{schedule}, with no budget of its own.")


def _action(facts: Facts) -> StepAnswer:
    step = Step.TAKE_ACTION
    status = S(facts.status)
    if status in CLOSED_EARLY:
        return StepAnswer(step, StepState.NOT_YET, f"It was {status.value} before it started.")
    if status not in RUNNING:
        return StepAnswer(step, StepState.NOT_YET, "Action starts when the work starts.")
    if facts.status_updates:
        plural = "s" if facts.status_updates != 1 else ""
        return StepAnswer(step, StepState.DONE, f"{facts.status_updates} status update{plural}, "
                          f"the latest on {facts.last_update}.")  # fmt: skip
    return StepAnswer(step, StepState.MISSING, "No status update has been posted.",
                      "Post a status update on its progress.")  # fmt: skip


def _result(facts: Facts) -> StepAnswer:
    step = Step.DID_WE_GET_THERE
    if S(facts.status) is not S.COMPLETED:
        return StepAnswer(step, StepState.NOT_YET, "Answered when it completes.")
    outcome = (facts.outcome.value if facts.outcome else "completed").replace("_", " ")
    reached = [f"{name} {round(attainment * 100)}% of the way to its target"
               for name, attainment in facts.realised if attainment is not None]  # fmt: skip
    if reached:
        return StepAnswer(step, StepState.DONE, f"{outcome.capitalize()}: {_names(reached)}.")
    return StepAnswer(
        step, StepState.MISSING, f"{outcome.capitalize()}, but no linked metric recorded what it "
        "achieved.", "Link a metric with a baseline and a target to measure such work next time.",
    )  # fmt: skip


def _momentum(facts: Facts, today: date) -> StepAnswer:
    step = Step.KEEP_THE_MOMENTUM
    if S(facts.status) is not S.COMPLETED:
        return StepAnswer(step, StepState.NOT_YET, "A benefit review follows its completion.")
    if facts.benefit_review is not None:
        outcome, reviewed_on, corrective = facts.benefit_review
        if BenefitOutcome(outcome) is BenefitOutcome.SUSTAINED:
            return StepAnswer(step, StepState.DONE, f"The gains held (reviewed {reviewed_on}).")
        then = f"; “{corrective}” was proposed to win them back" if corrective else ""
        return StepAnswer(step, StepState.DONE, f"The gains slipped (reviewed {reviewed_on})"
                          f"{then}.")  # fmt: skip
    due = due_on(facts.actual_end)
    if due is not None and due > today + DUE_WITHIN:
        return StepAnswer(step, StepState.NOT_YET, f"Its benefit review is due on {due}.")
    return StepAnswer(step, StepState.MISSING,
                      f"Its benefit review was due on {due}." if due and due < today else
                      f"Its benefit review is due on {due}.",
                      "Review whether the gains held.")  # fmt: skip


def steps(facts: Facts, today: date) -> list[StepAnswer]:
    return [
        _vision(facts),
        _measured(facts, Step.WHERE_ARE_WE_NOW, "baseline", "baseline"),
        _measured(facts, Step.WHERE_DO_WE_WANT_TO_BE, "target", "target"),
        _plan(facts),
        _action(facts),
        _result(facts),
        _momentum(facts, today),
    ]
