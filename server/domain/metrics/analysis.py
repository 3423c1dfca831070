"""Steps 4 and 5 of the improvement process: turning measurements into attainment, a trend and a
red/amber/green status with its reason in words; and an initiative's schedule status.

Everything here is computed from the data on every read, never stored, so it cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from server.models.enums import Direction, InitiativeStatus

TREND_WINDOW = 6  # measurements considered for the trend
SCHEDULE_WARNING_DAYS = 14
FLAT_SHARE = 0.02  # a change under 2% of the baseline-to-target span counts as flat


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"


class Trend(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    FLAT = "flat"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MetricAnalysis:
    latest: float | None
    attainment: float | None
    trend: Trend
    trend_periods: int
    rag: Rag
    reason: str


def attainment(
    baseline: float | None, target: float | None, value: float | None, direction: Direction
) -> float | None:
    """How far from baseline to target the value has come: 0 at the baseline, 1 at the target,
    more beyond it, negative when it went the wrong way. A zero-width target (baseline equal to
    target) is met (1) or not (0)."""
    if baseline is None or target is None or value is None:
        return None
    if target == baseline:
        return 1.0 if _at_least(value, target, direction) else 0.0
    return (value - baseline) / (target - baseline)


def _at_least(value: float, target: float, direction: Direction) -> bool:
    return value >= target if direction is Direction.UP else value <= target


def _better(change: float, direction: Direction) -> bool:
    return change > 0 if direction is Direction.UP else change < 0


def trend(values: list[float], direction: Direction, span: float) -> tuple[Trend, int]:
    """The direction of the last few values (oldest first), and for how many periods at the
    end it has gone that way. A run of two or more steps the same way at the end is the trend
    (people read the latest months first); otherwise the least-squares slope decides."""
    recent = values[-TREND_WINDOW:]
    if len(recent) < 3:
        return Trend.UNKNOWN, 0
    scale = abs(span) if span else (abs(sum(recent) / len(recent)) or 1.0)
    steps = [later - earlier for earlier, later in pairwise(recent)]
    run = 0
    for step in reversed(steps):
        if step == 0 or (step > 0) != (steps[-1] > 0):
            break
        run += 1
    run_kind = Trend.IMPROVING if _better(steps[-1], direction) else Trend.WORSENING
    if run >= 2 and abs(recent[-1] - recent[-1 - run]) >= FLAT_SHARE * scale:
        return run_kind, run
    n = len(recent)
    mean_x, mean_y = (n - 1) / 2, sum(recent) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(recent)) / sum(
        (x - mean_x) ** 2 for x in range(n)
    )
    if abs(slope * (n - 1)) < FLAT_SHARE * scale:
        return Trend.FLAT, 0
    kind = Trend.IMPROVING if _better(slope, direction) else Trend.WORSENING
    return kind, run if kind is run_kind else 0


def _number(value: float, unit: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def analyse(
    *,
    values: list[float],
    baseline: float | None,
    target: float | None,
    direction: Direction,
    tolerance: float | None,
    unit: str,
    period: str = "month",
) -> MetricAnalysis:
    """The status of a metric from its measurements (oldest first), with the reason in words,
    e.g. "7.2 h against target 4 h; worsening for 3 months"."""
    if not values:
        return MetricAnalysis(None, None, Trend.UNKNOWN, 0, Rag.NONE, "No measurement yet.")
    latest = values[-1]
    span = (target - baseline) if target is not None and baseline is not None else 0.0
    kind, periods = trend(values, direction, span)
    reached = attainment(baseline, target, latest, direction)
    if target is None:
        return MetricAnalysis(
            latest, reached, kind, periods, Rag.NONE, f"{_number(latest, unit)}; no target set."
        )
    against = f"{_number(latest, unit)} against target {_number(target, unit)}"
    if _at_least(latest, target, direction):
        rag, words = Rag.GREEN, f"{against}: met"
    elif tolerance and abs(latest - target) <= tolerance:
        rag, words = Rag.AMBER, f"{against}: within the tolerance of {_number(tolerance, unit)}"
    else:
        rag, words = Rag.RED, against
    if kind in (Trend.IMPROVING, Trend.WORSENING):
        words += f"; {kind.value}"
        if periods >= 2:
            words += f" for {periods} {period}s"
    elif kind is Trend.FLAT:
        words += "; flat"
    return MetricAnalysis(latest, reached, kind, periods, rag, words + ".")


@dataclass(frozen=True)
class Schedule:
    rag: Rag
    reason: str


FINISHED = {InitiativeStatus.COMPLETED, InitiativeStatus.CANCELLED, InitiativeStatus.REJECTED}


def schedule(status: InitiativeStatus, planned_end: date | None, today: date) -> Schedule:
    """Past its planned end and not finished: red; due within 14 days: amber; else green."""
    if InitiativeStatus(status) in FINISHED:
        return Schedule(Rag.NONE, f"{InitiativeStatus(status).value.capitalize()}.")
    if planned_end is None:
        return Schedule(Rag.NONE, "No planned end date.")
    days = (planned_end - today).days
    if days < 0:
        late = -days
        return Schedule(
            Rag.RED,
            f"{late} day{'s' if late != 1 else ''} past its planned end "
            f"({planned_end.isoformat()}) and not complete.",
        )
    if days <= SCHEDULE_WARNING_DAYS:
        return Schedule(
            Rag.AMBER, f"Due in {days} day{'s' if days != 1 else ''} ({planned_end.isoformat()})."
        )
    return Schedule(Rag.GREEN, f"On schedule: due {planned_end.isoformat()}, {days} days from now.")
