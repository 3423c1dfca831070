"""The kinds of relation the planner loads, each for all parents at once: to-one by foreign key
(`ToOne`), to-one by query (`ToOneBy`, e.g. `latest`), plain value lists (`Values`, e.g.
`values`), connections (`ToMany`) and values computed in SQL (`Computed`). Each area registers
its relations as a dict {(type name, field name): relation}, which `build_schema` installs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from graphql import FieldNode
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    func,
    literal,
    select,
    true,
)

from schema.core.pagination import Window, make_connection
from schema.core.planner import Planner, attribute_name, prefetch
from schema.core.sources import Layout, Source


class Relation(Protocol):
    """Loads one relation for a list of parents of one type and hangs the result on them.
    A `keyed` relation stores a value per response key (`_prefetch[key]`), so each alias of
    the field loads its own; the others set the attribute, shared by every alias."""

    keyed: bool = False
    # Whether it reads the parents' rows (their foreign keys), not only their ids: those that
    # do not may load before the parents' rows are in (`planner.prefetch`'s `part`).
    reads_rows: bool = False

    async def load(
        self, planner: Planner, parents: list[Any], key: str, nodes: list[FieldNode]
    ) -> None: ...


class ToOne(Relation):
    """A foreign key on the parent: initiative.plan, metric.owner, offering.service …"""

    reads_rows = True

    def __init__(self, target: Source, fk: str) -> None:
        self.target = target
        self.fk = fk

    async def load(
        self, planner: Planner, parents: list[Any], key: str, nodes: list[FieldNode]
    ) -> None:
        field = nodes[0].name.value
        attribute = attribute_name(field)
        ids = {parent._fk[self.fk] for parent in parents} - {None}
        found: dict[int, Any] = {}
        if ids:
            layout = planner.layout(self.target, [n.selection_set for n in nodes])
            statement = self.target.select(layout=layout).where(
                planner.id_in(self.target.pk, ids), *self.target.conditions(planner.viewer)
            )
            found = {
                row[0]: self.target.build(row, layout) for row in await planner.rows(statement)
            }
        for parent in parents:
            parent.__dict__[attribute] = found.get(parent._fk[self.fk])
        await prefetch(
            planner, self.target.type_name, list(found.values()), [n.selection_set for n in nodes]
        )


class ToOneBy(Relation):
    """A one-to-one found by a query keyed on the parent's id (latest status update, owner …).

    `query(plan, parent_ids, layout)` selects the parent's id first, then the layout's
    columns.
    """

    def __init__(
        self,
        target: Source,
        query: Callable[[Planner, set[int], Layout], Select[*tuple[Any, ...]]],
    ) -> None:
        self.target = target
        self.query = query

    async def load(
        self, planner: Planner, parents: list[Any], key: str, nodes: list[FieldNode]
    ) -> None:
        attribute = attribute_name(nodes[0].name.value)
        ids = {parent._pk for parent in parents}
        found: dict[int, Any] = {}
        if ids:
            layout = planner.layout(self.target, [n.selection_set for n in nodes])
            for row in await planner.rows(self.query(planner, ids, layout)):
                found.setdefault(row[0], self.target.build(row[1:], layout))
        for parent in parents:
            parent.__dict__[attribute] = found.get(parent._pk)
        await prefetch(
            planner, self.target.type_name, list(found.values()), [n.selection_set for n in nodes]
        )


class Values(Relation):
    """A list of plain values per parent (an initiative's tags, its Four Dimensions …)."""

    def __init__(self, query: Callable[[Planner, set[int]], Select[*tuple[Any, ...]]]) -> None:
        self.query = query

    async def load(
        self, planner: Planner, parents: list[Any], key: str, nodes: list[FieldNode]
    ) -> None:
        attribute = attribute_name(nodes[0].name.value)
        grouped: dict[int, list[Any]] = defaultdict(list)
        ids = {parent._pk for parent in parents}
        if ids:
            for parent_id, value in await planner.rows(self.query(planner, ids)):
                grouped[parent_id].append(value)
        for parent in parents:
            parent.__dict__[attribute] = grouped.get(parent._pk, [])


class ToMany(Relation):
    """A connection of children per parent, one statement for all parents.

    `parent_column` is the column on the target (or on the link table in `joins`) that holds
    the parent's id. `filters(args)` and `order(args)` come from the area's filters.
    """

    keyed = True

    def __init__(
        self,
        target: Source,
        parent_column: SQLColumnExpression[Any],
        *,
        link: type[Any] | None = None,  # a link table's model, joined to the target
        link_target_column: SQLColumnExpression[Any] | None = None,
        filters: Callable[[dict[str, Any]], Sequence[ColumnElement[bool]]] = lambda args: [],
        order: Callable[[dict[str, Any]], Sequence[SQLColumnExpression[Any]]] | None = None,
    ) -> None:
        self.target = target
        self.parent_column = parent_column
        self.link = link
        self.link_target_column = link_target_column
        self.filters = filters
        self.order = order or (lambda args: [target.pk.asc()])

    async def load(
        self, planner: Planner, parents: list[Any], key: str, nodes: list[FieldNode]
    ) -> None:
        type_name = parents[0].__strawberry_definition__.name
        args = planner.arguments(type_name, nodes[0])
        window = Window.from_args(args)
        inner_sets, wants_total = planner.connection_parts(nodes, self.target.type_name)
        ids = {parent._pk for parent in parents}
        grouped: dict[int, list[tuple[int, Any]]] = defaultdict(list)
        totals: dict[int, int] = {}
        layout = planner.layout(self.target, inner_sets)
        # On PostgreSQL each parent's page is a LATERAL probe that stops at the page's end, and
        # the total is counted only when the answer needs it; elsewhere a window function
        # numbers and counts every child of every parent.
        lateral = planner.dialect == "postgresql"
        total_known = not lateral or wants_total or window.needs_total
        if ids:
            statement = (
                self.lateral_statement(planner, ids, args, window, layout, total_known)
                if lateral
                else self.statement(planner, ids, args, window, layout)
            )
            for row in await planner.rows(statement):
                parent_id, position, total = row[-3], row[-2], row[-1]
                grouped[parent_id].append((position, row))
                totals[parent_id] = total
            if wants_total and (window.after is not None or window.before is not None):
                # A page past a parent's children brings no row to carry its total.
                unknown = ids - totals.keys()
                if unknown:
                    totals.update(await self.totals(planner, unknown, args))
        children: list[Any] = []
        for parent in parents:
            total = totals.get(parent._pk, 0) if total_known else None
            start, stop = window.bounds(total)
            rows = [row for position, row in grouped.get(parent._pk, []) if position > start]
            if stop is not None:
                rows = rows[: stop - start + 1]
            objects = [self.target.build(row, layout) for row in rows]
            connection = make_connection(objects, window, total, total_known=total_known)
            parent._prefetch[key] = connection
            children += connection.nodes
        await prefetch(planner, self.target.type_name, children, inner_sets)

    async def totals(self, planner: Planner, ids: set[int], args: dict[str, Any]) -> dict[int, int]:
        """How many children each of these parents has (those with none are left out)."""
        statement = self._children(
            planner, planner.id_in(self.parent_column, ids), args, self.parent_column,
            func.count(),
        ).group_by(self.parent_column)  # fmt: skip
        return {parent: total for parent, total in await planner.rows(statement)}

    def _children(self, planner: Planner, parents: ColumnElement[bool], args: dict[str, Any],
                  *columns: Any) -> Select[*tuple[Any, ...]]:  # fmt: skip
        """`columns` of the children of the parents `parents` picks (a condition on
        `parent_column`) that the viewer may see and the filters keep."""
        children = select(*columns).select_from(self.target.model)
        if self.link is not None:
            assert self.link_target_column is not None  # a link comes with its column
            children = children.join(self.link, self.link_target_column == self.target.pk)
        return children.where(parents, *self.target.conditions(planner.viewer), *self.filters(args))

    def lateral_statement(
        self,
        planner: Planner,
        ids: set[int],
        args: dict[str, Any],
        window: Window,
        layout: Layout,
        with_total: bool,
    ) -> Select[*tuple[Any, ...]]:
        """PostgreSQL: for each parent id, its children in order up to the page's end (plus the
        look-ahead row), numbered as they come, so an index on (parent, order) reads only what
        the page shows; the total is a count per parent, only when asked for. The rows carry
        the layout's columns, then the parent, the position and the total, as `statement`'s."""
        parents = (
            func.unnest(literal(sorted(ids), ARRAY(Integer)))
            .table_valued("parent_key")
            .render_derived(name="parents")
        )
        parent = parents.c.parent_key
        order = self.order(args)
        columns: list[Any] = [
            column.label(f"c{index}") for index, column in enumerate(layout.columns)
        ]
        page = self._children(
            planner, self.parent_column == parent, args, *columns,
            func.row_number().over(order_by=order).label("position"),
        ).order_by(*order)  # fmt: skip
        start = window.after + 1 if window.after is not None else 0
        ends = []
        if window.before is not None:
            ends.append(window.before)
        if window.first is not None:
            ends.append(start + window.first + 1)
        if ends:
            page = page.limit(min(ends))
        paged = page.lateral("page")
        position = paged.c["position"]
        total: Any = literal(0)
        statement = select(
            *(paged.c[f"c{index}"] for index in range(len(columns))), parent, position
        ).select_from(parents)
        if with_total:
            counted = self._children(
                planner, self.parent_column == parent, args, func.count().label("total")
            )
            counts = counted.lateral("counted")
            total = counts.c["total"]
            statement = statement.join(counts, true())
        statement = statement.add_columns(total).join(paged, true()).where(position > start)
        if window.before is not None and window.last is not None:
            statement = statement.where(position > window.before - window.last)
        elif window.last is not None:
            statement = statement.where(position > total - window.last)
        return statement.order_by(parent, position)

    def statement(
        self,
        planner: Planner,
        ids: set[int],
        args: dict[str, Any],
        window: Window,
        layout: Layout,
    ) -> Select[*tuple[Any, ...]]:
        """Number the children of each parent in a narrow subquery (ids only, so the sort
        carries little), then fetch the full rows of just the page's children."""
        order = self.order(args)
        numbered_rows = self._children(
            planner, planner.id_in(self.parent_column, ids), args,
            self.target.pk.label("child_id"),
            self.parent_column.label("parent_key"),
            func.row_number().over(partition_by=self.parent_column, order_by=order)
            .label("position"),
            func.count().over(partition_by=self.parent_column).label("total"),
        ).subquery()  # fmt: skip
        parent, position, total = (
            numbered_rows.c["parent_key"],
            numbered_rows.c["position"],
            numbered_rows.c["total"],
        )
        outer = self.target.select(parent, position, total, layout=layout).join(
            numbered_rows, numbered_rows.c["child_id"] == self.target.pk
        )
        start = window.after + 1 if window.after is not None else 0
        outer = outer.where(position > start)
        if window.before is not None:
            outer = outer.where(position <= window.before)
            if window.last is not None:
                outer = outer.where(position > window.before - window.last)
        elif window.last is not None:
            outer = outer.where(position > total - window.last)
        if window.first is not None:
            outer = outer.where(position <= start + window.first + 1)
        return outer.order_by(parent, position)


class Computed(Relation):
    """Any other per-parent value computed in SQL: `load(plan, parents) -> {parent_id: value}`."""

    def __init__(
        self,
        loader: Callable[[Planner, set[int]], Awaitable[dict[int, Any]]],
        default: Callable[[], Any],
    ) -> None:
        self.loader = loader
        self.default = default

    async def load(
        self, planner: Planner, parents: list[Any], key: str, nodes: list[FieldNode]
    ) -> None:
        attribute = attribute_name(nodes[0].name.value)
        values = await self.loader(planner, {parent._pk for parent in parents})
        for parent in parents:
            parent.__dict__[attribute] = values.get(parent._pk, self.default())


# -- relations many areas build -------------------------------------------------------------


def latest(
    source: Source,
    parent_column: SQLColumnExpression[Any],
    order: Sequence[SQLColumnExpression[Any]],
) -> ToOneBy:
    """The newest row per parent. PostgreSQL: a LATERAL subquery with LIMIT 1 per parent, one
    index probe each. Elsewhere a window function numbers each parent's rows in a narrow
    subquery, and only the first ones are fetched whole."""

    def query(planner: Planner, ids: set[int], layout: Layout) -> Select[*tuple[Any, ...]]:
        if planner.dialect == "postgresql":
            parents = (
                func.unnest(literal(sorted(ids), ARRAY(Integer)))
                .table_valued("parent_key")
                .render_derived(name="parents")
            )
            newest = (
                select(*layout.columns)
                .where(parent_column == parents.c.parent_key, *source.conditions(planner.viewer))
                .order_by(*order)
                .limit(1)
                .lateral("newest")
            )
            return select(parents.c.parent_key, newest).join(newest, true())
        numbered = (
            select(
                source.pk.label("newest_id"),
                func.row_number()
                .over(partition_by=parent_column, order_by=order)
                .label("position"),
            )
            .where(planner.id_in(parent_column, ids), *source.conditions(planner.viewer))
            .subquery()
        )
        return (
            select(parent_column, *layout.columns)
            .join(numbered, numbered.c["newest_id"] == source.pk)
            .where(numbered.c["position"] == 1)
        )

    return Latest(source, query, parent_column, order)


class Latest(ToOneBy):
    """`latest`'s relation: the newest row per parent, with what it is made of kept for the
    document compiler (schema/core/compiler.py), which writes it as one LIMIT 1 probe."""

    def __init__(
        self,
        target: Source,
        query: Callable[[Planner, set[int], Layout], Select[*tuple[Any, ...]]],
        parent_column: SQLColumnExpression[Any],
        order: Sequence[SQLColumnExpression[Any]],
    ) -> None:
        super().__init__(target, query)
        self.parent_column = parent_column
        self.order = list(order)


def values(
    parent_column: SQLColumnExpression[Any], value_column: SQLColumnExpression[Any]
) -> Values:
    def query(planner: Planner, ids: set[int]) -> Select[*tuple[Any, ...]]:
        return (
            select(parent_column, value_column)
            .where(planner.id_in(parent_column, ids))
            .order_by(parent_column, value_column)
        )

    return Values(query)
