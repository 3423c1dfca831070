"""The rules that need rows, called directly on a copy of the demo (fast, for `make mutate`):
what each viewer may see, and what firing a lifecycle step writes. Expected rows are picked
with hand-written SQL, not with the conditions under test."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.core import visibility
from server.domain.core.errors import RuleViolation
from server.domain.core.viewer import RoleGrant, Viewer
from server.domain.initiatives import transitions
from server.domain.initiatives.lifecycle import Transition
from server.models import (
    ApiToken,
    AuditEntry,
    BudgetRequest,
    Initiative,
    InitiativeEvent,
    Measurement,
    Metric,
    MetricInitiative,
    PendingChange,
    Plan,
)
from server.models.changes import ChangeKind, ChangeStatus
from server.models.enums import AuditAction, Outcome, TokenScope

NOBODY = Viewer(1, "Nora", "n@x", False, frozenset())
SECURITY = Viewer(2, "Omar", "o@x", False, frozenset({RoleGrant("security_manager")}))
STEERING = Viewer(3, "Meg", "m@x", False, frozenset({RoleGrant("steering_committee")}))
ADMIN = Viewer(4, "Ada", "a@x", True, frozenset())

HIDDEN_PLANS = "SELECT id FROM plans WHERE confidential"
HIDDEN_WORK = f"SELECT id FROM initiatives WHERE plan_id IN ({HIDDEN_PLANS})"


@pytest.fixture
def session(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with Session(engine) as session:
        yield session
    engine.dispose()


def ids(session, sql: str) -> set[int]:
    return set(session.scalars(text(sql)))


def visible(session, model, condition) -> set[int]:
    statement = select(model.id)
    if condition is not None:
        statement = statement.where(condition)
    return set(session.scalars(statement))


def test_confidential_plans_and_their_work_are_seen_by_the_cleared_alone(session):
    open_plans = ids(session, "SELECT id FROM plans WHERE NOT confidential")
    open_work = ids(session, f"SELECT id FROM initiatives WHERE plan_id NOT IN ({HIDDEN_PLANS})")
    open_events = ids(
        session, f"SELECT id FROM initiative_events WHERE initiative_id NOT IN ({HIDDEN_WORK})"
    )
    assert ids(session, HIDDEN_PLANS) and ids(session, HIDDEN_WORK)
    assert visible(session, Plan, visibility.visible_plans(NOBODY)) == open_plans
    assert visible(session, Initiative, visibility.visible_initiatives(NOBODY)) == open_work
    children = visibility.visible_initiative_children(NOBODY, InitiativeEvent.initiative_id)
    assert visible(session, InitiativeEvent, children) == open_events
    for viewer in (SECURITY, STEERING, ADMIN):
        assert visibility.visible_plans(viewer) is None
        assert visibility.visible_initiatives(viewer) is None
        assert visibility.visible_initiative_children(viewer, InitiativeEvent.id) is None
        assert visibility.visible_metrics(viewer) is None
        assert visibility.visible_measurements(viewer) is None
        assert visibility.visible_pending_changes(viewer) is None
    assert visible(session, Plan, visibility.visible_plans(None)) == set()
    assert visible(session, Initiative, visibility.visible_initiatives(None)) == set()
    nothing = visibility.visible_initiative_children(None, InitiativeEvent.initiative_id)
    assert visible(session, InitiativeEvent, nothing) == set()


def test_metrics_showing_hidden_work_are_hidden_wherever_they_are_kept(session):
    open_metric = session.scalar(
        text(
            f"SELECT id FROM metrics WHERE plan_id IS NULL OR plan_id NOT IN ({HIDDEN_PLANS}) "
            "ORDER BY id LIMIT 1"
        )
    )
    session.add(
        MetricInitiative(metric_id=open_metric, initiative_id=min(ids(session, HIDDEN_WORK)))
    )
    unlinked = ids(
        session,
        f"SELECT id FROM metrics WHERE plan_id NOT IN ({HIDDEN_PLANS}) "
        "AND id NOT IN (SELECT metric_id FROM metric_initiatives)",
    )
    planless = max(unlinked)  # kept in no plan: the steering committee's
    session.execute(text(f"UPDATE metrics SET plan_id = NULL WHERE id = {planless}"))
    session.flush()
    expected = ids(
        session,
        f"SELECT id FROM metrics WHERE (plan_id IS NULL OR plan_id NOT IN ({HIDDEN_PLANS})) "
        "AND id NOT IN (SELECT metric_id FROM metric_initiatives "
        f"WHERE initiative_id IN ({HIDDEN_WORK}))",
    )
    assert open_metric not in expected and planless in expected
    assert visible(session, Metric, visibility.visible_metrics(NOBODY)) == expected
    measured = visibility.visible_measurements(NOBODY)
    in_expected = ",".join(str(i) for i in expected)
    assert visible(session, Measurement, measured) == ids(
        session, f"SELECT id FROM measurements WHERE metric_id IN ({in_expected})"
    )
    assert visible(session, Metric, visibility.visible_metrics(None)) == set()
    assert visible(session, Measurement, visibility.visible_measurements(None)) == set()


def test_the_audit_log_hides_people_tokens_and_confidential_plans(session):
    hidden_plan, open_plan = (
        min(ids(session, HIDDEN_PLANS)),
        min(ids(session, "SELECT id FROM plans WHERE NOT confidential")),
    )
    entries = {}
    for name, plan_id, admin_only in (
        ("hidden", hidden_plan, False),
        ("open", open_plan, False),
        ("nowhere", None, False),
        ("person", None, True),
    ):
        entry = AuditEntry(
            actor_name="t",
            entity_type="X",
            entity_id=1,
            entity_label=name,
            action=AuditAction.UPDATE,
            plan_id=plan_id,
            admin_only=admin_only,
        )
        session.add(entry)
        session.flush()
        entries[name] = entry.id
    seen = {
        viewer: {
            n
            for n, i in entries.items()
            if i in visible(session, AuditEntry, visibility.visible_audit_entries(viewer))
        }
        for viewer in (NOBODY, SECURITY, ADMIN)
    }
    assert seen == {
        NOBODY: {"open", "nowhere"},
        SECURITY: {"hidden", "open", "nowhere"},
        ADMIN: {"hidden", "open", "nowhere", "person"},
    }
    assert visibility.visible_audit_entries(ADMIN) is None
    assert visible(session, AuditEntry, visibility.visible_audit_entries(None)) == set()


def test_people_see_their_own_tokens_and_administrators_everyones(session):
    for n, owner in enumerate((1, 1, 2)):
        token = ApiToken(
            person_id=owner, name="t", prefix=f"p{n}", secret_hash="h" * 64, scope=TokenScope.READ
        )
        session.add(token)
    session.flush()
    mine = visible(session, ApiToken, visibility.visible_api_tokens(NOBODY))
    assert mine == ids(session, "SELECT id FROM api_tokens WHERE person_id = 1")
    assert len(mine) == 2
    assert visibility.visible_api_tokens(ADMIN) is None
    assert visible(session, ApiToken, visibility.visible_api_tokens(None)) == set()


def test_waiting_changes_are_seen_with_their_initiative_or_metric(session):
    open_plans = "SELECT id FROM plans WHERE NOT confidential"
    hidden_work = min(ids(session, HIDDEN_WORK))
    open_work = min(ids(session, f"SELECT id FROM initiatives WHERE plan_id IN ({open_plans})"))
    hidden_metric = min(ids(session, f"SELECT id FROM metrics WHERE plan_id IN ({HIDDEN_PLANS})"))
    open_metric = min(
        ids(
            session,
            f"SELECT id FROM metrics WHERE plan_id IN ({open_plans}) "
            "AND id NOT IN (SELECT metric_id FROM metric_initiatives)",
        )
    )
    changes = {}
    for name, work, metric in (
        ("hidden budget", hidden_work, None),
        ("open budget", open_work, None),
        ("hidden target", None, hidden_metric),
        ("open target", None, open_metric),
    ):
        kind = ChangeKind.BUDGET if work else ChangeKind.TARGET
        values = (
            {"budget_before": Decimal("1"), "budget_after": Decimal("2"), "currency": "EUR"}
            if work
            else {"target_before": 1.0, "target_after": 2.0}
        )
        change = PendingChange(kind=kind, initiative_id=work, metric_id=metric, **values)
        session.add(change)
        session.flush()
        changes[name] = change.id
    shown = visible(session, PendingChange, visibility.visible_pending_changes(NOBODY))
    assert {name for name, i in changes.items() if i in shown} == {"open budget", "open target"}
    assert visible(session, PendingChange, visibility.visible_pending_changes(None)) == set()


# -- firing a step ---------------------------------------------------------------------------


def work_in(session, status: str, plan_kind: str = "strategic") -> Initiative:
    return session.scalar(
        select(Initiative)
        .join(Plan, Plan.id == Initiative.plan_id)
        .where(Initiative.status == status, Plan.kind == plan_kind)
        .order_by(Initiative.id)
        .limit(1)
    )


def fire(session, viewer, work, transition, version=None, **options):
    """Fire a step and commit, as the request boundary does after a step succeeds."""
    version = work.version if version is None else version
    changed = transitions.fire(session, viewer, work.id, version, transition, **options)
    session.commit()
    return changed


def violation(session, call) -> tuple[str, str, str | None]:
    """The refusal, after rolling back, as the request boundary does after a refusal."""
    with pytest.raises(RuleViolation) as caught:
        call()
    session.rollback()
    return caught.value.code, caught.value.message, caught.value.field


def test_approving_moves_the_work_and_records_who_when_and_what(session):
    work = work_in(session, "proposed")
    version = work.version
    fire(session, STEERING, work, Transition.APPROVE, reason="  Good  ")
    assert (work.status, work.version) == ("approved", version + 1)
    event = session.scalars(
        select(InitiativeEvent)
        .where(InitiativeEvent.initiative_id == work.id)
        .order_by(InitiativeEvent.id.desc())
    ).first()
    assert (event.from_status, event.to_status, event.actor_id, event.reason) == (
        "proposed",
        "approved",
        STEERING.person_id,
        "Good",
    )
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.entity_type, entry.entity_id, entry.action, entry.plan_id) == (
        "Initiative",
        work.id,
        AuditAction.TRANSITION,
        work.plan_id,
    )
    assert (entry.actor_id, entry.actor_name) == (STEERING.person_id, "Meg")
    assert entry.before == {"status": "proposed"}
    assert entry.after == {"status": "approved", "reason": "Good"}


def test_a_step_is_refused_for_the_wrong_person_version_or_state(session):
    work = work_in(session, "proposed")
    assert violation(session, lambda: fire(session, NOBODY, work, Transition.APPROVE)) == (
        "FORBIDDEN",
        "Your roles do not allow you to approve this initiative.",
        None,
    )
    stale = violation(
        session, lambda: fire(session, STEERING, work, Transition.APPROVE, work.version - 1)
    )
    assert stale[0] == "CONFLICT" and stale[2] == "input.expectedVersion"
    assert violation(session, lambda: fire(session, STEERING, work, Transition.START))[:1] == (
        "INVALID_TRANSITION",
    )
    hidden = work_in(session, "proposed", "security_improvement") or work_in(
        session, "approved", "security_improvement"
    )
    code, _, field = violation(session, lambda: fire(session, NOBODY, hidden, Transition.CANCEL))
    assert (code, field) == ("NOT_FOUND", "input.id")
    assert violation(
        session, lambda: fire(session, STEERING, work, Transition.REJECT, reason=" ")
    ) == ("INVALID", "a reason is required to reject an initiative", "input.reason")
    code, message, _ = violation(
        session, lambda: fire(session, STEERING, work, Transition.APPROVE, reason="x" * 2001)
    )
    assert message == "must be at most 2000 characters (got 2001)"
    assert work.status == "proposed"


def test_a_budget_is_requested_then_funded_up_to_the_amount_asked(session):
    work = work_in(session, "approved")
    ask = Transition.REQUEST_BUDGET
    assert violation(session, lambda: fire(session, STEERING, work, ask, reason="why"))[1:] == (
        "an amount is required",
        "input.amount",
    )
    assert violation(session, lambda: fire(session, STEERING, work, ask, amount=Decimal("5")))[
        1:
    ] == ("a justification is required", "input.justification")
    assert (
        violation(
            session,
            lambda: fire(
                session, STEERING, work, ask, amount=Decimal("5"), reason="w", currency="eu"
            ),
        )[2]
        == "input.currency"
    )
    fire(session, STEERING, work, ask, amount=Decimal("500"), reason="Quotes", currency="usd")
    assert (work.status, work.budget_requested, work.currency) == (
        "budget_requested",
        Decimal("500.00"),
        "USD",
    )
    request = session.scalars(
        select(BudgetRequest)
        .where(BudgetRequest.initiative_id == work.id)
        .order_by(BudgetRequest.id.desc())
    ).first()
    assert (request.amount, request.justification, request.requested_by_id) == (
        Decimal("500.00"),
        "Quotes",
        STEERING.person_id,
    )
    over = violation(
        session, lambda: fire(session, STEERING, work, Transition.FUND, amount=Decimal("501"))
    )
    assert over == ("INVALID", "must not exceed the 500.00 USD requested", "input.amount")
    fire(session, STEERING, work, Transition.FUND, reason="ok")
    assert (work.status, work.budget_approved) == ("funded", Decimal("500.00"))
    assert (request.status, request.approved_amount, request.decided_by_id) == (
        "approved",
        Decimal("500.00"),
        STEERING.person_id,
    )
    assert request.decision_reason == "ok" and request.decided_at is not None


def test_a_rejected_budget_keeps_the_decision_and_returns_the_work_to_approved(session):
    work = work_in(session, "budget_requested")
    fire(session, STEERING, work, Transition.REJECT_BUDGET, reason="No money")
    request = session.scalars(
        select(BudgetRequest)
        .where(BudgetRequest.initiative_id == work.id)
        .order_by(BudgetRequest.id.desc())
    ).first()
    assert (work.status, request.status, request.decision_reason) == (
        "approved",
        "rejected",
        "No money",
    )
    assert request.approved_amount is None and work.budget_approved is None
    assert violation(session, lambda: fire(session, STEERING, work, Transition.REJECT_BUDGET))[
        0
    ] == ("INVALID_TRANSITION")


def test_starting_and_completing_keep_the_dates_and_the_outcome(session):
    work = work_in(session, "funded")
    fire(session, STEERING, work, Transition.START)
    assert (work.status, work.actual_start) == ("in_progress", date.today())
    work.actual_start = date.today() + timedelta(days=3)
    session.commit()
    assert violation(
        session, lambda: fire(session, STEERING, work, Transition.COMPLETE, reason="x")
    ) == ("INVALID", "an outcome is required to complete", "input.outcome")
    fire(session, STEERING, work, Transition.HOLD, reason="Wait")
    fire(session, STEERING, work, Transition.RESUME)
    assert work.actual_start == date.today() + timedelta(days=3)
    fire(session, STEERING, work, Transition.COMPLETE, outcome=Outcome.ACHIEVED, reason="Done")
    assert (work.status, work.outcome, work.outcome_note) == ("completed", "achieved", "Done")
    assert work.actual_end == date.today() + timedelta(days=3)  # never before its start
    other = work_in(session, "in_progress")
    fire(session, STEERING, other, Transition.COMPLETE, outcome=Outcome.NOT_ACHIEVED)
    assert other.actual_end == max(date.today(), other.actual_start)
    assert other.outcome_note == ""


def owner_of(work: Initiative) -> Viewer:
    """The initiative's owner, holding no role at all: owning the work is enough."""
    return Viewer(work.owner_id, "Owner", "owner@x", False, frozenset())


def test_the_owner_runs_their_own_work_and_is_told_what_they_may_not_do(session):
    work = work_in(session, "approved")
    assert violation(session, lambda: fire(session, NOBODY, work, Transition.REQUEST_BUDGET)) == (
        "FORBIDDEN",
        "Your roles do not allow you to request budget this initiative.",
        None,
    )
    owner = owner_of(work)
    assert violation(session, lambda: fire(session, owner, work, Transition.APPROVE))[0] == (
        "FORBIDDEN"
    )
    work.budget_requested = Decimal("100")
    session.commit()
    assert violation(session, lambda: fire(session, owner, work, Transition.START)) == (
        "INVALID_TRANSITION",
        "Cannot start an approved initiative that asked for a budget before the budget is "
        "funded; request the budget first, or set the requested budget to none.",
        None,
    )
    assert violation(
        session, lambda: fire(session, owner, work, Transition.REQUEST_BUDGET, amount=Decimal(0))
    ) == ("INVALID", "must be more than 0", "input.amount")
    assert violation(session, lambda: fire(session, owner, work, Transition.REQUEST_BUDGET)) == (
        "INVALID",
        "an amount is required",
        "input.amount",
    )
    asked = violation(
        session,
        lambda: fire(session, owner, work, Transition.REQUEST_BUDGET, amount=Decimal("5")),
    )
    assert asked == ("INVALID", "a justification is required", "input.justification")
    work.budget_requested = None
    session.commit()
    long = violation(
        session, lambda: fire(session, owner, work, Transition.START, reason="x" * 2001)
    )
    assert long == ("INVALID", "must be at most 2000 characters (got 2001)", "input.reason")
    fire(session, owner, work, Transition.START)
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.after == {"status": "in_progress", "actual_start": date.today().isoformat()}


def test_deciding_a_budget_needs_a_reason_to_refuse_and_a_request_to_decide(session):
    work = work_in(session, "budget_requested")
    assert violation(
        session, lambda: fire(session, STEERING, work, Transition.REJECT_BUDGET, reason=" ")
    ) == ("INVALID", "a reason is required to reject the budget an initiative", "input.reason")
    assert violation(
        session, lambda: fire(session, STEERING, work, Transition.FUND, amount=Decimal("-1"))
    ) == ("INVALID", "must not be negative", "input.amount")
    session.execute(
        text(f"DELETE FROM budget_requests WHERE initiative_id = {work.id} AND status = 'pending'")
    )
    session.commit()
    assert violation(session, lambda: fire(session, STEERING, work, Transition.FUND)) == (
        "INVALID_TRANSITION",
        "There is no pending budget request to decide.",
        None,
    )


def test_closing_work_freezes_its_benefits_and_settles_the_changes_waiting_on_it(session):
    measured = session.scalar(
        text(
            "SELECT i.id FROM initiatives i JOIN metric_initiatives l ON l.initiative_id = i.id "
            "JOIN measurements m ON m.metric_id = l.metric_id "
            "WHERE i.status = 'in_progress' ORDER BY i.id LIMIT 1"
        )
    )
    work = session.get(Initiative, measured)
    owner = owner_of(work)
    change = PendingChange(
        kind=ChangeKind.BUDGET, initiative_id=work.id, budget_before=Decimal("1"),
        budget_after=Decimal("2"), currency="EUR",
    )  # fmt: skip
    session.add(change)
    session.commit()
    fire(session, owner, work, Transition.HOLD, reason="Wait")
    fire(session, owner, work, Transition.RESUME)
    assert change.status == ChangeStatus.PENDING  # only closing the work settles it
    before = session.scalar(text("SELECT count(*) FROM realised_benefits"))
    fire(session, owner, work, Transition.COMPLETE, outcome=Outcome.PARTLY_ACHIEVED)
    frozen = session.scalar(text("SELECT count(*) FROM realised_benefits")) - before
    assert frozen > 0
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity_type == "Initiative", AuditEntry.entity_id == work.id)
        .order_by(AuditEntry.id.desc())
    ).first()
    assert entry.after["realisedBenefitsRecorded"] == frozen
    assert entry.after["status"] == "completed" and "reason" not in entry.after
    assert change.status == ChangeStatus.REJECTED
    settled = session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity_type == "PendingChange", AuditEntry.entity_id == change.id
        )
    ).one()
    assert (settled.actor_id, settled.after["status"]) == (work.owner_id, "rejected")
