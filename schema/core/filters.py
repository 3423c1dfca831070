"""What every filter and ordering shares: global ids in filters, ORDER BY with the id as the
tie-breaker, and the search text rule. Each area's filters module holds its filter inputs and
turns them into SQL conditions; root lists, nested connections and aggregates all call those
builders, so a total always agrees with its list. Builders take the coerced arguments as
snake_case dicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import SQLColumnExpression, UnaryExpression

from schema.core.enums import OrderDirection
from schema.core.ids import from_global_id

DirectionArgument = Annotated[
    OrderDirection,
    strawberry.argument(description="Sort ascending (ASC, the default) or descending (DESC)."),
]


def order_clause(
    mapping: Mapping[str, Sequence[SQLColumnExpression[Any]]],
    key_column: SQLColumnExpression[Any],
    args: dict[str, Any],
) -> list[UnaryExpression[Any]]:
    """ORDER BY for the chosen field and direction, with the id as the tie-breaker."""
    field = args.get("order_by")
    field = field.value if isinstance(field, Enum) else (field or "id")
    direction = args.get("direction")
    descending = (direction.value if isinstance(direction, Enum) else direction) == "desc"
    columns = [*mapping[field], key_column]
    if descending:
        return [column.desc() for column in columns]
    return [column.asc() for column in columns]


def database_ids(values: list[str] | None, type_name: str, field: str) -> list[int] | None:
    """Decode global ids of one type, or raise an error naming the filter field."""
    if values is None:
        return None
    ids = []
    for value in values:
        decoded = from_global_id(value)
        if decoded is None or decoded[0] != type_name:
            raise GraphQLError(f"`filter.{field}`: {value!r} is not the id of a {type_name}.")
        ids.append(decoded[1])
    return ids


def enum_values(items: Iterable[Enum | str]) -> list[str]:
    """The values of enum members (the SQL columns' strings)."""
    return [item.value if isinstance(item, Enum) else item for item in items]


MAX_SEARCH = 200  # characters of words to find (the pages cut the search box to as many)


def search_pattern(value: str | None, field: str) -> str | None:
    """The LIKE pattern (wildcards escaped, `\\` the escape) for words to find, or None when
    there are none; a search longer than MAX_SEARCH is refused, naming the argument."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > MAX_SEARCH:
        raise GraphQLError(
            f"`{field}` must be at most {MAX_SEARCH} characters (got {len(text):,}).",
            extensions={"code": "INVALID", "field": field},
        )
    return _like(text)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
