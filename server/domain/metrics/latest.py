"""The newest measurements of each metric: the one place that says what "newest" means (the
latest time taken, then the highest id) and how SQL asks for them. The read API, the metric
statistics, the realised benefits frozen at completion and the measurements due in "My work" all
use these statements.

The statements number each metric's measurements newest first with a window function (SQLite
and PostgreSQL both have it); the conditions narrow them to the metrics asked for and to what
the viewer may see. One newest row per metric for a known set of metrics is a per-parent
probe instead (the read path's `latestMeasurement`), ordered by `NEWEST_FIRST`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, case, func, or_, select

from server.domain.core.sql import AnySelect
from server.domain.metrics.analysis import TREND_WINDOW, Rag
from server.models import Measurement, Metric
from server.models.enums import Direction

NEWEST_FIRST: tuple[ColumnElement[Any], ...] = (Measurement.taken_at.desc(), Measurement.id.desc())


def numbered(*conditions: ColumnElement[bool]) -> Subquery:
    """The measurements the conditions pick as (metric_id, value, position), numbered from 1 per
    metric, newest first: `position == 1` is each metric's newest value."""
    return (
        select(
            Measurement.metric_id.label("metric_id"),
            Measurement.value.label("value"),
            func.row_number()
            .over(partition_by=Measurement.metric_id, order_by=list(NEWEST_FIRST))
            .label("position"),
        )
        .where(*conditions)
        .subquery()
    )


def recent_values(*conditions: ColumnElement[bool], count: int = TREND_WINDOW) -> AnySelect:
    """(metric_id, value) of each metric's `count` newest measurements the conditions pick, by
    metric and oldest first, as `analysis.analyse` reads them."""
    newest = numbered(*conditions)
    return (
        select(newest.c["metric_id"], newest.c["value"])
        .where(newest.c["position"] <= count)
        .order_by(newest.c["metric_id"], newest.c["position"].desc())
    )


def last_taken() -> ColumnElement[Any]:
    """When the newest measurement was taken, as an aggregate over a metric's measurements."""
    return func.max(Measurement.taken_at)


def by_metric(rows: Iterable[Any]) -> dict[int, list[float]]:
    """`recent_values` rows as each metric's values, oldest first."""
    values: dict[int, list[float]] = {}
    for metric_id, value in rows:
        values.setdefault(metric_id, []).append(value)
    return values


# Where each status sorts when a list is ordered by status: the worst first.
RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.NONE: 3}


def rag_rank() -> ColumnElement[int]:
    """A metric's status as `analysis.analyse` decides it, written in SQL for ordering a list
    by status (`RAG_ORDER`: red 0, amber 1, green 2, none 3): from its newest value against its
    target, in its direction, within its amber tolerance. The trend does not change the status,
    so the newest value is all it needs."""
    newest = (
        select(Measurement.value)
        .where(Measurement.metric_id == Metric.id)
        .order_by(*NEWEST_FIRST)
        .limit(1)
        .scalar_subquery()
    )
    target = Metric.target_value
    return case(
        (or_(newest.is_(None), target.is_(None)), RAG_ORDER[Rag.NONE]),
        (and_(Metric.direction == Direction.UP, newest >= target), RAG_ORDER[Rag.GREEN]),
        (and_(Metric.direction == Direction.DOWN, newest <= target), RAG_ORDER[Rag.GREEN]),
        (
            and_(Metric.amber_tolerance != 0, func.abs(newest - target) <= Metric.amber_tolerance),
            RAG_ORDER[Rag.AMBER],
        ),
        else_=RAG_ORDER[Rag.RED],
    )
