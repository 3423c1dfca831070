"""Custom scalars: DateTime (ISO 8601 with offset), Date, Decimal (exact, as a string), JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry


def _serialize_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def _parse_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError("DateTime must be a string such as 2026-01-31T09:00:00+00:00")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} needs a time zone offset, e.g. +00:00 or Z")
    return parsed.astimezone(UTC)


def _parse_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError("Date must be a string such as 2026-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('Decimal must be a string such as "1250.00" (or a whole number)')
    try:
        parsed = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal number") from None
    if not parsed.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return parsed


JSON = NewType("JSON", object)

SCALAR_MAP = {
    datetime: strawberry.scalar(
        name="DateTime",
        description="An instant as ISO 8601 with its UTC offset, e.g. 2026-01-31T09:00:00+00:00.",
        serialize=_serialize_datetime,
        parse_value=_parse_datetime,
    ),
    date: strawberry.scalar(
        name="Date",
        description="A calendar date as ISO 8601, e.g. 2026-01-31.",
        serialize=date.isoformat,
        parse_value=_parse_date,
    ),
    Decimal: strawberry.scalar(
        name="Decimal",
        description='An exact decimal number as a string, e.g. "1250.00"; money is never a float.',
        serialize=str,
        parse_value=_parse_decimal,
    ),
    JSON: strawberry.scalar(
        name="JSON",
        description="A JSON value: the before and after snapshots of an audit entry.",
        serialize=lambda value: value,
        parse_value=lambda value: value,
    ),
}


def money(value: Any) -> Decimal:
    """A sum of money as the Decimal scalar sends it, in cents: SQL sums come back as floats on
    SQLite and as NULL over no rows."""
    if value is None:
        return Decimal("0.00")
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return Decimal(f"{value:.2f}")
