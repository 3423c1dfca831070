"""Recording measurements (step 3, gather): all of a batch or none, every bad row named.

Who may record: the metric's owner, the owner of an initiative the metric is linked to
(DOMAIN.md), and for a metric of a process, that process's manager. A measurement is unique
per metric and time; a duplicate is refused, never silently overwritten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from server.domain.core import audit, permissions, visibility
from server.domain.core.errors import INVALID, RuleViolation, RuleViolations
from server.domain.core.viewer import Viewer
from server.models import Initiative, Measurement, Metric, MetricInitiative
from server.models.enums import AuditAction

MAX_ROWS = 10_000


@dataclass(frozen=True)
class Row:
    metric_id: int | None  # None: the id given was not a metric's
    value: float
    taken_at: datetime
    source: str


def may_record(
    viewer: Viewer, metric_owner: int | None, linked_owners: set[int], process_id: int | None
) -> bool:
    return permissions.may_record_measurements(viewer, metric_owner, linked_owners, process_id)


def computed_metric(name: str, derived_from: str | None) -> str | None:
    """Why a metric's measurements are not recorded by hand: its values are computed (a
    service's satisfaction, from its stakeholder feedback); None for any other metric."""
    if derived_from is None:
        return None
    return (
        f"{name!r} is computed from stakeholder feedback, one value a month; record the "
        "feedback instead"
    )


def record(session: Session, viewer: Viewer, rows: list[Row]) -> list[int]:
    """Insert every row, or none; returns the ids of the metrics recorded to."""
    if not rows:
        raise RuleViolation(INVALID, "give at least one measurement", "input.measurements")
    if len(rows) > MAX_ROWS:
        raise RuleViolation(
            INVALID,
            f"at most {MAX_ROWS:,} measurements per call (got {len(rows):,})",
            "input.measurements",
        )
    wanted = {row.metric_id for row in rows} - {None}
    condition = visibility.visible_metrics(viewer)
    metrics = {
        metric.id: metric
        for metric in session.execute(
            select(
                Metric.id,
                Metric.owner_id,
                Metric.plan_id,
                Metric.name,
                Metric.derived_from,
                Metric.process_id,
            ).where(Metric.id.in_(wanted), *([] if condition is None else [condition]))
        )
    }
    linked: dict[int, set[int]] = {}
    for metric_id, owner_id in session.execute(
        select(MetricInitiative.metric_id, Initiative.owner_id)
        .join(Initiative, Initiative.id == MetricInitiative.initiative_id)
        .where(MetricInitiative.metric_id.in_(list(metrics)))
    ):
        if owner_id is not None:
            linked.setdefault(metric_id, set()).add(owner_id)
    existing: set[tuple[int, datetime]] = set()
    pairs = [(row.metric_id, row.taken_at) for row in rows if row.metric_id in metrics]
    for start in range(0, len(pairs), 1000):  # bounded parameter lists on every database
        existing.update(
            (metric_id, taken_at)
            for metric_id, taken_at in session.execute(
                select(Measurement.metric_id, Measurement.taken_at).where(
                    tuple_(Measurement.metric_id, Measurement.taken_at).in_(
                        pairs[start : start + 1000]
                    )
                )
            )
        )
    problems: list[RuleViolation] = []
    seen: set[tuple[int, datetime]] = set()
    recorded: set[int] = set()  # the metrics of the rows that pass
    for index, row in enumerate(rows):
        path = f"input.measurements.{index}"
        metric = metrics.get(row.metric_id)
        if metric is None:
            problems.append(
                RuleViolation("NOT_FOUND", f"row {index}: unknown metric", f"{path}.metricId")
            )
            continue
        if (computed := computed_metric(metric.name, metric.derived_from)) is not None:
            problems.append(RuleViolation(INVALID, f"row {index}: {computed}", f"{path}.metricId"))
            continue
        if not may_record(viewer, metric.owner_id, linked.get(metric.id, set()), metric.process_id):
            problems.append(
                RuleViolation(
                    "FORBIDDEN",
                    f"row {index}: only the metric's owner, the owner of a linked "
                    "initiative or the manager of its process may record measurements of it",
                    f"{path}.metricId",
                )
            )
            continue
        if not math.isfinite(row.value):
            problems.append(
                RuleViolation(INVALID, f"row {index}: not a finite number", f"{path}.value")
            )
        key = (metric.id, row.taken_at.astimezone(UTC))
        if key in seen or (metric.id, row.taken_at) in existing:
            problems.append(
                RuleViolation(
                    "DUPLICATE",
                    f"row {index}: {metric.name} already has a measurement at {key[1].isoformat()}",
                    f"{path}.takenAt",
                )
            )
        seen.add(key)
        recorded.add(metric.id)
        if len(row.source) > 120:
            problems.append(
                RuleViolation(
                    INVALID, f"row {index}: source is longer than 120 characters", f"{path}.source"
                )
            )
    if problems:
        raise RuleViolations(problems)
    now = datetime.now(UTC)
    session.execute(
        insert(Measurement),
        [
            {
                "metric_id": row.metric_id,
                "value": row.value,
                "taken_at": row.taken_at,
                "source": row.source or "api",
                "recorded_by_id": viewer.person_id,
                "recorded_at": now,
            }
            for row in rows
        ],
    )
    for metric_id in sorted(recorded):
        batch = [row for row in rows if row.metric_id == metric_id]
        metric = metrics[metric_id]
        audit.record(
            session,
            actor_id=viewer.person_id,
            actor_name=viewer.name,
            entity_type="Metric",
            entity_id=metric_id,
            entity_label=metric.name,
            action=AuditAction.CREATE,
            after={
                "measurementsRecorded": len(batch),
                "from": min(r.taken_at for r in batch).astimezone(UTC).isoformat(),
                "to": max(r.taken_at for r in batch).astimezone(UTC).isoformat(),
            },
            plan_id=metric.plan_id,
        )
    session.flush()
    return sorted(recorded)
