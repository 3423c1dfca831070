"""Checks on input values; each failure names the field and the problem."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import overload

from server.domain.core.errors import INVALID, RuleViolation

MAX_MONEY = Decimal("999999999999.99")
CURRENCY = re.compile(r"^[A-Z]{3}$")
# Text of at most this many characters is one line (a name, a title, a tag); longer text is
# prose, which may hold tabs and line breaks.
LONGEST_ONE_LINE = 300
# Control characters (C0 and C1) and lone surrogates are never part of what a person writes:
# PostgreSQL refuses NUL, and a lone surrogate cannot be written as UTF-8 at all.
_NOT_PROSE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# The id columns are INTEGER: a larger number is no id (PostgreSQL refuses to compare it).
ID_MAX = 2**31 - 1


def text_problem(value: str, *, multiline: bool = True) -> str | None:
    """What makes this text unacceptable in any field, or None. The one rule for characters:
    every text field applies it, and so does the API to every string it is sent."""
    found = (_NOT_PROSE if multiline else _NOT_ONE_LINE).search(value)
    if found is None:
        return None
    char = found.group()
    if char in "\t\n\r":
        return "must be one line (found a tab or line break)"
    if "\ud800" <= char <= "\udfff":
        return f"must not contain a lone surrogate (found U+{ord(char):04X})"
    return f"must not contain control characters (found U+{ord(char):04X})"


def text(field: str, value: str | None, *, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RuleViolation(INVALID, "must not be empty", field)
    if len(value) > limit:
        raise RuleViolation(
            INVALID, f"must be at most {limit} characters (got {len(value)})", field
        )
    problem = text_problem(value, multiline=limit > LONGEST_ONE_LINE)
    if problem is not None:
        raise RuleViolation(INVALID, problem, field)
    return value


def database_id(text: str) -> int | None:
    """The number in an id or cursor: ASCII digits up to ID_MAX, else None (`"²".isdigit()`
    is true, and int() of it fails)."""
    if not (0 < len(text) <= 10 and text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= ID_MAX else None


def reason(field: str, value: str | None, doing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleViolation(INVALID, f"a reason is required to {doing}", field)
    return text(field, value, limit=2000)


@overload
def money(field: str, value: Decimal, *, positive: bool = False) -> Decimal: ...
@overload
def money(field: str, value: Decimal | None, *, positive: bool = False) -> Decimal | None: ...
def money(field: str, value: Decimal | None, *, positive: bool = False) -> Decimal | None:
    """An amount of money as stored: never negative (`positive`: above 0), in cents."""
    if value is None:
        return None
    if value < 0 or (positive and value == 0):
        raise RuleViolation(
            INVALID, "must be more than 0" if positive else "must not be negative", field
        )
    if value > MAX_MONEY:
        raise RuleViolation(INVALID, f"must be at most {MAX_MONEY}", field)
    if value != value.quantize(Decimal("0.01")):
        raise RuleViolation(INVALID, "must have at most two decimal places", field)
    return value.quantize(Decimal("0.01"))


def currency(field: str, value: str) -> str:
    value = (value or "").strip().upper()
    if not CURRENCY.match(value):
        raise RuleViolation(INVALID, "must be a three-letter ISO 4217 code such as EUR", field)
    return value


def date_order(start_name: str, start: date | None, end_field: str, end: date | None) -> None:
    """The end not before the start; the message names the start in words ("the planned
    start"), as people read it beside the end's field on a page."""
    if start is not None and end is not None and end < start:
        raise RuleViolation(INVALID, f"must not be before {start_name}", end_field)


def percent(field: str, value: int) -> int:
    if not 0 <= value <= 100:
        raise RuleViolation(INVALID, f"must be from 0 to 100 (got {value})", field)
    return value


def tags(field: str, values: list[str] | None) -> list[str]:
    cleaned = []
    for value in values or []:
        tag = value.strip().lower()
        if not tag:
            raise RuleViolation(INVALID, "tags must not be empty", field)
        if len(tag) > 60:
            raise RuleViolation(
                INVALID, f"the tag {tag[:20]!r}… is longer than 60 characters", field
            )
        problem = text_problem(tag, multiline=False)
        if problem is not None:
            raise RuleViolation(INVALID, f"the tag {tag[:20]!r}: {problem}", field)
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > 20:
        raise RuleViolation(INVALID, "at most 20 tags", field)
    return cleaned
