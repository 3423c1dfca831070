"""Type names for the SQL the domain builds and reads (statements and rows of any columns), and
the count of rows a write changed."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import CursorResult, Result, Row, Select

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
AnyRow: TypeAlias = Row[*tuple[Any, ...]]


def changed_rows(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows an UPDATE or DELETE changed (its result is a cursor's)."""
    if not isinstance(result, CursorResult):
        raise TypeError("only an UPDATE or DELETE statement's result counts changed rows")
    return result.rowcount
