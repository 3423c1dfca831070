"""Relay connections: one generic shape for every list, with the page size capped here only."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Generic, TypeVar

import strawberry
from graphql import GraphQLError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

NodeT = TypeVar("NodeT")


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type(description="A page of a list, with the total the filters match.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    nodes: list[NodeT]
    page_info: PageInfo
    total_count: int


def page_size(first: int | None) -> int:
    """The number of rows to return, or a GraphQL error naming the limit."""
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0:
        raise GraphQLError(f"`first` must not be negative (got {first}).")
    if first > MAX_PAGE_SIZE:
        raise GraphQLError(
            f"`first` is limited to {MAX_PAGE_SIZE} rows per page (got {first}); "
            "page through the rest with `after`."
        )
    return first


def encode_cursor(offset_key: int) -> str:
    return base64.urlsafe_b64encode(f"cursor:{offset_key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        mark, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        mark, value = "", ""
    if mark != "cursor" or not value.isdigit():
        raise GraphQLError(f"`after` is not a cursor from this list: {cursor!r}")
    return int(value)


def connection(
    nodes: Sequence[NodeT], keys: Sequence[int], *, total: int, has_next: bool, has_previous: bool
) -> Connection[NodeT]:
    """Wrap one page of rows; `keys` are the sort keys the cursors point at."""
    cursors = [encode_cursor(key) for key in keys]
    return Connection(
        edges=[Edge(cursor=c, node=n) for c, n in zip(cursors, nodes, strict=True)],
        nodes=list(nodes),
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        total_count=total,
    )
