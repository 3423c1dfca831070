"""Relay connections: one generic shape for every list, with the page size capped here only.

Cursors are opaque offsets into the ordered, filtered list. A page is a window [start, stop)
computed from first/after/last/before; `last` without `before` needs the total first.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from schema.core.context import Context
from server.domain.core.validation import database_id

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Far beyond any list; keeps the offset arithmetic in SQL within INTEGER.
MAX_OFFSET = 1_000_000_000

NodeT = TypeVar("NodeT")

# The paging arguments of every connection field.
First = Annotated[
    int | None,
    strawberry.argument(
        description=f"At most this many rows from the start (after `after`), 0 to "
        f"{MAX_PAGE_SIZE}; {DEFAULT_PAGE_SIZE} when neither `first` nor `last` is given."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Only rows after this cursor: a `cursor` or `pageInfo.endCursor` from the "
        "same list."
    ),
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"At most this many rows from the end (before `before`), 0 to {MAX_PAGE_SIZE}."
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(
        description="Only rows before this cursor: a `cursor` or `pageInfo.startCursor` from the "
        "same list."
    ),
]


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether rows follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether rows come before this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first row, for `before`; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last row, for `after` (the next page); null when "
        "the page is empty."
    )


@strawberry.type(description="One row of a page, with the cursor that points at it.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(
        description="An opaque position in this list, for `after` or `before`; do not parse it."
    )
    node: NodeT = strawberry.field(description="The row.")


@strawberry.type(description="A page of a list, with the total the filters match.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(
        description="The page's rows, each with its cursor."
    )
    nodes: list[NodeT] = strawberry.field(
        description="The page's rows without cursors: the same rows as `edges`, in the same order."
    )
    page_info: PageInfo = strawberry.field(
        description="Where the page sits in the list, and the cursors to page on."
    )
    total_count: int = strawberry.field(
        description="How many rows the whole list holds, on every page together, with the "
        "arguments' filters applied."
    )


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"cursor:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, argument: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        mark, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        mark, value = "", ""
    offset = database_id(value)
    if mark != "cursor" or offset is None or offset > MAX_OFFSET:
        raise GraphQLError(f"`{argument}` is not a cursor from this list: {cursor!r}.")
    return offset


def check_page_size(value: int | None, argument: str) -> None:
    if value is None:
        return
    if value < 0:
        raise GraphQLError(f"`{argument}` must not be negative (got {value}).")
    if value > MAX_PAGE_SIZE:
        raise GraphQLError(
            f"`{argument}` is limited to {MAX_PAGE_SIZE} rows per page (got {value}); "
            "page through the rest with cursors."
        )


@dataclass(frozen=True)
class Window:
    """The slice [start, stop) of the list that a page shows; stop None means 'to the end'."""

    first: int | None
    last: int | None
    after: int | None
    before: int | None

    @classmethod
    def from_args(cls, args: dict[str, Any]) -> Window:
        first, last = args.get("first"), args.get("last")
        check_page_size(first, "first")
        check_page_size(last, "last")
        after = decode_cursor(args["after"], "after") if args.get("after") else None
        before = decode_cursor(args["before"], "before") if args.get("before") else None
        if first is None and last is None:
            first = DEFAULT_PAGE_SIZE
        return cls(first=first, last=last, after=after, before=before)

    @property
    def needs_total(self) -> bool:
        return self.last is not None and self.before is None

    def bounds(self, total: int | None) -> tuple[int, int | None]:
        start = self.after + 1 if self.after is not None else 0
        stop = self.before if self.before is not None else total
        if self.first is not None:
            stop = start + self.first if stop is None else min(stop, start + self.first)
        if self.last is not None and stop is not None:
            start = max(start, stop - self.last)
        if stop is not None:
            stop = max(stop, start)
        return start, stop

    def fetch_limit(self, total: int | None) -> tuple[int, int | None]:
        """Offset and row limit to fetch: one row beyond the page tells whether more follow."""
        start, stop = self.bounds(total)
        return start, None if stop is None else stop - start + 1


def make_connection(
    rows: Sequence[Any], window: Window, total: int | None, total_known: bool
) -> Connection[Any]:
    """Wrap the fetched rows (the page plus maybe one look-ahead row) as a connection."""
    start, stop = window.bounds(total if total_known else None)
    size = len(rows) if stop is None else min(len(rows), stop - start)
    page = rows[:size]
    has_next = len(rows) > size
    cursors = [encode_cursor(start + n) for n in range(size)]
    return Connection(
        edges=[Edge(cursor=cursor, node=node) for cursor, node in zip(cursors, page, strict=True)],
        nodes=list(page),
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=start > 0,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        total_count=total if total is not None else -1,
    )


# -- connection fields below the root ------------------------------------------------------


def prefetched(root: Any, info: Info[Context, Any]) -> Any:
    """The page the planner loaded for this field under this response key."""
    return root._prefetch[info.path.key]


_Resolver = TypeVar("_Resolver", bound=Callable[..., Any])


def reads_prefetch(resolver: _Resolver) -> _Resolver:
    """Marks a resolver that only returns `prefetched(self, info)`, so the faster executor may
    read the page itself without coercing the arguments again (the planner already did)."""
    resolver.__dict__["reads_prefetch"] = True
    return resolver


# The resolver of a connection field without filters: it only hands back the page the planner
# loaded (the relation registered for the field applies the arguments); the field's annotation
# gives the connection's type. Areas with filtered lists define their own, the same way.


@reads_prefetch
def _page(root: Any, info: Info[Context, Any], first: First = None, after: After = None,
          last: Last = None, before: Before = None) -> Any:  # fmt: skip
    return prefetched(root, info)


def page(description: str) -> Any:
    return strawberry.field(resolver=_page, description=description)
