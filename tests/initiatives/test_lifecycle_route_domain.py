"""The shortest ways through the lifecycle, and the demo's histories that follow them."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from types import SimpleNamespace

import pytest

from server.demo.build import lifecycle_path
from server.domain.core.roles import BUILTIN_ROLES, SERVICE_OWNER
from server.domain.core.viewer import RoleGrant, Viewer
from server.domain.initiatives.lifecycle import (
    EDGES,
    Transition,
    allowed,
    available,
    drawn,
    route,
)
from server.models.enums import InitiativeStatus as S
from server.models.enums import PlanKind, TokenScope

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


@pytest.mark.parametrize("scope", [None, TokenScope.READ, TokenScope.READ_WRITE])
@pytest.mark.parametrize("role", [role.slug for role in BUILTIN_ROLES])
def test_the_moves_offered_are_exactly_those_the_rules_allow(role, scope):
    """What a page offers for each initiative (`available`) is every transition `allowed`,
    in every state, plan kind, budget and owner, for each role and kind of sign-in."""
    viewer = Viewer(
        person_id=7, name="P", email="p@example.org", is_admin=False,
        grants=frozenset({RoleGrant(role, 1 if role == SERVICE_OWNER else None,
                                    2 if role.startswith("process_") else None)}),
        token_scope=scope,
    )  # fmt: skip
    offered = 0
    for kind in PlanKind:
        plan = SimpleNamespace(kind=kind, service_id=1, process_id=2, confidential=False)
        for status in S:
            for budget in (None, Decimal("0"), Decimal("900")):
                for owner in (None, 7, 8):
                    item = SimpleNamespace(status=status.value, budget_requested=budget,
                                           owner_id=owner)  # fmt: skip
                    expected = [t for t in Transition if allowed(viewer, t, plan, item)]
                    assert available(viewer, plan, item) == expected
                    offered += len(expected)
    assert (offered > 0) == (scope is not TokenScope.READ)
