"""Calendar days as spans of UTC time, for comparing a day people chose with timestamps."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def start_of(day: date) -> datetime:
    """The day's first instant, in UTC."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def end_of(day: date) -> datetime:
    """The first instant after the day, in UTC; the calendar's last day (9999-12-31) has none
    after it, so it ends at its own last instant."""
    if day == date.max:
        return datetime.combine(day, time.max, tzinfo=UTC)
    return start_of(day + timedelta(days=1))
