"""The shortest ways through the lifecycle, and the demo's histories that follow them."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from server.demo.build import lifecycle_path
from server.domain.initiatives.lifecycle import EDGES, Transition, drawn, route
from server.models.enums import InitiativeStatus as S

T = Transition


def test_work_that_asked_for_a_budget_starts_only_once_funded():
    assert route(S.IN_PROGRESS, Decimal("100")) == [T.APPROVE, T.REQUEST_BUDGET, T.FUND, T.START]
    assert route(S.IN_PROGRESS, None) == [T.APPROVE, T.START]


def test_a_route_from_a_state_to_itself_is_empty_and_closed_work_goes_nowhere():
    assert route(S.PROPOSED, None) == []
    with pytest.raises(ValueError, match="cannot be reached from completed"):
        route(S.IN_PROGRESS, None, start=S.COMPLETED)


@pytest.mark.parametrize("budget", [None, 50_000])
@pytest.mark.parametrize("status", list(S))
def test_every_demo_history_is_a_walk_the_state_machine_draws(status, budget):
    steps = lifecycle_path(status, budget)
    assert steps[0] == (None, S.PROPOSED)
    assert steps[-1][1] is status
    requested = Decimal(budget) if budget is not None else None
    for (_, before), (transition, after) in pairwise(steps):
        assert drawn(transition, before, requested)
        assert EDGES[transition].target is after


def test_the_demo_cancels_approved_work_and_funds_budgeted_work_before_it_starts():
    cancelled = [state for _, state in lifecycle_path(S.CANCELLED, None)]
    assert cancelled == [S.PROPOSED, S.APPROVED, S.CANCELLED]
    completed = [state for _, state in lifecycle_path(S.COMPLETED, 20_000)]
    assert completed == [S.PROPOSED, S.APPROVED, S.BUDGET_REQUESTED, S.FUNDED, S.IN_PROGRESS,
                         S.COMPLETED]  # fmt: skip
