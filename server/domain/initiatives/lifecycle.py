"""The initiative lifecycle (DOMAIN.md): states, the transitions between them, who fires each.

```
proposed --approve--> approved --request budget--> budget requested --fund--> funded --start-->
in progress --complete--> completed;  approved --start (no budget needed)--> in progress;
budget requested --reject budget--> approved;  proposed --reject--> rejected;
in progress <--hold/resume--> on hold;  any state before completed --cancel--> cancelled
```
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from server.domain.core.permissions import Action, InitiativeLike, PlanLike, can
from server.domain.core.viewer import Viewer
from server.models.enums import InitiativeStatus as S


class Transition(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_BUDGET = "request_budget"
    FUND = "fund"
    REJECT_BUDGET = "reject_budget"
    START = "start"
    HOLD = "hold"
    RESUME = "resume"
    COMPLETE = "complete"
    CANCEL = "cancel"


class InitiativeState(InitiativeLike, Protocol):
    """What the lifecycle reads of an initiative: an ORM row, or a row of the read path."""

    @property
    def status(self) -> str: ...

    @property
    def budget_requested(self) -> Decimal | None: ...


@dataclass(frozen=True)
class Edge:
    sources: frozenset[S]
    target: S
    action: Action
    reason_required: bool = False


OPEN_STATES = frozenset(
    {S.PROPOSED, S.APPROVED, S.BUDGET_REQUESTED, S.FUNDED, S.IN_PROGRESS, S.ON_HOLD}
)
# Approved and not yet closed: what was approved with it (its budget, its metrics' targets) may
# change only through its approver (server/domain/initiatives/pending_changes.py).
APPROVED_OPEN = OPEN_STATES - {S.PROPOSED}
EDGES: dict[Transition, Edge] = {
    Transition.APPROVE: Edge(frozenset({S.PROPOSED}), S.APPROVED, Action.APPROVE),
    Transition.REJECT: Edge(frozenset({S.PROPOSED}), S.REJECTED, Action.APPROVE, True),
    Transition.REQUEST_BUDGET: Edge(frozenset({S.APPROVED}), S.BUDGET_REQUESTED, Action.EDIT),
    Transition.FUND: Edge(frozenset({S.BUDGET_REQUESTED}), S.FUNDED, Action.DECIDE_BUDGET),
    Transition.REJECT_BUDGET: Edge(
        frozenset({S.BUDGET_REQUESTED}), S.APPROVED, Action.DECIDE_BUDGET, True
    ),
    Transition.START: Edge(frozenset({S.FUNDED, S.APPROVED}), S.IN_PROGRESS, Action.EDIT),
    Transition.HOLD: Edge(frozenset({S.IN_PROGRESS}), S.ON_HOLD, Action.EDIT, True),
    Transition.RESUME: Edge(frozenset({S.ON_HOLD}), S.IN_PROGRESS, Action.EDIT),
    Transition.COMPLETE: Edge(frozenset({S.IN_PROGRESS}), S.COMPLETED, Action.EDIT),
    Transition.CANCEL: Edge(OPEN_STATES, S.CANCELLED, Action.CANCEL, True),
}

LABELS = {status: status.value.replace("_", " ") for status in S}


def next_states(status: S) -> list[S]:
    """The states DOMAIN.md draws from this one, in lifecycle order."""
    targets = {edge.target for edge in EDGES.values() if status in edge.sources}
    return [state for state in S if state in targets]


def needs_budget(budget_requested: Decimal | None) -> bool:
    return budget_requested is not None and budget_requested > 0


def drawn(transition: Transition, status: S, budget_requested: Decimal | None) -> bool:
    """Whether the diagram allows this transition from this state (roles aside)."""
    edge = EDGES[transition]
    if status not in edge.sources:
        return False
    return not (
        transition is Transition.START and status is S.APPROVED and needs_budget(budget_requested)
    )


def route(target: S, budget_requested: Decimal | None, start: S = S.PROPOSED) -> list[Transition]:
    """The shortest way through the diagram from `start` to `target`, as the transitions fired
    (roles aside): work that asked for a budget starts only once funded. Ties go to the
    transition listed first; [] when `target` is `start`; a ValueError when it cannot be reached.
    """
    ways: dict[S, list[Transition]] = {start: []}
    frontier = [start]
    while frontier and target not in ways:
        following = []
        for status in frontier:
            for transition in Transition:
                after = EDGES[transition].target
                if after not in ways and drawn(transition, status, budget_requested):
                    ways[after] = [*ways[status], transition]
                    following.append(after)
        frontier = following
    if target not in ways:
        raise ValueError(f"{LABELS[target]} cannot be reached from {LABELS[start]}")
    return ways[target]


def allowed(
    viewer: Viewer | None, transition: Transition, plan: PlanLike, initiative: InitiativeState
) -> bool:
    """Drawn from the initiative's state, and the viewer holds the role that fires it."""
    if viewer is None or not viewer.may_write:
        return False
    if not drawn(transition, S(initiative.status), initiative.budget_requested):
        return False
    return can(viewer, EDGES[transition].action, plan, initiative)


# The transitions drawn out of each state, in lifecycle order: the only ones worth asking about.
_LEAVING: dict[S, tuple[Transition, ...]] = {
    status: tuple(t for t in Transition if status in EDGES[t].sources) for status in S
}


def available(
    viewer: Viewer | None, plan: PlanLike, initiative: InitiativeState
) -> list[Transition]:
    """The transitions `allowed` lets the viewer fire now. Only those drawn out of the current
    state are asked about: a list page asks this of a hundred initiatives at once."""
    leaving = _LEAVING[S(initiative.status)]
    return [t for t in leaving if allowed(viewer, t, plan, initiative)]


def refusal(transition: Transition, status: S, budget_requested: Decimal | None) -> str:
    """The INVALID_TRANSITION message: the current state and where it may go from there."""
    if transition is Transition.START and status is S.APPROVED and needs_budget(budget_requested):
        return (
            "Cannot start an approved initiative that asked for a budget before the budget is "
            "funded; request the budget first, or set the requested budget to none."
        )
    targets = ", ".join(LABELS[state] for state in next_states(status)) or "nowhere (it is closed)"
    verb = transition.value.replace("_", " ")
    return f"Cannot {verb} an initiative that is {LABELS[status]}; from {LABELS[status]} it can go to: {targets}."  # noqa: E501


# What may still change in each state: what was approved stays as approved, a requested budget
# is changed through its decision, what has started keeps its start, and closed work is history.
_EVERYTHING = frozenset(
    {
        "title", "description", "rationale", "owner_id", "priority", "execution_mode",
        "value_chain_activity", "planned_start", "planned_end", "currency", "budget_requested",
        "dimensions", "tags", "objective_ids", "service_ids",
    }
)  # fmt: skip
_APPROVED = _EVERYTHING - {"title", "rationale"}
_BUDGET_ASKED = _APPROVED - {"currency", "budget_requested"}
_STARTED = _BUDGET_ASKED - {"planned_start"}
EDITABLE: dict[S, frozenset[str]] = {
    S.PROPOSED: _EVERYTHING,
    S.APPROVED: _APPROVED,
    S.BUDGET_REQUESTED: _BUDGET_ASKED,
    S.FUNDED: _BUDGET_ASKED,
    S.IN_PROGRESS: _STARTED,
    S.ON_HOLD: _STARTED,
}
