"""The demo organisation: believable, complete, deterministic and loaded only once."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from server.db import make_sync_engine
from server.demo import build as demo_build
from server.demo import content
from server.demo.build import BENCH, build, parse_scale
from server.demo.load import load_demo
from server.domain.core.roles import BUILTIN_ROLES
from server.integrity import run_checks
from server.models import (
    Base,
    Initiative,
    InitiativeEvent,
    Measurement,
    Metric,
    Objective,
    Plan,
    Role,
    RoleAssignment,
    Service,
    StatusUpdate,
)
from server.models.enums import InitiativeStatus, ObjectiveLevel, PlanKind


@pytest.fixture
def demo(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def table_counts(connection) -> dict[str, int]:
    return {
        name: connection.scalar(select(func.count()).select_from(table))
        for name, table in Base.metadata.tables.items()
    }


def test_people_between_them_hold_every_role_some_of_them_scoped(demo):
    held = set(demo.scalars(select(Role.slug).join(RoleAssignment)))
    assert held == {role.slug for role in BUILTIN_ROLES}
    scoped = demo.scalar(
        select(func.count())
        .select_from(RoleAssignment)
        .where(RoleAssignment.service_id.is_not(None) | RoleAssignment.process_id.is_not(None))
    )
    assert scoped >= 5
    assert 10 <= table_counts(demo)["people"] <= 15


def test_services_span_the_lifecycle_and_have_offerings(demo):
    lifecycles = Counter(demo.scalars(select(Service.lifecycle)))
    assert sum(lifecycles.values()) == 8
    assert lifecycles["pipeline"] >= 1 and lifecycles["retired"] == 1
    counts = table_counts(demo)
    assert counts["processes"] == 6
    assert counts["offerings"] >= 8


def test_every_kind_of_plan_exists_and_only_the_security_plan_is_confidential(demo):
    rows = demo.execute(select(Plan.kind, Plan.confidential)).all()
    assert {kind for kind, _ in rows} == set(PlanKind)
    assert {kind for kind, confidential in rows if confidential} == {PlanKind.SECURITY_IMPROVEMENT}


def test_about_sixty_initiatives_in_every_state(demo):
    statuses = Counter(demo.scalars(select(Initiative.status)))
    assert 50 <= sum(statuses.values()) <= 70
    assert set(statuses) == set(InitiativeStatus)


def test_each_initiatives_history_replays_to_its_current_state(demo):
    events = demo.execute(
        select(
            InitiativeEvent.initiative_id, InitiativeEvent.from_status, InitiativeEvent.to_status
        ).order_by(InitiativeEvent.initiative_id, InitiativeEvent.at, InitiativeEvent.id)
    ).all()
    replayed: dict[int, str | None] = {}
    for initiative_id, from_status, to_status in events:
        assert replayed.get(initiative_id) == from_status
        replayed[initiative_id] = to_status
    current = dict(demo.execute(select(Initiative.id, Initiative.status)).all())
    assert replayed == current


def test_running_initiatives_have_status_updates(demo):
    running = set(
        demo.scalars(
            select(Initiative.id).where(
                Initiative.status.in_(["in_progress", "on_hold", "completed"])
            )
        )
    )
    with_updates = set(demo.scalars(select(StatusUpdate.initiative_id).distinct()))
    assert running and running <= with_updates


def test_a_strategic_initiative_is_executed_through_children_in_subordinate_plans(demo):
    rows = demo.execute(
        select(Initiative.parent_id, Plan.kind)
        .join(Plan, Plan.id == Initiative.plan_id)
        .where(Initiative.parent_id.is_not(None))
    ).all()
    parent_ids = {parent for parent, _ in rows}
    parent_kinds = set(
        demo.scalars(select(Plan.kind).join(Initiative).where(Initiative.id.in_(parent_ids)))
    )
    assert parent_kinds == {PlanKind.STRATEGIC}
    assert len({kind for _, kind in rows}) >= 3
    assert PlanKind.STRATEGIC not in {kind for _, kind in rows}


def test_about_forty_metrics_with_a_year_or_two_of_measurements(demo):
    assert 35 <= table_counts(demo)["metrics"] <= 45
    per_metric = dict(
        demo.execute(
            select(Measurement.metric_id, func.count()).group_by(Measurement.metric_id)
        ).all()
    )
    measurable = set(demo.scalars(select(Metric.id).where(Metric.can_measure)))
    assert set(per_metric) == measurable
    assert all(12 <= count <= 24 for count in per_metric.values())
    assert demo.scalar(select(func.count()).select_from(Metric).where(~Metric.can_measure)) >= 1


def test_the_objectives_tree_reaches_from_vision_to_operational_goals(demo):
    levels = Counter(demo.scalars(select(Objective.level)))
    assert levels[ObjectiveLevel.VISION] == 1
    assert all(levels[level] >= 1 for level in ObjectiveLevel)


def test_loading_the_demo_again_changes_nothing(demo_url):
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.connect() as connection:
        before = table_counts(connection)
    result = load_demo(engine)
    with engine.connect() as connection:
        after = table_counts(connection)
    engine.dispose()
    assert result.loaded is False
    assert before == after


def test_the_generator_is_deterministic_and_scales():
    roles = {role.slug: n for n, role in enumerate(BUILTIN_ROLES, start=1)}
    day = date(2026, 11, 1)
    first = build(1, day, roles, lambda: "hash")
    again = build(1, day, roles, lambda: "hash")
    assert first.tables == again.tables
    triple = build(3, day, roles, lambda: "hash")
    assert len(triple.tables["initiatives"]) == 3 * len(first.tables["initiatives"])
    # every metric is made once per copy, but a service's satisfaction metric once per service
    per_service = sum(1 for row in first.tables["metrics"] if row["derived_from"])
    assert per_service == len(content.FEEDBACK_TRENDS)
    copied = len(first.tables["metrics"]) - per_service
    assert len(triple.tables["metrics"]) == 3 * copied + per_service


def test_the_bench_data_set_has_the_agreed_size():
    roles = {role.slug: n for n, role in enumerate(BUILTIN_ROLES, start=1)}
    rows = build(BENCH, date(2026, 11, 1), roles, lambda: "hash")
    sizes = {
        name: len(rows.tables.get(name, []))
        for name in ("plans", "initiatives", "metrics", "measurements")
    }
    assert sizes == {"plans": 6, "initiatives": 10_000, "metrics": 30_000, "measurements": 360_000}


def test_a_large_set_handed_over_in_chunks_is_the_same_rows(monkeypatch):
    """The loader writes a large benchmark set a chunk at a time; what it writes is the same
    rows with the same ids as the set built in one piece."""
    roles = {role.slug: n for n, role in enumerate(BUILTIN_ROLES, start=1)}
    day = date(2026, 11, 1)
    monkeypatch.setattr(demo_build, "BENCH_INITIATIVES", 120)
    whole = build("bench-x10", day, roles, lambda: "hash")
    monkeypatch.setattr(demo_build, "CHUNK_INITIATIVES", 250)
    chunks: list[dict[str, list[dict]]] = []
    last = build("bench-x10", day, roles, lambda: "hash", sink=chunks.append)
    chunks.append(last.tables)
    assert len(chunks) == 5  # 1,200 initiatives, 250 at a time
    joined: dict[str, list[dict]] = {}
    for chunk in chunks:
        for table, rows in chunk.items():
            joined.setdefault(table, []).extend(rows)
    assert joined == whole.tables
    assert last.counts == {table: len(rows) for table, rows in whole.tables.items()}
    assert last.counts["initiatives"] == 1_200 and last.counts["measurements"] == 43_200


@pytest.mark.parametrize("value", ["bench", "bench-x10", "bench-x100"])
def test_the_benchmark_scales_are_accepted(value):
    assert parse_scale(value) == value


def test_a_large_set_loads_in_chunks_with_every_row_and_key_in_place(database_url, monkeypatch):
    monkeypatch.setattr(demo_build, "BENCH_INITIATIVES", 40)
    monkeypatch.setattr(demo_build, "CHUNK_INITIATIVES", 150)
    engine = make_sync_engine(database_url, pooled=False)
    result = load_demo(engine, "bench-x10")
    findings = run_checks(engine)
    with engine.begin() as connection:
        counts = {
            model.__tablename__: connection.scalar(select(func.count()).select_from(model))
            for model in (Initiative, Metric, Measurement)
        }
        # the sequences were moved past the loaded ids: a new row takes the next one
        plan_id = connection.scalar(select(func.min(Plan.id)))
        person_id = connection.scalar(select(func.min(Initiative.owner_id)))
        new_id = connection.execute(
            Initiative.__table__.insert()
            .values(
                plan_id=plan_id,
                title="After the load",
                description="",
                rationale="",
                owner_id=person_id,
                created_by_id=person_id,
                status="proposed",
                priority="medium",
                execution_mode="informal",
                currency="EUR",
            )
            .returning(Initiative.id)
        ).scalar_one()
    engine.dispose()
    assert result.loaded
    assert counts == {"initiatives": 400, "metrics": 1_200, "measurements": 14_400}
    assert result.counts["measurements"] == 14_400
    assert new_id == 401
    assert [f.message for f in findings if not f.ok] == []


@pytest.mark.parametrize("value", ["0", "-1", "x", "1001", "1.5", "", "bench-x7"])
def test_bad_scales_are_refused_with_the_reason(value):
    with pytest.raises(ValueError, match="--scale must be a whole number from 1 to 1000"):
        parse_scale(value)


def test_a_larger_scale_loads_that_many_times_the_initiatives(database_url):
    engine = make_sync_engine(database_url, pooled=False)
    result = load_demo(engine, 2)
    with engine.connect() as connection:
        initiatives = connection.scalar(select(func.count()).select_from(Initiative))
        metrics = connection.scalar(select(func.count()).select_from(Metric))
    engine.dispose()
    single = build(1, date(2026, 11, 1), {r.slug: n for n, r in enumerate(BUILTIN_ROLES, 1)}, str)
    assert result.loaded
    assert initiatives == 2 * len(single.tables["initiatives"])
    per_service = sum(1 for row in single.tables["metrics"] if row["derived_from"])
    assert metrics == 2 * (len(single.tables["metrics"]) - per_service) + per_service
