"""Attainment, trend, RAG status with reasons, and schedule status, on hand-checked examples."""

from __future__ import annotations

from datetime import date

import pytest

from server.domain.metrics.analysis import Rag, Trend, analyse, attainment, schedule, trend
from server.models.enums import Direction, InitiativeStatus

UP, DOWN = Direction.UP, Direction.DOWN


@pytest.mark.parametrize(
    ("baseline", "target", "value", "direction", "expected"),
    [
        (99.5, 99.9, 99.7, UP, 0.5),  # halfway from 99.5 % to 99.9 %
        (99.5, 99.9, 99.9, UP, 1.0),
        (99.5, 99.9, 99.3, UP, -0.5),  # went the wrong way
        (7.2, 4.0, 5.6, DOWN, 0.5),  # mean time to restore, halfway down to 4 h
        (7.2, 4.0, 3.2, DOWN, 1.25),  # beyond the target
        (0.0, 0.0, 0.0, DOWN, 1.0),  # zero-width target met: no orphaned accounts
        (0.0, 0.0, 3.0, DOWN, 0.0),  # zero-width target missed
        (5.0, 5.0, 5.5, UP, 1.0),
        (None, 4.0, 5.0, DOWN, None),
    ],
)
def test_attainment(baseline, target, value, direction, expected):
    result = attainment(baseline, target, value, direction)
    assert result == (None if expected is None else pytest.approx(expected))


def test_trend_follows_the_direction_that_counts_as_better():
    assert trend([7.0, 6.5, 6.0, 5.5], DOWN, -3.2) == (Trend.IMPROVING, 3)
    assert trend([5.0, 5.5, 6.0, 7.2], DOWN, -3.2) == (Trend.WORSENING, 3)
    assert trend([99.5, 99.6, 99.7], UP, 0.4) == (Trend.IMPROVING, 2)
    assert trend([6.0, 6.01, 5.99, 6.0], DOWN, -3.2)[0] is Trend.FLAT
    assert trend([6.0, 6.5], DOWN, -3.2) == (Trend.UNKNOWN, 0)


def test_the_worsening_run_counts_only_the_last_steps():
    # better, better, then worse three times in a row
    values = [8.0, 7.0, 6.0, 6.4, 6.8, 7.2]
    kind, periods = trend(values, DOWN, -3.2)
    assert (kind, periods) == (Trend.WORSENING, 3)


def test_red_with_its_reason_in_words():
    result = analyse(values=[6.0, 6.4, 6.8, 7.2], baseline=7.2, target=4.0, direction=DOWN,
                     tolerance=0.3, unit="h")  # fmt: skip
    assert result.rag is Rag.RED
    assert result.reason == "7.2 h against target 4 h; worsening for 3 months."
    assert result.attainment == pytest.approx(0.0)


def test_amber_within_the_tolerance_and_green_when_met():
    amber = analyse(values=[99.5, 99.7, 99.85], baseline=99.5, target=99.9, direction=UP,
                    tolerance=0.1, unit="%")  # fmt: skip
    assert amber.rag is Rag.AMBER
    assert amber.reason == (
        "99.85% against target 99.9%: within the tolerance of 0.1%; improving for 2 months."
    )
    green = analyse(values=[99.5, 99.95], baseline=99.5, target=99.9, direction=UP,
                    tolerance=0.1, unit="%")  # fmt: skip
    assert green.rag is Rag.GREEN and green.reason == "99.95% against target 99.9%: met."


def test_no_measurement_and_no_target_are_said_plainly():
    assert analyse(values=[], baseline=1, target=2, direction=UP, tolerance=None,
                   unit="").reason == "No measurement yet."  # fmt: skip
    no_target = analyse(values=[3.0], baseline=1, target=None, direction=UP, tolerance=None,
                        unit="count")  # fmt: skip
    assert (no_target.rag, no_target.reason) == (Rag.NONE, "3 count; no target set.")


@pytest.mark.parametrize(
    ("status", "planned_end", "rag", "reason"),
    [
        ("in_progress", date(2026, 11, 1), Rag.RED,
         "21 days past its planned end (2026-11-01) and not complete."),
        ("funded", date(2026, 11, 30), Rag.AMBER, "Due in 8 days (2026-11-30)."),
        ("approved", date(2027, 3, 1), Rag.GREEN, "On schedule: due 2027-03-01, 99 days from now."),
        ("completed", date(2026, 1, 1), Rag.NONE, "Completed."),
        ("proposed", None, Rag.NONE, "No planned end date."),
    ],
)  # fmt: skip
def test_schedule_status(status, planned_end, rag, reason):
    result = schedule(InitiativeStatus(status), planned_end, date(2026, 11, 22))
    assert (result.rag, result.reason) == (rag, reason)
