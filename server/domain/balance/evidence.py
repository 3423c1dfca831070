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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, literal, or_, select, true, union_all

from server.domain.core import visibility
from server.domain.core.days import end_of, start_of
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
from server.models.base import UTCDateTime
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


@dataclass(frozen=True)
class Period:
    """What the evidence is computed for: the organisation (no service) or one service, over
    the days from `start` to `end`, both included."""

    service_id: int | None
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The period as timestamps: from its first day's midnight to the day after its last."""
        return start_of(self.start), end_of(self.end)


AnySelect = Select[*tuple[Any, ...]]


@dataclass(frozen=True)
class Reads:
    """The statements the evidence for any number of periods needs, the same few whatever the
    number: none waits on another's answer, so they can go to the database together."""

    initiatives: AnySelect
    affected: AnySelect
    budgets: AnySelect
    metrics: AnySelect
    latest: AnySelect

    def __iter__(self) -> Iterator[AnySelect]:
        return iter((self.initiatives, self.affected, self.budgets, self.metrics, self.latest))


@dataclass(frozen=True)
class Found:
    """The rows `Reads` returned, in its order."""

    initiatives: Sequence[Any]
    affected: Sequence[Any]
    budgets: Sequence[Any]
    metrics: Sequence[Any]
    latest: Sequence[Any]


_RUNNING = (InitiativeStatus.IN_PROGRESS, InitiativeStatus.ON_HOLD)


def _where(condition: ColumnElement[bool] | None) -> list[ColumnElement[bool]]:
    return [] if condition is None else [condition]


def _initiatives_in(services: list[int] | None) -> list[ColumnElement[bool]]:
    """Initiatives of any of the services: in the service's plan or affecting it."""
    if services is None:
        return []
    return [
        or_(
            Initiative.plan_id.in_(select(Plan.id).where(Plan.service_id.in_(services))),
            Initiative.id.in_(
                select(InitiativeService.initiative_id).where(
                    InitiativeService.service_id.in_(services)
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


def _plan_service() -> ScalarSelect[Any]:
    return select(Plan.service_id).where(Plan.id == Initiative.plan_id).scalar_subquery()


def reads(viewer: Viewer, periods: Sequence[Period]) -> Reads:
    """The statements for the periods' evidence, as the viewer may see the work: each reads
    what all the periods together need (their services, from the earliest day to the latest),
    and `indicators_from` sorts the rows into periods."""
    named = sorted({period.service_id for period in periods if period.service_id is not None})
    # The services the periods look at; None when one looks at the whole organisation.
    services = None if any(period.service_id is None for period in periods) else named
    first = min(period.start for period in periods)
    last = max(period.end for period in periods)
    low, high = start_of(first), end_of(last)
    visible = [*_initiatives_in(services), *_where(visibility.visible_initiatives(viewer))]
    initiatives = select(
        Initiative.id, _plan_service().label("service_id"), Initiative.created_at,
        Initiative.actual_start, Initiative.status, _responsive().label("responsive"),
    ).where(
        or_(
            (Initiative.created_at >= low) & (Initiative.created_at < high),
            (Initiative.actual_start >= first) & (Initiative.actual_start <= last),
            Initiative.status.in_(_RUNNING),
        ),
        *visible,
    )  # fmt: skip
    affected = select(InitiativeService.initiative_id, InitiativeService.service_id).where(
        InitiativeService.service_id.in_(named)
    )
    budgets = (
        select(
            BudgetRequest.initiative_id, _plan_service().label("service_id"),
            BudgetRequest.decided_at, BudgetRequest.currency, BudgetRequest.approved_amount,
        )
        .join(Initiative, Initiative.id == BudgetRequest.initiative_id)
        .where(
            BudgetRequest.status == BudgetRequestStatus.APPROVED,
            BudgetRequest.decided_at >= low, BudgetRequest.decided_at < high, *visible,
        )
    )  # fmt: skip
    in_services = [] if services is None else [Metric.service_id.in_(services)]
    seen_metrics = [*in_services, *_where(visibility.visible_metrics(viewer))]
    metrics = select(
        Metric.id, Metric.service_id, Metric.perspective, Metric.baseline_value,
        Metric.target_value, Metric.direction,
    ).where(*seen_metrics)  # fmt: skip
    ends = sorted({period.bounds[1] for period in periods})
    until = union_all(
        *(select(literal(end, UTCDateTime()).label("until")) for end in ends)
    ).subquery("until")
    newest = (
        select(Measurement.value)
        .where(Measurement.metric_id == Metric.id, Measurement.taken_at < until.c.until)
        .order_by(Measurement.taken_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    latest = (
        select(Metric.id, until.c.until, newest.label("value"))
        .select_from(Metric)
        .join(until, true())
        .where(Metric.perspective == MetricPerspective.QUALITY, *seen_metrics)
    )
    return Reads(initiatives, affected, budgets, metrics, latest)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class _Scope:
    """Which of the rows read belong to one period's scope."""

    def __init__(self, service_id: int | None, affected: dict[int, set[int]]) -> None:
        self.service_id = service_id
        self.affected = affected

    def holds(self, initiative_id: int, plan_service_id: int | None) -> bool:
        return (
            self.service_id is None
            or plan_service_id == self.service_id
            or self.service_id in self.affected.get(initiative_id, ())
        )

    def holds_metric(self, service_id: int | None) -> bool:
        return self.service_id is None or service_id == self.service_id


def reactive_proactive(scope: _Scope, period: Period, found: Found) -> Indicator:
    low, high = period.bounds
    flags = [
        bool(row.responsive)
        for row in found.initiatives
        if low <= row.created_at < high and scope.holds(row.id, row.service_id)
    ]
    reactive = sum(flags)
    total = len(flags)
    planned = total - reactive
    if total == 0:
        summary = "No initiative was proposed in the period."
    else:
        summary = (
            f"{reactive} of {_plural(total, 'initiative')} proposed in the period "
            f"({round(100 * reactive / total)}%) responded to a problem seen; {planned} "
            f"{'was' if planned == 1 else 'were'} planned ahead."
        )
    return Indicator(Tension.REACTIVE_PROACTIVE, summary, HOW[Tension.REACTIVE_PROACTIVE])


def stability_responsiveness(scope: _Scope, period: Period, found: Found) -> Indicator:
    mine = [row for row in found.initiatives if scope.holds(row.id, row.service_id)]
    waits = [
        max(0, (row.actual_start - row.created_at.astimezone(UTC).date()).days)
        for row in mine
        if row.actual_start is not None and period.start <= row.actual_start <= period.end
    ]
    running = Counter(row.status for row in mine if row.status in _RUNNING)
    on_hold = running[InitiativeStatus.ON_HOLD]
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


def quality_cost(scope: _Scope, period: Period, found: Found) -> Indicator:
    low, high = period.bounds
    approved: dict[str, Decimal] = defaultdict(Decimal)
    for row in found.budgets:
        if low <= row.decided_at < high and scope.holds(row.initiative_id, row.service_id):
            approved[row.currency] += Decimal(row.approved_amount or 0)
    money = (
        ", ".join(f"{currency} {approved[currency]:,.0f}" for currency in sorted(approved))
        if approved
        else "no budget"
    )
    quality = [
        row for row in found.metrics
        if row.perspective == MetricPerspective.QUALITY and scope.holds_metric(row.service_id)
    ]  # fmt: skip
    values = {row.id: row.value for row in found.latest if row.until == high}
    attainments = [
        found_attainment
        for row in quality
        if (
            found_attainment := analysis.attainment(
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


def internal_external(scope: _Scope, period: Period, found: Found) -> Indicator:
    counts = Counter(
        MetricPerspective(row.perspective) if row.perspective else None
        for row in found.metrics
        if scope.holds_metric(row.service_id)
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


def indicators_from(periods: Sequence[Period], found: Found) -> dict[Period, list[Indicator]]:
    """The evidence for the four tensions of each period, in the seed's order, from the rows
    `reads` returned for them."""
    affected: dict[int, set[int]] = defaultdict(set)
    for initiative_id, service_id in found.affected:
        affected[initiative_id].add(service_id)
    evidence = {}
    for period in periods:
        scope = _Scope(period.service_id, affected)
        evidence[period] = [
            find(scope, period, found)
            for find in (internal_external, stability_responsiveness, quality_cost,
                         reactive_proactive)
        ]  # fmt: skip
    return evidence
