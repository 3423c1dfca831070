"""Sorting a list page by its column headings: which column and which way the address asks for
(`sort`, `dir`), the links that sort by another column or the other way, the API's `orderBy`
and `direction` for a list the API sorts, and the rows sorted here for a list small enough to
be read whole.

The address holds only what differs from the list's default: `sort` when another column is
chosen, `dir` (`asc` or `desc`) when the column is sorted against its first direction (names
A to Z, counts and dates largest and newest first, as each list says). An unknown `sort` falls
back to the default order, as unknown filter values are dropped."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

Row = dict[str, Any]
DIRECTIONS = {"asc": False, "desc": True}


@dataclass(frozen=True)
class SortKey:
    """One way a list sorts: its name in a "Sort by" choice, the API's `orderBy` value (a list
    the API sorts) or the value of a row (a list sorted here; None: the order read), and the
    direction a first click sorts in."""

    label: str
    api: str | None = None
    value: Callable[[Row], object] | None = None
    descending: bool = False


@dataclass(frozen=True)
class Sorts:
    """The ways one list sorts, by their names in the address, and its default."""

    keys: Mapping[str, SortKey]
    default: str

    def from_query(self, params: QueryParams) -> Sort:
        """The sort the address asks for; the default order when it names none it knows."""
        key = params.get("sort") or self.default
        if key not in self.keys:
            return self.sort(self.default)
        return self.sort(key, DIRECTIONS.get(params.get("dir", "")))

    def sort(self, key: str, descending: bool | None = None) -> Sort:
        """By `key`, in its first direction unless `descending` says otherwise."""
        first = self.keys[key].descending
        return Sort(self, key, first if descending is None else descending)


@dataclass(frozen=True)
class Sort:
    """A list's order now: by which key, which way."""

    sorts: Sorts
    key: str
    descending: bool

    def values(self) -> dict[str, str]:
        """The sort as the address keeps it (empty values: the default, left out)."""
        first = self.sorts.keys[self.key].descending
        return {
            "sort": "" if self.key == self.sorts.default else self.key,
            "dir": "" if self.descending == first else ("desc" if self.descending else "asc"),
        }

    def state(self, key: str) -> str:
        """The `aria-sort` of the heading of `key`."""
        if key != self.key:
            return "none"
        return "descending" if self.descending else "ascending"

    def link(self, key: str) -> dict[str, str | None]:
        """The address's changes that sort by `key` (the other way when the list is sorted by
        it already), from the first page."""
        descending = not self.descending if key == self.key else None
        return {**self.sorts.sort(key, descending).values(), "after": None, "before": None}

    def variables(self) -> dict[str, str | None]:
        """The API's `orderBy` and `direction` for this order."""
        return {
            "orderBy": self.sorts.keys[self.key].api,
            "direction": "DESC" if self.descending else "ASC",
        }

    def rows(self, rows: list[Row]) -> list[Row]:
        """The rows in this order; rows without a value come last either way, and rows that
        tie keep the order they were read in."""
        value = self.sorts.keys[self.key].value
        if value is None:
            return list(reversed(rows)) if self.descending else list(rows)
        keyed = [(value(row), row) for row in rows]
        present = [(_comparable(v), row) for v, row in keyed if v is not None and v != ""]
        present.sort(key=lambda pair: pair[0], reverse=self.descending)
        return [row for _, row in present] + [row for v, row in keyed if v is None or v == ""]


def _comparable(value: object) -> Any:
    """Text compared without regard to case (then with it, so the order is total)."""
    if isinstance(value, str):
        return (value.casefold(), value)
    return value
