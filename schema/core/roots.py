"""What root fields share: a root list as a connection (one page, its total when asked, then
everything selected below it) and objects loaded by id in a given order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import SelectionSetNode
from sqlalchemy import ColumnElement, Select, SQLColumnExpression, func, select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.pagination import Connection, Window, make_connection
from schema.core.planner import Planner, prefetch
from schema.core.sources import Source
from server.domain.core.viewer import Viewer

# What a root list reads for its arguments: the source, the filters' conditions, the order.
RootList = Callable[
    [dict[str, Any]],
    tuple[Source, Sequence[ColumnElement[bool]], Sequence[SQLColumnExpression[Any]]],
]

# Every root list by field name; `build_schema` installs the areas'. The document compiler
# (schema/core/compiler.py) reads the same functions as the resolvers, so both apply one rule.
ROOT_LISTS: dict[str, RootList] = {}


@dataclass(frozen=True)
class GroupedList:
    """A root list of groups that one grouped statement computes (`initiativeStats`), as the
    document compiler reads it: the statement and its keys for the arguments, and, over its
    rows, each field of the group type (by Python name) and each foreign key a relation of the
    group type follows."""

    statement: Callable[[Viewer, dict[str, Any]], tuple[Select[Any], list[str]]]
    fields: Callable[[Any, list[str]], dict[str, ColumnElement[Any]]]
    foreign_keys: Callable[[Any, list[str]], dict[str, ColumnElement[Any]]]


# Every grouped root list by field name; `build_schema` installs the areas'.
GROUPED_LISTS: dict[str, GroupedList] = {}


def install(lists: Mapping[str, RootList], grouped: Mapping[str, GroupedList]) -> None:
    for name, implementation in lists.items():
        if ROOT_LISTS.setdefault(name, implementation) is not implementation:
            raise ValueError(f"Query.{name} has two lists")
    for name, groups in grouped.items():
        if GROUPED_LISTS.setdefault(name, groups) is not groups:
            raise ValueError(f"Query.{name} has two grouped lists")


async def list_page(info: Info[Context, None], root_list: RootList) -> Connection[Any]:
    """A root list's page for the field's arguments."""
    source, conditions, order = root_list(arguments(info))
    return await root_connection(info, source, list(conditions), order)


async def root_connection(
    info: Info[Context, None],
    source: Source,
    conditions: list[ColumnElement[bool]],
    order: Sequence[SQLColumnExpression[Any]],
    parent: str = "Query",
) -> Connection[Any]:
    """Load one page of a root list (plus its total when asked), then everything below it.
    `parent`: the type the field is on, for a list that is the viewer's own (`Viewer`)."""
    info.context.require_viewer()
    planner = Planner(info)
    args = planner.arguments(parent, planner.field_nodes[0])
    window = Window.from_args(args)
    where = [*source.conditions(planner.viewer), *conditions]
    inner_sets, wants_total = planner.connection_parts(planner.field_nodes, source.type_name)
    total = None
    if wants_total or window.needs_total:
        total = await info.context.session.scalar(
            select(func.count()).select_from(source.model).where(*where)
        )
    offset, limit = window.fetch_limit(total)
    layout = planner.layout(source, inner_sets)
    statement = source.select(layout=layout).where(*where).order_by(*order).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    objects = [source.build(row, layout) for row in await planner.rows(statement)]
    connection = make_connection(objects, window, total, total_known=total is not None)
    await prefetch(planner, source.type_name, connection.nodes, inner_sets)
    return connection


def arguments(info: Info[Context, Any]) -> dict[str, Any]:
    """The root field's arguments, coerced, as a snake_case dict (what the filters take)."""
    planner = Planner(info)
    return planner.arguments("Query", planner.field_nodes[0])


def selections(
    planner: Planner, type_name: str, sets: Iterable[SelectionSetNode | None], field: str
) -> list[SelectionSetNode | None]:
    """The selection sets of `field` selected on `type_name` (through aliases and fragments)."""
    found = planner.collect(type_name, sets)
    return [node.selection_set for nodes in found.values() for node in nodes
            if node.name.value == field]  # fmt: skip


async def objects_in_order(
    planner: Planner, source: Source, ids: list[int], sets: list[SelectionSetNode | None]
) -> list[Any]:
    """Objects for ids in the order given, with everything selected below them loaded."""
    if not ids or not sets:
        return []
    layout = planner.layout(source, sets)
    rows = await planner.rows(
        source.select(layout=layout).where(planner.id_in(source.pk, set(ids)))
    )
    found = {row[0]: source.build(row, layout) for row in rows}
    objects = [found[pk] for pk in ids if pk in found]
    await prefetch(planner, source.type_name, objects, sets)
    return objects
