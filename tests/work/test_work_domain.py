"""When a metric's next measurement falls due."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from server.domain.work.my_work import add_months, next_due
from server.models.enums import MeasurementFrequency as F


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("frequency", "latest", "due"),
    [
        (F.DAILY, at(2026, 3, 31), at(2026, 4, 1)),
        (F.WEEKLY, at(2026, 3, 31), at(2026, 4, 7)),
        (F.MONTHLY, at(2026, 1, 31), at(2026, 2, 28)),
        (F.MONTHLY, at(2026, 12, 15), at(2027, 1, 15)),
        (F.QUARTERLY, at(2026, 11, 30), at(2027, 2, 28)),
    ],
)
def test_the_next_measurement_is_due_one_period_after_the_latest(frequency, latest, due):
    assert next_due(frequency, latest) == due


def test_a_metric_never_measured_is_due_now():
    assert next_due(F.MONTHLY, None) is None


def test_adding_months_keeps_the_day_where_the_month_has_it():
    assert add_months(at(2024, 1, 31), 1) == at(2024, 2, 29)
    assert add_months(at(2024, 5, 10), 12) == at(2025, 5, 10)
