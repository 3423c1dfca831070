"""What one check found: a line of `steward check`'s report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SHOWN = 5  # examples named in one finding


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    message: str


def ok(check: str, message: str) -> Finding:
    return Finding(check, True, message)


def problem(check: str, message: str) -> Finding:
    return Finding(check, False, message)


def examples(values: Sequence[object]) -> str:
    """A few of the values, for a message: `4, 7, 9 and 12 more`."""
    shown = ", ".join(str(value) for value in values[:SHOWN])
    more = len(values) - SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("ry") else f"{count} {noun}s"
