"""The rule modules called directly, for speed (`make mutate` runs these for every mutant):
who may do what, the lifecycle diagram, input checks and the audit log's values. The API tests
prove the same rules through the app; the expectations here are literal tables too."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from server.domain.core import audit, permissions, validation
from server.domain.core.errors import RuleViolation
from server.domain.core.permissions import Action, can
from server.domain.core.viewer import RoleGrant, Viewer
from server.domain.initiatives import lifecycle
from server.domain.initiatives.lifecycle import Transition
from server.models import AuditEntry
from server.models.enums import AuditAction, InitiativeStatus, PlanKind, TokenScope
from tests.support.lifecycle import DIAGRAM, PLAN_OWNER, STATES, STEERING, WORKERS

EMAIL_SERVICE, DESK_SERVICE, INCIDENT_PROCESS = 1, 2, 7


def person(*grants: RoleGrant, admin=False, person_id=10, scope=None) -> Viewer:
    return Viewer(person_id, "P", "p@example.org", admin, frozenset(grants), scope)


def grant(role: str, service=None, process=None) -> RoleGrant:
    return RoleGrant(role, service, process)


def plan(kind: PlanKind, service=None, process=None, confidential=False):
    return SimpleNamespace(
        kind=kind, service_id=service, process_id=process, confidential=confidential
    )


VIEWERS = {
    "nobody": person(),
    "admin": person(admin=True),
    "steering": person(grant("steering_committee")),
    "strategist": person(grant("service_strategy_manager")),
    "email owner": person(grant("service_owner", service=EMAIL_SERVICE)),
    "any service owner": person(grant("service_owner")),
    "incident owner": person(grant("process_owner", process=INCIDENT_PROCESS)),
    "incident practitioner": person(grant("process_practitioner", process=INCIDENT_PROCESS)),
    "security": person(grant("security_manager")),
    "hr": person(grant("human_resources_manager")),
}
PLANS = {
    "strategic": plan(PlanKind.STRATEGIC),
    "email": plan(PlanKind.SERVICE_IMPROVEMENT, service=EMAIL_SERVICE),
    "desk": plan(PlanKind.SERVICE_IMPROVEMENT, service=DESK_SERVICE),
    "incident": plan(PlanKind.PROCESS_IMPROVEMENT, process=INCIDENT_PROCESS),
    "security": plan(PlanKind.SECURITY_IMPROVEMENT, confidential=True),
    "skills": plan(PlanKind.SKILL_DEVELOPMENT),
}
# Who may do what in which plan (DOMAIN.md), written out: plan -> viewers.
READS = {name: set(VIEWERS) for name in PLANS} | {"security": {"admin", "steering", "security"}}
PROPOSES = {
    "strategic": set(VIEWERS) - {"nobody", "admin"},
    "email": {"email owner", "any service owner"},
    "desk": {"any service owner"},
    "incident": {"incident owner", "incident practitioner"},
    "security": {"steering", "security"},
    "skills": set(VIEWERS) - {"nobody", "admin"},
}
APPROVES = {
    "strategic": {"steering"}, "email": {"email owner", "any service owner"},
    "desk": {"any service owner"}, "incident": {"incident owner"}, "security": {"security"},
    "skills": {"hr"},
}  # fmt: skip
MAINTAINS = {**APPROVES, "strategic": {"steering", "strategist"}}


@pytest.mark.parametrize("plan_name", PLANS)
def test_each_viewer_may_do_what_the_table_says_in_each_plan(plan_name):
    target = PLANS[plan_name]
    mine, theirs = SimpleNamespace(owner_id=10), SimpleNamespace(owner_id=99)
    for name, viewer in VIEWERS.items():
        reads = name in READS[plan_name]
        assert can(viewer, Action.READ, target) is reads, name
        assert can(viewer, Action.PROPOSE, target) is (name in PROPOSES[plan_name]), name
        assert can(viewer, Action.APPROVE, target) is (reads and name in APPROVES[plan_name])
        maintains = reads and name in MAINTAINS[plan_name]
        assert can(viewer, Action.LINK_CHILDREN, target) is maintains, name
        for action in (Action.EDIT, Action.CANCEL):
            assert can(viewer, action, target, theirs) is maintains, (name, action)
            assert can(viewer, action, target, mine) is reads, (name, action)
            assert can(viewer, action, target) is maintains, (name, action)
        decides = reads and name == "steering"
        assert can(viewer, Action.DECIDE_BUDGET, target) is decides, name
        assert can(viewer, Action.ADMINISTER, target) is (name == "admin"), name
        assert permissions.may_decide_change(viewer, "budget", [target]) is decides
        approves = reads and name in APPROVES[plan_name]
        assert permissions.may_decide_change(viewer, "target", [target]) is approves
        keeps = name == "admin" or maintains
        assert permissions.may_keep_metrics_in(viewer, target) is keeps, name
        assert permissions.may_edit_metric(viewer, 99, target) is keeps, name
        assert permissions.may_edit_metric(viewer, 10, target) is reads, name


def test_without_a_plan_or_a_viewer_nothing_is_allowed_but_budgets_and_administration():
    for action in Action:
        assert can(None, action, PLANS["strategic"]) is False
    steering, admin = VIEWERS["steering"], VIEWERS["admin"]
    assert can(steering, Action.DECIDE_BUDGET) is True
    assert can(admin, Action.ADMINISTER) is True
    for action in (Action.READ, Action.PROPOSE, Action.APPROVE, Action.EDIT, Action.CANCEL):
        assert can(admin, action) is False
        assert can(steering, action) is False
    assert permissions.may_decide_change(steering, "budget", []) is False
    assert permissions.may_decide_change(None, "target", [PLANS["email"]]) is False


def test_metrics_outside_any_plan_belong_to_the_committee_and_the_strategist():
    keeps = {
        name: permissions.may_keep_metrics_in(viewer, None) for name, viewer in VIEWERS.items()
    }
    assert {name for name, ok in keeps.items() if ok} == {"admin", "steering", "strategist"}
    assert permissions.may_keep_metrics_in(None, None) is False
    assert permissions.may_edit_metric(None, 10, None) is False
    assert permissions.may_edit_metric(VIEWERS["nobody"], 10, None) is True
    assert permissions.may_edit_metric(VIEWERS["nobody"], None, None) is False


def test_objectives_are_managed_by_administrators_and_the_committee():
    managers = {n for n, v in VIEWERS.items() if permissions.may_manage_objectives(v)}
    assert managers == {"admin", "steering"}
    assert permissions.may_manage_objectives(None) is False


def test_measurements_are_recorded_by_the_metrics_owner_or_a_linked_initiatives_owner():
    viewer = VIEWERS["nobody"]
    assert permissions.may_record_measurements(viewer, 10, set()) is True
    assert permissions.may_record_measurements(viewer, 11, {10, 12}) is True
    assert permissions.may_record_measurements(viewer, 11, {12}) is False
    assert permissions.may_record_measurements(viewer, None, set()) is False
    assert permissions.may_record_measurements(None, 10, {10}) is False


# -- the lifecycle ---------------------------------------------------------------------------

ARROWS = {(state, action): (target, who) for state, action, target, who in DIAGRAM}
ACTION_OF = {PLAN_OWNER: Action.APPROVE, STEERING: Action.DECIDE_BUDGET, WORKERS: Action.EDIT}


def status(name: str) -> InitiativeStatus:
    return InitiativeStatus(name.lower())


@pytest.mark.parametrize("state", STATES)
def test_the_diagram_draws_exactly_the_literal_arrows(state):
    for transition in Transition:
        arrow = ARROWS.get((state, transition.name))
        assert lifecycle.drawn(transition, status(state), None) is (arrow is not None)
        if arrow is not None:
            target, who = arrow
            edge = lifecycle.EDGES[transition]
            assert edge.target is status(target)
            expected = Action.CANCEL if transition is Transition.CANCEL else ACTION_OF[who]
            assert edge.action is expected
    targets = [status(t) for (s, _), (t, _) in ARROWS.items() if s == state]
    order = list(InitiativeStatus)
    assert lifecycle.next_states(status(state)) == sorted(set(targets), key=order.index)


def test_reasons_are_asked_for_rejecting_holding_and_cancelling():
    needing = {t.name for t, edge in lifecycle.EDGES.items() if edge.reason_required}
    assert needing == {"REJECT", "REJECT_BUDGET", "HOLD", "CANCEL"}


def test_work_that_asked_for_money_starts_only_once_funded():
    approved, funded = InitiativeStatus.APPROVED, InitiativeStatus.FUNDED
    assert lifecycle.drawn(Transition.START, approved, None) is True
    assert lifecycle.drawn(Transition.START, approved, Decimal("0")) is True
    assert lifecycle.drawn(Transition.START, approved, Decimal("0.01")) is False
    assert lifecycle.drawn(Transition.START, funded, Decimal("500")) is True
    assert lifecycle.needs_budget(None) is False
    assert lifecycle.needs_budget(Decimal("0")) is False
    assert lifecycle.needs_budget(Decimal("1")) is True
    assert lifecycle.refusal(Transition.START, approved, Decimal("10")) == (
        "Cannot start an approved initiative that asked for a budget before the budget is "
        "funded; request the budget first, or set the requested budget to none."
    )
    assert lifecycle.refusal(Transition.START, funded, Decimal("10")).startswith(
        "Cannot start an initiative that is funded"
    )


def test_a_refusal_names_the_state_and_where_it_may_go():
    assert lifecycle.refusal(Transition.REJECT_BUDGET, InitiativeStatus.IN_PROGRESS, None) == (
        "Cannot reject budget an initiative that is in progress; from in progress it can go "
        "to: on hold, completed, cancelled."
    )
    assert lifecycle.refusal(Transition.RESUME, InitiativeStatus.COMPLETED, None) == (
        "Cannot resume an initiative that is completed; from completed it can go to: "
        "nowhere (it is closed)."
    )
    assert lifecycle.LABELS[InitiativeStatus.BUDGET_REQUESTED] == "budget requested"


def test_the_steps_offered_are_the_drawn_ones_the_viewer_may_fire():
    work = SimpleNamespace(status="proposed", budget_requested=None, owner_id=10)
    steering, owner = VIEWERS["steering"], VIEWERS["nobody"]
    strategic = PLANS["strategic"]
    assert lifecycle.available(steering, strategic, work) == [
        Transition.APPROVE, Transition.REJECT, Transition.CANCEL
    ]  # fmt: skip
    assert lifecycle.available(owner, strategic, work) == [Transition.CANCEL]
    assert lifecycle.available(None, strategic, work) == []
    reader = person(grant("steering_committee"), scope=TokenScope.READ)
    assert lifecycle.available(reader, strategic, work) == []
    asked = SimpleNamespace(status="approved", budget_requested=Decimal("100"), owner_id=10)
    assert lifecycle.available(owner, strategic, asked) == [
        Transition.REQUEST_BUDGET, Transition.CANCEL
    ]  # fmt: skip
    writer = person(grant("steering_committee"), scope=TokenScope.READ_WRITE)
    assert lifecycle.allowed(writer, Transition.APPROVE, strategic, work) is True
    assert lifecycle.allowed(writer, Transition.START, strategic, work) is False


def test_what_may_still_change_in_each_state():
    everything = {
        "title", "description", "rationale", "owner_id", "priority", "execution_mode",
        "value_chain_activity", "planned_start", "planned_end", "currency", "budget_requested",
        "dimensions", "tags", "objective_ids", "service_ids",
    }  # fmt: skip
    approved = everything - {"title", "rationale"}
    asked = approved - {"currency", "budget_requested"}
    started = asked - {"planned_start"}
    assert {s.name: set(f) for s, f in lifecycle.EDITABLE.items()} == {
        "PROPOSED": everything, "APPROVED": approved, "BUDGET_REQUESTED": asked,
        "FUNDED": asked, "IN_PROGRESS": started, "ON_HOLD": started,
    }  # fmt: skip


# -- input checks ----------------------------------------------------------------------------


def refused(check, *args, **kwargs) -> tuple[str, str, str]:
    with pytest.raises(RuleViolation) as caught:
        check(*args, **kwargs)
    violation = caught.value
    return violation.code, violation.message, violation.field


def test_text_is_trimmed_and_bounded():
    assert validation.text("f", "  hi  ", limit=2) == "hi"
    assert validation.text("f", None, limit=2) == ""
    assert validation.text("f", "", limit=2, required=False) == ""
    assert refused(validation.text, "f", " ", limit=5, required=True) == (
        "INVALID", "must not be empty", "f"
    )  # fmt: skip
    assert refused(validation.text, "f", "abc", limit=2) == (
        "INVALID", "must be at most 2 characters (got 3)", "f"
    )  # fmt: skip


def test_a_reason_is_required_and_bounded():
    assert validation.reason("r", "  late  ", "hold it") == "late"
    assert refused(validation.reason, "r", "   ", "hold it") == (
        "INVALID", "a reason is required to hold it", "r"
    )  # fmt: skip
    assert validation.reason("r", "x" * 2000, "hold it") == "x" * 2000
    assert refused(validation.reason, "r", "x" * 2001, "do") == (
        "INVALID", "must be at most 2000 characters (got 2001)", "r"
    )  # fmt: skip
    assert refused(validation.reason, "r", None, "do")[1] == "a reason is required to do"


def test_money_is_not_negative_has_cents_and_a_ceiling():
    assert validation.money("m", None) is None
    assert validation.money("m", Decimal("0")) == Decimal("0.00")
    assert str(validation.money("m", Decimal("12.5"))) == "12.50"
    assert validation.money("m", Decimal("999999999999.99")) == Decimal("999999999999.99")
    assert refused(validation.money, "m", Decimal("-0.01")) == (
        "INVALID", "must not be negative", "m"
    )  # fmt: skip
    assert refused(validation.money, "m", Decimal("0"), positive=True)[1] == "must be more than 0"
    assert refused(validation.money, "m", Decimal("-1"), positive=True)[1] == "must be more than 0"
    assert validation.money("m", Decimal("0.01"), positive=True) == Decimal("0.01")
    assert refused(validation.money, "m", Decimal("1000000000000")) == (
        "INVALID", "must be at most 999999999999.99", "m"
    )  # fmt: skip
    assert refused(validation.money, "m", Decimal("1.001")) == (
        "INVALID", "must have at most two decimal places", "m"
    )  # fmt: skip


def test_currencies_are_three_capital_letters():
    assert validation.currency("c", " eur ") == "EUR"
    for wrong in ("EU", "EURO", "E1R", "", None):
        assert refused(validation.currency, "c", wrong) == (
            "INVALID", "must be a three-letter ISO 4217 code such as EUR", "c"
        )  # fmt: skip


def test_an_end_may_not_come_before_its_start():
    day = date(2026, 5, 1)
    validation.date_order("start", day, "end", day)
    validation.date_order("start", None, "end", day)
    validation.date_order("start", day, "end", None)
    assert refused(validation.date_order, "start", day, "end", date(2026, 4, 30)) == (
        "INVALID", "must not be before start", "end"
    )  # fmt: skip


def test_percentages_run_from_0_to_100():
    assert validation.percent("p", 0) == 0
    assert validation.percent("p", 100) == 100
    assert refused(validation.percent, "p", 101) == (
        "INVALID",
        "must be from 0 to 100 (got 101)",
        "p",
    )
    assert refused(validation.percent, "p", -1)[1] == "must be from 0 to 100 (got -1)"


def test_tags_are_trimmed_lower_case_unique_and_bounded():
    assert validation.tags("t", None) == []
    assert validation.tags("t", [" Cloud ", "cloud", "Cost"]) == ["cloud", "cost"]
    assert refused(validation.tags, "t", ["ok", "  "]) == ("INVALID", "tags must not be empty", "t")
    assert validation.tags("t", ["x" * 60]) == ["x" * 60]
    long = "y" * 61
    assert refused(validation.tags, "t", [long]) == (
        "INVALID", f"the tag {long[:20]!r}… is longer than 60 characters", "t"
    )  # fmt: skip
    assert len(validation.tags("t", [f"t{n}" for n in range(20)])) == 20
    assert refused(validation.tags, "t", [f"t{n}" for n in range(21)]) == (
        "INVALID", "at most 20 tags", "t"
    )  # fmt: skip
    assert len(validation.tags("t", [f"t{n % 20}" for n in range(40)])) == 20


# -- the audit log's values ------------------------------------------------------------------


def test_snapshots_turn_values_into_json_ready_ones():
    row = SimpleNamespace(
        status=InitiativeStatus.FUNDED, money=Decimal("10.50"), day=date(2026, 1, 2),
        at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC), title="T", count=3, nothing=None,
    )  # fmt: skip
    assert audit.snapshot(row, ["status", "money", "day", "at", "title", "count", "nothing"]) == {
        "status": "funded", "money": "10.50", "day": "2026-01-02",
        "at": "2026-01-02T03:04:00+00:00", "title": "T", "count": 3, "nothing": None,
    }  # fmt: skip


def test_an_entry_records_who_what_and_where():
    added = []
    session = SimpleNamespace(add=added.append)
    entry = audit.record(
        session, actor_id=3, actor_name="Ada", entity_type="Initiative", entity_id=7,
        entity_label="x" * 400, action=AuditAction.UPDATE, before={"a": 1}, after={"a": 2},
        plan_id=5,
    )  # fmt: skip
    assert added == [entry] and isinstance(entry, AuditEntry)
    assert (entry.actor_id, entry.actor_name, entry.entity_type, entry.entity_id) == (
        3, "Ada", "Initiative", 7
    )  # fmt: skip
    assert entry.entity_label == "x" * 300
    assert (entry.action, entry.before, entry.after) == (AuditAction.UPDATE, {"a": 1}, {"a": 2})
    assert (entry.plan_id, entry.admin_only) == (5, False)
    quiet = audit.record(
        session, actor_id=None, actor_name=audit.SYSTEM_ACTOR, entity_type="Person",
        entity_id=1, entity_label="P", action=AuditAction.CREATE, admin_only=True,
    )  # fmt: skip
    assert (quiet.plan_id, quiet.admin_only, quiet.before, quiet.after) == (None, True, None, None)
