"""The database itself refuses rows that break the domain's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.models import (
    BudgetRequest,
    Initiative,
    Measurement,
    Metric,
    Objective,
    Person,
    Plan,
    Role,
    RoleAssignment,
    Service,
    StatusUpdate,
)
from server.models.enums import Direction, Health, PlanKind, ServiceLifecycle


@pytest.fixture
def session(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    with Session(engine) as session:
        yield session
    engine.dispose()


def role_id(session: Session, slug: str) -> int:
    return session.scalar(select(Role.id).where(Role.slug == slug))


@pytest.fixture
def plan(session) -> Plan:
    plan = Plan(
        kind=PlanKind.STRATEGIC,
        name="Strategy",
        owner_role_id=role_id(session, "steering_committee"),
    )
    session.add(plan)
    session.commit()
    return plan


def rejected(session: Session, *rows) -> bool:
    """Adding the rows fails, and the session is usable again afterwards."""
    try:
        session.add_all(rows)
        session.flush()
    except (IntegrityError, StatementError, LookupError):
        session.rollback()
        return True
    session.rollback()
    return False


def test_percent_complete_must_be_between_0_and_100(session, plan):
    initiative = Initiative(plan_id=plan.id, title="Work")
    session.add(initiative)
    session.commit()
    for percent, refused in [(-1, True), (0, False), (100, False), (101, True)]:
        update = StatusUpdate(
            initiative_id=initiative.id, health=Health.ON_TRACK, percent_complete=percent
        )
        assert rejected(session, update) is refused, percent


def test_budgets_cannot_be_negative(session, plan):
    assert rejected(session, Initiative(plan_id=plan.id, title="A", budget_requested=Decimal("-1")))
    assert rejected(
        session, Initiative(plan_id=plan.id, title="B", budget_approved=Decimal("-0.01"))
    )
    assert not rejected(
        session, Initiative(plan_id=plan.id, title="C", budget_requested=Decimal("0"))
    )


def test_money_is_exact(session, plan):
    initiative = Initiative(plan_id=plan.id, title="Exact", budget_requested=Decimal("1234567.89"))
    session.add(initiative)
    session.commit()
    session.expire_all()
    assert session.get(Initiative, initiative.id).budget_requested == Decimal("1234567.89")


def test_currency_must_be_a_three_letter_code(session, plan):
    assert rejected(session, Initiative(plan_id=plan.id, title="A", currency="eur"))
    assert rejected(session, Initiative(plan_id=plan.id, title="B", currency="EURO"))


def test_an_unknown_status_is_refused(session, plan):
    assert rejected(session, Initiative(plan_id=plan.id, title="A", status="dreaming"))


def test_a_service_improvement_plan_needs_its_service_and_only_one_per_service(session):
    owner = role_id(session, "service_owner")
    service = Service(name="Mail", lifecycle=ServiceLifecycle.LIVE)
    session.add(service)
    session.commit()
    assert rejected(
        session, Plan(kind=PlanKind.SERVICE_IMPROVEMENT, name="No service", owner_role_id=owner)
    )
    assert rejected(
        session,
        Plan(
            kind=PlanKind.STRATEGIC,
            name="Strategy with a service",
            owner_role_id=owner,
            service_id=service.id,
        ),
    )
    session.add(
        Plan(
            kind=PlanKind.SERVICE_IMPROVEMENT,
            name="Mail SIP",
            owner_role_id=owner,
            service_id=service.id,
        )
    )
    session.commit()
    assert rejected(
        session,
        Plan(
            kind=PlanKind.SERVICE_IMPROVEMENT,
            name="Second",
            owner_role_id=owner,
            service_id=service.id,
        ),
    )


def test_the_security_plan_is_always_confidential(session):
    owner = role_id(session, "security_manager")
    assert rejected(
        session, Plan(kind=PlanKind.SECURITY_IMPROVEMENT, name="Open", owner_role_id=owner)
    )
    assert not rejected(
        session,
        Plan(
            kind=PlanKind.SECURITY_IMPROVEMENT,
            name="Closed",
            owner_role_id=owner,
            confidential=True,
        ),
    )


def test_a_role_assignment_has_at_most_one_scope_and_is_not_repeated(session):
    person = Person(email="p@example.org", name="P")
    service = Service(name="Desk", lifecycle=ServiceLifecycle.LIVE)
    session.add_all([person, service])
    session.commit()
    from server.models import Process

    process = Process(name="Incident")
    session.add(process)
    session.commit()
    owner = role_id(session, "service_owner")
    assert rejected(
        session,
        RoleAssignment(
            person_id=person.id, role_id=owner, service_id=service.id, process_id=process.id
        ),
    )
    session.add(RoleAssignment(person_id=person.id, role_id=owner, service_id=service.id))
    session.commit()
    assert rejected(
        session, RoleAssignment(person_id=person.id, role_id=owner, service_id=service.id)
    )
    session.add(RoleAssignment(person_id=person.id, role_id=owner))
    session.commit()
    assert rejected(session, RoleAssignment(person_id=person.id, role_id=owner))


def test_one_measurement_per_metric_and_time(session):
    metric = Metric(name="Availability", direction=Direction.UP)
    session.add(metric)
    session.commit()
    at = datetime(2026, 1, 1, tzinfo=UTC)
    session.add(Measurement(metric_id=metric.id, value=99.5, taken_at=at))
    session.commit()
    assert rejected(session, Measurement(metric_id=metric.id, value=99.6, taken_at=at))


def test_a_measurable_metric_names_its_data_source(session):
    assert rejected(
        session, Metric(name="M", direction=Direction.UP, can_measure=True, data_source="")
    )


def test_only_the_vision_is_a_root_objective(session):
    assert rejected(session, Objective(level="strategy", title="Orphan strategy"))
    vision = Objective(level="vision", title="Vision")
    session.add(vision)
    session.commit()
    assert rejected(session, Objective(level="vision", title="Second vision", parent_id=vision.id))


def test_an_approved_budget_stays_within_the_request(session, plan):
    initiative = Initiative(plan_id=plan.id, title="Funded")
    session.add(initiative)
    session.commit()
    now = datetime.now(UTC)
    assert rejected(
        session,
        BudgetRequest(
            initiative_id=initiative.id,
            amount=Decimal("100"),
            currency="EUR",
            justification="x",
            status="approved",
            approved_amount=Decimal("150"),
            decided_at=now,
        ),
    )
    assert not rejected(
        session,
        BudgetRequest(
            initiative_id=initiative.id,
            amount=Decimal("100"),
            currency="EUR",
            justification="x",
            status="approved",
            approved_amount=Decimal("80"),
            decided_at=now,
        ),
    )


def test_times_come_back_timezone_aware_in_utc(session, plan):
    initiative = Initiative(plan_id=plan.id, title="Timed", planned_start=date(2026, 1, 1))
    session.add(initiative)
    session.commit()
    session.expire_all()
    created = session.get(Initiative, initiative.id).created_at
    assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0


def test_naive_timestamps_are_refused(session):
    metric = Metric(name="Naive", direction=Direction.UP)
    session.add(metric)
    session.commit()
    assert rejected(
        session, Measurement(metric_id=metric.id, value=1, taken_at=datetime(2026, 1, 1))
    )
