"""Fetch by level, not by field: one set-based statement per relation the query selects.

A root resolver loads its objects, then `prefetch` walks the query's selection for their type.
For every relation selected it runs one statement for all parents at once (a window function
gives each parent its own page) and hangs the results on the parents; then it recurses into the
children. By the time the executor walks the tree, everything below the root is in memory, so
the number of statements depends on the query's shape, never on the rows it returns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
)
from sqlalchemy import ARRAY, ColumnElement, Integer, Select, any_, func, literal, select
from strawberry.types import Info

from schema.pagination import Window, make_connection
from schema.sources import Layout, Source

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(value: Any) -> Any:
    """GraphQL argument dicts (camelCase keys) as the snake_case dicts the filters take."""
    if isinstance(value, dict):
        return {_CAMEL.sub("_", key).lower(): snake(item) for key, item in value.items()}
    if isinstance(value, list):
        return [snake(item) for item in value]
    return value


@dataclass
class Planner:
    """What the planner needs from the operation: the schema, fragments, variables, context."""

    info: Info

    def __post_init__(self) -> None:
        self.raw = self.info._raw_info  # graphql-core's info: schema, fragments, variables
        # Resolvers see the coerced variables as a plain dict; graphql-core's argument
        # coercion wants its container back.
        self.variables = VariableValues(sources={}, coerced=self.raw.variable_values or {})

    @property
    def field_nodes(self) -> list[FieldNode]:
        return self.raw.field_nodes

    @property
    def context(self):
        return self.info.context

    @property
    def viewer(self):
        return self.info.context.viewer

    @property
    def dialect(self) -> str:
        return self.info.context.session.bind.dialect.name

    def id_in(self, column, ids) -> ColumnElement[bool]:
        """`column IN ids`: one array parameter on PostgreSQL instead of one per id, which
        keeps large levels cheap to send; an expanding IN elsewhere."""
        if self.dialect == "postgresql":
            return column == any_(literal(sorted(ids), ARRAY(Integer)))
        return column.in_(ids)

    async def rows(self, statement: Select) -> list:
        return (await self.info.context.session.execute(statement)).all()

    def included(self, node) -> bool:
        variables = self.variables
        skip = get_directive_values(GraphQLSkipDirective, node, variables)
        if skip and skip.get("if"):
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, variables)
        return not (include is not None and not include.get("if"))

    def applies(self, condition: str | None, type_name: str) -> bool:
        if condition is None or condition == type_name:
            return True
        schema = self.raw.schema
        abstract = schema.get_type(condition)
        runtime = schema.get_type(type_name)
        if abstract is None or runtime is None or abstract is runtime:
            return abstract is runtime
        return isinstance(runtime, GraphQLObjectType) and schema.is_sub_type(abstract, runtime)

    def collect(
        self, type_name: str, selection_sets: Iterable[SelectionSetNode | None]
    ) -> dict[str, list[FieldNode]]:
        """The fields selected on `type_name`, by response key, through fragments."""
        fields: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()

        def walk(selection_set: SelectionSetNode | None) -> None:
            if selection_set is None:
                return
            for selection in selection_set.selections:
                if not self.included(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    if self.applies(condition.name.value if condition else None, type_name):
                        walk(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.raw.fragments.get(name)
                    if fragment is None or name in visited:
                        continue
                    visited.add(name)
                    if self.applies(fragment.type_condition.name.value, type_name):
                        walk(fragment.selection_set)

        for selection_set in selection_sets:
            walk(selection_set)
        return fields

    def arguments(self, type_name: str, node: FieldNode) -> dict[str, Any]:
        graphql_type = self.raw.schema.get_type(type_name)
        field_def = graphql_type.fields[node.name.value]
        return snake(get_argument_values(field_def, node, self.variables))

    def layout(self, source: Source, selection_sets) -> Layout:
        """The columns to load for objects of this source: those the selection asks for."""
        fields = self.collect(source.type_name, selection_sets)
        return source.layout(
            frozenset(_attribute(nodes[0].name.value) for nodes in fields.values())
        )

    def connection_parts(self, nodes: list[FieldNode], node_type: str):
        """From a connection field: the selection sets of its nodes, and whether totalCount
        is asked for."""
        selection_sets = [node.selection_set for node in nodes]
        fields = self.collect(f"{node_type}Connection", selection_sets)
        wants_total = any(node.name.value == "totalCount" for fs in fields.values() for node in fs)
        inner = []
        for field_nodes in fields.values():
            for node in field_nodes:
                if node.name.value == "nodes":
                    inner.append(node.selection_set)
                elif node.name.value == "edges":
                    edge_fields = self.collect(f"{node_type}Edge", [node.selection_set])
                    for edge_nodes in edge_fields.values():
                        inner += [n.selection_set for n in edge_nodes if n.name.value == "node"]
        return inner, wants_total


# -- relations ---------------------------------------------------------------------------------


class Relation(Protocol):
    """Loads one relation for a list of parents of one type and hangs the result on them."""

    async def load(
        self, planner: Planner, parents: list, key: str, nodes: list[FieldNode]
    ) -> None: ...


class ToOne(Relation):
    """A foreign key on the parent: initiative.plan, metric.owner, offering.service …"""

    def __init__(self, target: Source, fk: str) -> None:
        self.target = target
        self.fk = fk

    async def load(self, planner: Planner, parents: list, key: str, nodes: list[FieldNode]) -> None:
        field = nodes[0].name.value
        attribute = _attribute(field)
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
        self, target: Source, query: Callable[[Planner, set[int], Layout], Select]
    ) -> None:
        self.target = target
        self.query = query

    async def load(self, planner: Planner, parents: list, key: str, nodes: list[FieldNode]) -> None:
        attribute = _attribute(nodes[0].name.value)
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

    def __init__(self, query: Callable[[Planner, set[int]], Select]) -> None:
        self.query = query

    async def load(self, planner: Planner, parents: list, key: str, nodes: list[FieldNode]) -> None:
        attribute = _attribute(nodes[0].name.value)
        grouped: dict[int, list] = defaultdict(list)
        ids = {parent._pk for parent in parents}
        if ids:
            for parent_id, value in await planner.rows(self.query(planner, ids)):
                grouped[parent_id].append(value)
        for parent in parents:
            parent.__dict__[attribute] = grouped.get(parent._pk, [])


class ToMany(Relation):
    """A connection of children per parent, one statement for all parents.

    `parent_column` is the column on the target (or on the link table in `joins`) that holds
    the parent's id. `filters(args)` and `order(args)` come from schema/filters.py.
    """

    def __init__(
        self,
        target: Source,
        parent_column: ColumnElement,
        *,
        link=None,
        link_target_column: ColumnElement | None = None,
        filters: Callable[[dict], list] = lambda args: [],
        order: Callable[[dict], list] | None = None,
    ) -> None:
        self.target = target
        self.parent_column = parent_column
        self.link = link
        self.link_target_column = link_target_column
        self.filters = filters
        self.order = order or (lambda args: [target.pk.asc()])

    async def load(self, planner: Planner, parents: list, key: str, nodes: list[FieldNode]) -> None:
        type_name = parents[0].__strawberry_definition__.name
        args = planner.arguments(type_name, nodes[0])
        window = Window.from_args(args)
        inner_sets, _ = planner.connection_parts(nodes, self.target.type_name)
        ids = {parent._pk for parent in parents}
        grouped: dict[int, list] = defaultdict(list)
        totals: dict[int, int] = {}
        layout = planner.layout(self.target, inner_sets)
        if ids:
            for row in await planner.rows(self.statement(planner, ids, args, window, layout)):
                parent_id, position, total = row[-3], row[-2], row[-1]
                grouped[parent_id].append((position, row))
                totals[parent_id] = total
        children: list = []
        for parent in parents:
            total = totals.get(parent._pk, 0)
            start, stop = window.bounds(total)
            rows = [row for position, row in grouped.get(parent._pk, []) if position > start]
            if stop is not None:
                rows = rows[: stop - start + 1]
            objects = [self.target.build(row, layout) for row in rows]
            connection = make_connection(objects, window, total, total_known=True)
            parent._prefetch[key] = connection
            children += connection.nodes
        await prefetch(planner, self.target.type_name, children, inner_sets)

    def statement(
        self, planner: Planner, ids: set[int], args: dict, window: Window, layout: Layout
    ) -> Select:
        """Number the children of each parent in a narrow subquery (ids only, so the sort
        carries little), then fetch the full rows of just the page's children."""
        order = self.order(args)
        numbered = select(
            self.target.pk.label("child_id"),
            self.parent_column.label("parent_key"),
            func.row_number().over(partition_by=self.parent_column, order_by=order)
            .label("position"),
            func.count().over(partition_by=self.parent_column).label("total"),
        ).select_from(self.target.model)  # fmt: skip
        if self.link is not None:
            numbered = numbered.join(self.link, self.link_target_column == self.target.pk)
        numbered = numbered.where(
            planner.id_in(self.parent_column, ids), *self.target.conditions(planner.viewer),
            *self.filters(args),
        ).subquery()  # fmt: skip
        parent, position, total = (
            numbered.c["parent_key"],
            numbered.c["position"],
            numbered.c["total"],
        )
        outer = self.target.select(parent, position, total, layout=layout).join(
            numbered, numbered.c["child_id"] == self.target.pk
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

    def __init__(self, loader: Callable, default: Callable[[], Any]) -> None:
        self.loader = loader
        self.default = default

    async def load(self, planner: Planner, parents: list, key: str, nodes: list[FieldNode]) -> None:
        attribute = _attribute(nodes[0].name.value)
        values = await self.loader(planner, {parent._pk for parent in parents})
        for parent in parents:
            parent.__dict__[attribute] = values.get(parent._pk, self.default())


RELATIONS: dict[tuple[str, str], Relation] = {}


def relation(type_name: str, field: str, implementation: Relation) -> None:
    RELATIONS[(type_name, field)] = implementation


def _attribute(field_name: str) -> str:
    return _CAMEL.sub("_", field_name).lower()


async def prefetch(
    planner: Planner, type_name: str, objects: list, selection_sets: list[SelectionSetNode | None]
) -> None:
    """Load every relation selected on these objects (all of one type), level by level."""
    if not objects:
        return
    fields = planner.collect(type_name, selection_sets)
    to_one: dict[str, list[FieldNode]] = {}
    for key, nodes in fields.items():
        implementation = RELATIONS.get((type_name, nodes[0].name.value))
        if implementation is None:
            continue
        if isinstance(implementation, ToMany):
            await implementation.load(planner, objects, key, nodes)
        else:  # plain attributes: every alias of the field shares one value
            to_one.setdefault(nodes[0].name.value, []).extend(nodes)
    for field, nodes in to_one.items():
        await RELATIONS[(type_name, field)].load(planner, objects, field, nodes)
