"""Paging a list page through its connection: which page the address asks for, and the links
to the others, as query strings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from server.web.core.schema_api import MAX_PAGE_SIZE


@dataclass(frozen=True)
class Paging:
    """Which page of a list the URL asks for: after a cursor, before one, or the first."""

    after: str | None
    before: str | None
    per: int

    @classmethod
    def from_query(cls, params: QueryParams, per: int) -> Paging:
        return cls(
            after=params.get("after") or None,
            before=None if params.get("after") else params.get("before") or None,
            per=min(per, MAX_PAGE_SIZE),
        )

    def variables(self) -> dict[str, Any]:
        if self.before:
            return {"last": self.per, "before": self.before}
        return {"first": self.per, "after": self.after}


def query_string(values: dict[str, Any], **changes: Any) -> str:
    """A URL query from the non-empty values, some changed (None drops one)."""
    merged = {**values, **changes}
    return str(QueryParams([(key, str(value)) for key, value in merged.items() if value]))
