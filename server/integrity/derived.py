"""Values the app computes and stores, checked against what they are computed from: each
service's satisfaction measurements (from its feedback) and the benefits realised at completion
(attainment from the value, baseline and target frozen with it).

Figures frozen as history (a held service review's satisfaction, a review's metric snapshots, an
import's row count) are not recomputed: later rows may rightly differ from them."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, select

from server.domain.engagement.feedback import DERIVED_FROM, by_month, month_of
from server.domain.metrics.analysis import attainment
from server.integrity.findings import Finding, examples, ok, plural, problem
from server.models import Feedback, Initiative, Measurement, Metric, RealisedBenefit, Service
from server.models.enums import Direction, InitiativeStatus

SATISFACTION = "satisfaction"
BENEFITS = "realised benefits"


def satisfaction(connection: Connection) -> list[Finding]:
    """One satisfaction metric per service with feedback, holding one measurement per month
    with feedback: the average score that month; no other measurement."""
    expected: dict[int, dict[date, float]] = defaultdict(dict)
    feedback = connection.execute(  # of services that exist: orphans are another check's
        select(Feedback.service_id, Feedback.given_on, Feedback.score).join(
            Service, Service.id == Feedback.service_id
        )
    )
    for service_id, month, average, _responses in by_month(feedback.all()):
        expected[service_id][month] = average
    metrics: dict[int, list[int]] = defaultdict(list)
    for metric_id, of_service in connection.execute(
        select(Metric.id, Metric.service_id)
        .where(Metric.derived_from == DERIVED_FROM)
        .order_by(Metric.id)
    ):
        if of_service is not None:  # a metric whose service was deleted belongs to none
            metrics[of_service].append(metric_id)
    measured: dict[int, dict[date, float]] = defaultdict(dict)
    wrong_instant: list[int] = []
    for metric_id, taken_at, value in connection.execute(
        select(Measurement.metric_id, Measurement.taken_at, Measurement.value)
        .join(Metric, Metric.id == Measurement.metric_id)
        .where(Metric.derived_from == DERIVED_FROM)
    ):
        month = taken_at.date().replace(day=1)
        if taken_at != month_of(month):
            wrong_instant.append(metric_id)
        measured[metric_id][month] = value
    found: list[Finding] = []
    for service_id in sorted(set(expected) | set(metrics)):
        ids = metrics.get(service_id, [])
        if not ids:
            found.append(
                problem(
                    SATISFACTION, f"service {service_id} has feedback but no satisfaction metric"
                )
            )
            continue
        if len(ids) > 1:
            found.append(
                problem(
                    SATISFACTION,
                    f"service {service_id} has "
                    f"{len(ids)} satisfaction metrics ({examples(list(ids))})",
                )
            )
        found.extend(_months(ids[0], expected.get(service_id, {}), measured.get(ids[0], {})))
    if wrong_instant:
        found.append(
            problem(
                SATISFACTION,
                "measurements not taken at 00:00 UTC on the first of "
                f"their month, of metrics {examples(sorted(set(wrong_instant)))}",
            )
        )
    if not found:
        months = sum(len(months) for months in expected.values())
        found.append(
            ok(
                SATISFACTION,
                f"{plural(len(metrics), 'satisfaction metric')} agree with "
                f"the feedback ({plural(months, 'month')})",
            )
        )
    return found


def _months(
    metric_id: int, expected: dict[date, float], measured: dict[date, float]
) -> list[Finding]:
    missing = sorted(set(expected) - set(measured))
    extra = sorted(set(measured) - set(expected))
    differ = sorted(
        month
        for month in set(expected) & set(measured)
        if not math.isclose(expected[month], measured[month], abs_tol=1e-9)
    )
    found = []
    if missing:
        found.append(
            problem(
                SATISFACTION,
                f"metric {metric_id} lacks the months "
                f"{examples([m.isoformat()[:7] for m in missing])}, which have feedback",
            )
        )
    if extra:
        found.append(
            problem(
                SATISFACTION,
                f"metric {metric_id} has measurements for "
                f"{examples([m.isoformat()[:7] for m in extra])}, which have no feedback",
            )
        )
    for month in differ:
        found.append(
            problem(
                SATISFACTION,
                f"metric {metric_id} holds {measured[month]} for "
                f"{month.isoformat()[:7]}; its feedback averages {expected[month]}",
            )
        )
    return found


def realised_benefits(connection: Connection) -> list[Finding]:
    """Each realised benefit belongs to a completed initiative, and its attainment is the one
    its frozen value, baseline and target give."""
    rows = connection.execute(
        select(
            RealisedBenefit.initiative_id,
            RealisedBenefit.metric_id,
            RealisedBenefit.value,
            RealisedBenefit.attainment,
            RealisedBenefit.baseline_value,
            RealisedBenefit.target_value,
            Metric.direction,
            Initiative.status,
        )
        .join(Metric, Metric.id == RealisedBenefit.metric_id)
        .join(Initiative, Initiative.id == RealisedBenefit.initiative_id)
        .order_by(RealisedBenefit.initiative_id, RealisedBenefit.metric_id)
    ).all()
    found: list[Finding] = []
    for row in rows:
        which = f"initiative {row.initiative_id}, metric {row.metric_id}"
        if row.status != InitiativeStatus.COMPLETED:
            found.append(
                problem(BENEFITS, f"{which}: the initiative is {row.status}, not completed")
            )
        computed = attainment(
            row.baseline_value, row.target_value, row.value, Direction(row.direction)
        )
        if not _same(computed, row.attainment):
            found.append(
                problem(
                    BENEFITS,
                    f"{which}: attainment {row.attainment} stored, "
                    f"{computed} from its value, baseline and target",
                )
            )
    if not found:
        found.append(
            ok(
                BENEFITS,
                f"{plural(len(rows), 'realised benefit')} agree with their "
                "values, baselines and targets",
            )
        )
    return found


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
