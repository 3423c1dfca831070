"""The evidence for each tension, from the data Steward already holds, so a score is not a
guess. Computed for a scope (the organisation, or one service: the work in its plan or
affecting it, its metrics) and a period, as the viewer may see the work; never stored.

- Reactive ↔ proactive: of the initiatives proposed in the period, the share raised in
  response to a problem seen (corrective actions from metrics, improvements found in service
  reviews, work to win back slipped gains, suggestions from feedback or a metric) against the
  work planned ahead.
- Stability ↔ responsiveness: how long work started in the period waited from proposal to
  start (the median), and the share of running work on hold at the period's end.
- Quality ↔ cost: the budget approved in the period against how far the quality metrics had
  come toward their targets at its end.
- Internal ↔ external: the share of metrics that look at what customers experience against
  those that look at components (each metric's perspective).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from server.domain.core import visibility
from server.domain.core.viewer import Viewer
from server.domain.metrics import analysis
from server.models import (
    BenefitReview,
    BudgetRequest,
    Initiative,
    InitiativeService,
    Measurement,
    Metric,
    Plan,
    ReviewFinding,
    Suggestion,
)
from server.models.enums import (
    BudgetRequestStatus,
    Direction,
    InitiativeStatus,
    MetricPerspective,
    SuggestionSource,
    Tension,
)

HOW = {
    Tension.REACTIVE_PROACTIVE: (
        "The share of initiatives proposed in the period that respond to a problem seen "
        "(corrective actions from metrics, improvements found in service reviews, work to win "
        "back slipped gains, suggestions from feedback or a metric) against work planned ahead."
    ),
    Tension.STABILITY_RESPONSIVENESS: (
        "The median number of days work started in the period waited from its proposal to its "
        "start, and the share of running work (in progress or on hold) on hold today."
    ),
    Tension.QUALITY_COST: (
        "The budget the steering committee approved in the period, against how far the quality "
        "metrics had come from their baselines toward their targets at the period's end."
    ),
    Tension.INTERNAL_EXTERNAL: (
        "How many metrics look at what customers experience (customer outcomes) against how "
        "many look at components, by each metric's perspective."
    ),
}


@dataclass(frozen=True)
class Indicator:
    tension: Tension
    summary: str
    how: str


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time(0, 0), tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=UTC),
    )


def _where(condition: ColumnElement[bool] | None) -> list[ColumnElement[bool]]:
    return [] if condition is None else [condition]


def _in_scope(service_id: int | None) -> list[ColumnElement[bool]]:
    """Initiatives of the scope: all, or those in the service's plan or affecting it."""
    if service_id is None:
        return []
    return [
        or_(
            Initiative.plan_id.in_(select(Plan.id).where(Plan.service_id == service_id)),
            Initiative.id.in_(
                select(InitiativeService.initiative_id).where(
                    InitiativeService.service_id == service_id
                )
            ),
        )
    ]


def _responsive() -> ColumnElement[bool]:
    """Work raised in response to a problem seen."""
    return or_(
        Initiative.raised_from_metric_id.is_not(None),
        Initiative.id.in_(
            select(ReviewFinding.initiative_id).where(ReviewFinding.initiative_id.is_not(None))
        ),
        Initiative.id.in_(
            select(BenefitReview.corrective_initiative_id).where(
                BenefitReview.corrective_initiative_id.is_not(None)
            )
        ),
        Initiative.id.in_(
            select(Suggestion.initiative_id).where(
                Suggestion.initiative_id.is_not(None),
                Suggestion.source.in_(
                    [SuggestionSource.METRIC, SuggestionSource.FEEDBACK,
                     SuggestionSource.REVIEW_FINDING]
                ),
            )
        ),
    )  # fmt: skip


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def reactive_proactive(
    session: Session, viewer: Viewer, service_id: int | None, start: date, end: date
) -> Indicator:
    low, high = _bounds(start, end)
    flags = session.scalars(
        select(_responsive()).where(
            Initiative.created_at >= low, Initiative.created_at < high,
            *_in_scope(service_id), *_where(visibility.visible_initiatives(viewer)),
        )
    ).all()  # fmt: skip
    counts = Counter(bool(flag) for flag in flags)
    reactive, planned = counts.get(True, 0), counts.get(False, 0)
    total = reactive + planned
    if total == 0:
        summary = "No initiative was proposed in the period."
    else:
        summary = (
            f"{reactive} of {_plural(total, 'initiative')} proposed in the period "
            f"({round(100 * reactive / total)}%) responded to a problem seen; {planned} "
            f"{'was' if planned == 1 else 'were'} planned ahead."
        )
    return Indicator(Tension.REACTIVE_PROACTIVE, summary, HOW[Tension.REACTIVE_PROACTIVE])


def stability_responsiveness(
    session: Session, viewer: Viewer, service_id: int | None, start: date, end: date
) -> Indicator:
    visible = [*_in_scope(service_id), *_where(visibility.visible_initiatives(viewer))]
    started = session.execute(
        select(Initiative.created_at, Initiative.actual_start).where(
            Initiative.actual_start >= start, Initiative.actual_start <= end, *visible
        )
    ).all()
    waits = [
        max(0, (row.actual_start - row.created_at.astimezone(UTC).date()).days) for row in started
    ]
    running: dict[str, int] = dict(
        session.execute(
            select(Initiative.status, func.count())
            .where(
                Initiative.status.in_([InitiativeStatus.IN_PROGRESS, InitiativeStatus.ON_HOLD]),
                *visible,
            )
            .group_by(Initiative.status)
        ).all()
    )
    on_hold = running.get(InitiativeStatus.ON_HOLD.value, 0)
    total = sum(running.values())
    parts = []
    if waits:
        parts.append(
            f"{_plural(len(waits), 'initiative')} started in the period after a median wait "
            f"of {_plural(round(statistics.median(waits)), 'day')} from proposal"
        )
    else:
        parts.append("no initiative started in the period")
    if total:
        parts.append(f"{on_hold} of {_plural(total, 'running initiative')} on hold")
    else:
        parts.append("none is running")
    summary = "; ".join(parts)
    summary = summary[0].upper() + summary[1:] + "."
    return Indicator(
        Tension.STABILITY_RESPONSIVENESS, summary, HOW[Tension.STABILITY_RESPONSIVENESS]
    )


def _latest_values(session: Session, metric_ids: list[int], until: datetime) -> dict[int, float]:
    if not metric_ids:
        return {}
    newest = (
        select(Measurement.metric_id, func.max(Measurement.taken_at).label("taken_at"))
        .where(Measurement.metric_id.in_(metric_ids), Measurement.taken_at < until)
        .group_by(Measurement.metric_id)
        .subquery()
    )
    rows = session.execute(
        select(Measurement.metric_id, Measurement.value).join(
            newest,
            (newest.c.metric_id == Measurement.metric_id)
            & (newest.c.taken_at == Measurement.taken_at),
        )
    )
    return {metric_id: value for metric_id, value in rows}


def _metrics(session: Session, viewer: Viewer, service_id: int | None) -> list[Any]:
    scope = [] if service_id is None else [Metric.service_id == service_id]
    return list(
        session.execute(
            select(
                Metric.id, Metric.perspective, Metric.baseline_value, Metric.target_value,
                Metric.direction,
            ).where(*scope, *_where(visibility.visible_metrics(viewer)))
        )
    )  # fmt: skip


def quality_cost(
    session: Session, viewer: Viewer, service_id: int | None, start: date, end: date
) -> Indicator:
    low, high = _bounds(start, end)
    approved: dict[str, Decimal] = defaultdict(Decimal)
    for currency, amount in session.execute(
        select(BudgetRequest.currency, func.sum(BudgetRequest.approved_amount))
        .join(Initiative, Initiative.id == BudgetRequest.initiative_id)
        .where(
            BudgetRequest.status == BudgetRequestStatus.APPROVED,
            BudgetRequest.decided_at >= low, BudgetRequest.decided_at < high,
            *_in_scope(service_id), *_where(visibility.visible_initiatives(viewer)),
        )
        .group_by(BudgetRequest.currency)
        .order_by(BudgetRequest.currency)
    ):  # fmt: skip
        approved[currency] += Decimal(amount or 0)
    money = (
        ", ".join(f"{currency} {amount:,.0f}" for currency, amount in approved.items())
        if approved
        else "no budget"
    )
    quality = [
        row for row in _metrics(session, viewer, service_id)
        if row.perspective in (MetricPerspective.QUALITY, "quality")
    ]  # fmt: skip
    values = _latest_values(session, [row.id for row in quality], high)
    attainments = [
        found
        for row in quality
        if (
            found := analysis.attainment(
                row.baseline_value, row.target_value, values.get(row.id), Direction(row.direction)
            )
        )
        is not None
    ]
    if attainments:
        average = round(100 * sum(attainments) / len(attainments))
        standing = (
            f"the {_plural(len(attainments), 'quality metric')} had come {average}% of the way "
            "to their targets on average at its end"
        )
    elif quality:
        standing = f"none of the {_plural(len(quality), 'quality metric')} could be judged yet"
    else:
        standing = "no metric is marked as a quality metric"
    summary = f"{money} approved in the period; {standing}."
    return Indicator(Tension.QUALITY_COST, summary[0].upper() + summary[1:],
                     HOW[Tension.QUALITY_COST])  # fmt: skip


def internal_external(
    session: Session, viewer: Viewer, service_id: int | None, start: date, end: date
) -> Indicator:
    counts = Counter(
        MetricPerspective(row.perspective) if row.perspective else None
        for row in _metrics(session, viewer, service_id)
    )
    total = sum(counts.values())
    if total == 0:
        summary = "There is no metric to judge by."
    else:
        customer = counts.get(MetricPerspective.CUSTOMER_OUTCOME, 0)
        component = counts.get(MetricPerspective.COMPONENT, 0)
        others = [
            f"{counts[p]} {word}"
            for p, word in (
                (MetricPerspective.QUALITY, "quality"),
                (MetricPerspective.COST, "cost"),
            )
            if counts.get(p)
        ]
        if counts.get(None):
            others.append(f"{counts[None]} not classified")
        summary = (
            f"Of {_plural(total, 'metric')}, {customer} look{'s' if customer == 1 else ''} at "
            f"customer outcomes and {component} at components"
            + (f" ({', '.join(others)})" if others else "")
            + "."
        )
    return Indicator(Tension.INTERNAL_EXTERNAL, summary, HOW[Tension.INTERNAL_EXTERNAL])


def indicators(
    session: Session, viewer: Viewer, service_id: int | None, start: date, end: date
) -> list[Indicator]:
    """The evidence for the four tensions, in the seed's order."""
    return [
        find(session, viewer, service_id, start, end)
        for find in (internal_external, stability_responsiveness, quality_cost, reactive_proactive)
    ]
