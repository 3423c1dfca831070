"""How the relations of metrics and measurements load: owner, plan, service and process, the
latest measurement, measurements, linked initiatives and objectives, the status judged from the
last measurements, what the viewer may do, and the corrective actions and realised benefits
that tie metrics to initiatives."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from schema.core.planner import Planner, prefetch
from schema.core.relations import Computed, Relation, ToMany, ToOne
from schema.core.relations import latest as newest_row
from schema.initiatives.filters import initiative_filters, initiative_order
from schema.initiatives.sources import INITIATIVE, initiatives_of
from schema.metrics.filters import measurement_conditions
from schema.metrics.sources import MEASUREMENT, METRIC
from schema.metrics.types import MetricStatus, RealisedBenefit
from schema.objectives.sources import OBJECTIVE
from schema.people.sources import PERSON
from schema.plans.sources import PLAN
from schema.services.sources import PROCESS, SERVICE
from server import statement_batch
from server.domain.core import permissions, visibility
from server.domain.metrics import analysis, latest
from server.models import (
    Initiative,
    Measurement,
    Metric,
    MetricInitiative,
    MetricObjective,
)
from server.models import Plan as PlanRow
from server.models import RealisedBenefit as RealisedBenefitRow
from server.models.enums import Direction, MeasurementFrequency


async def _metric_statuses(planner, ids: set[int]) -> dict[int, MetricStatus]:
    """Each metric's status from its facts and its last few visible measurements."""
    facts, recent_rows = await statement_batch.gather(
        planner.rows(
            select(
                Metric.id,
                Metric.baseline_value,
                Metric.target_value,
                Metric.direction,
                Metric.amber_tolerance,
                Metric.unit,
                Metric.frequency,
            ).where(planner.id_in(Metric.id, ids))
        ),
        planner.rows(
            latest.recent_values(
                planner.id_in(Measurement.metric_id, ids),
                *MEASUREMENT.conditions(planner.viewer),
            )
        ),
    )
    recent = latest.by_metric(recent_rows)
    statuses = {}
    for fact in facts:
        result = analysis.analyse(
            values=recent.get(fact.id, []),
            baseline=fact.baseline_value,
            target=fact.target_value,
            direction=Direction(fact.direction),
            tolerance=fact.amber_tolerance,
            unit=fact.unit,
            period=PERIODS[MeasurementFrequency(fact.frequency)],
        )
        statuses[fact.id] = MetricStatus(
            rag=result.rag,
            reason=result.reason,
            latest_value=result.latest,
            attainment=result.attainment,
            trend=result.trend,
            trend_periods=result.trend_periods,
        )
    return statuses


PERIODS = {
    MeasurementFrequency.DAILY: "day",
    MeasurementFrequency.WEEKLY: "week",
    MeasurementFrequency.MONTHLY: "month",
    MeasurementFrequency.QUARTERLY: "quarter",
}


async def _viewer_may_record(planner, ids: set[int]) -> dict[int, bool]:
    """Whether the viewer may record measurements of each metric: one statement for the
    owners of the metrics and of their linked initiatives."""
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(
            Metric.id,
            Metric.owner_id,
            Metric.process_id,
            Initiative.owner_id.label("linked_owner_id"),
        )
        .outerjoin(MetricInitiative, MetricInitiative.metric_id == Metric.id)
        .outerjoin(Initiative, Initiative.id == MetricInitiative.initiative_id)
        .where(planner.id_in(Metric.id, ids))
    )
    owners: dict[int, int | None] = {}
    processes: dict[int, int | None] = {}
    linked: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        owners[row.id] = row.owner_id
        processes[row.id] = row.process_id
        if row.linked_owner_id is not None:
            linked[row.id].add(row.linked_owner_id)
    return {
        metric_id: permissions.may_record_measurements(
            viewer, owner_id, linked[metric_id], processes[metric_id]
        )
        for metric_id, owner_id in owners.items()
    }


def _where(condition) -> list:
    return [] if condition is None else [condition]


class RealisedBenefits(Relation):
    """Each initiative's realised benefits, one statement for all, then their metrics."""

    async def load(self, planner: Planner, parents: list, key: str, nodes) -> None:
        ids = {parent._pk for parent in parents}
        rows = await planner.rows(
            select(
                RealisedBenefitRow.initiative_id, RealisedBenefitRow.metric_id,
                RealisedBenefitRow.value,
                RealisedBenefitRow.attainment, RealisedBenefitRow.baseline_value,
                RealisedBenefitRow.target_value,
                RealisedBenefitRow.recorded_at,
            )
            .join(Metric, Metric.id == RealisedBenefitRow.metric_id)
            .where(planner.id_in(RealisedBenefitRow.initiative_id, ids),
                   *_where(visibility.visible_metrics(planner.viewer)))
            .order_by(RealisedBenefitRow.initiative_id, Metric.name, Metric.id)
        )  # fmt: skip
        grouped: dict[int, list] = defaultdict(list)
        benefits = []
        for row in rows:
            benefit = object.__new__(RealisedBenefit)
            benefit.__dict__.update(
                value=row.value,
                attainment=row.attainment,
                baseline=row.baseline_value,
                target=row.target_value,
                recorded_at=row.recorded_at,
                metric=None,
                _pk=None,
                _fk={"metric": row.metric_id},
                _prefetch={},
            )
            grouped[row.initiative_id].append(benefit)
            benefits.append(benefit)
        for parent in parents:
            parent.__dict__["realised_benefits"] = grouped.get(parent._pk, [])
        await prefetch(planner, "RealisedBenefit", benefits, [n.selection_set for n in nodes])


async def _metrics_viewer_may_edit(planner: Planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(
            Metric.id, Metric.owner_id, PlanRow.kind, PlanRow.service_id, PlanRow.process_id,
            PlanRow.confidential, Metric.plan_id,
        )
        .outerjoin(PlanRow, PlanRow.id == Metric.plan_id)
        .where(planner.id_in(Metric.id, ids))
    )  # fmt: skip
    return {
        row.id: permissions.may_edit_metric(
            viewer, row.owner_id, row if row.plan_id is not None else None
        )
        for row in rows
    }


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Metric", "status"): Computed(_metric_statuses, lambda: None),
    ("Metric", "owner"): ToOne(PERSON, "owner"),
    ("Metric", "plan"): ToOne(PLAN, "plan"),
    ("Metric", "service"): ToOne(SERVICE, "service"),
    ("Metric", "process"): ToOne(PROCESS, "process"),
    ("Metric", "latestMeasurement"): newest_row(
        MEASUREMENT, Measurement.metric_id, list(latest.NEWEST_FIRST)
    ),
    ("Metric", "measurements"): ToMany(
        MEASUREMENT,
        Measurement.metric_id,
        filters=measurement_conditions,
        order=lambda args: [Measurement.taken_at, Measurement.id],
    ),
    ("Metric", "initiatives"): initiatives_of(
        MetricInitiative.metric_id,
        link=MetricInitiative,
        link_target_column=MetricInitiative.initiative_id,
    ),
    ("Metric", "objectives"): ToMany(
        OBJECTIVE,
        MetricObjective.metric_id,
        link=MetricObjective,
        link_target_column=MetricObjective.objective_id,
    ),
    ("Metric", "viewerMayRecord"): Computed(_viewer_may_record, lambda: False),
    ("Measurement", "recordedBy"): ToOne(PERSON, "recorded_by"),
    ("Measurement", "metric"): ToOne(METRIC, "metric"),
    ("Initiative", "raisedFromMetric"): ToOne(METRIC, "raised_from_metric"),
    ("Initiative", "realisedBenefits"): RealisedBenefits(),
    ("RealisedBenefit", "metric"): ToOne(METRIC, "metric"),
    ("Metric", "correctiveActions"): ToMany(
        INITIATIVE,
        Initiative.raised_from_metric_id,
        filters=initiative_filters,
        order=initiative_order,
    ),
    ("Metric", "viewerMayEdit"): Computed(_metrics_viewer_may_edit, lambda: False),
}
