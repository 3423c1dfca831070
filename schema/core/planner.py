"""Fetch by level, not by field: one set-based statement per relation the query selects.

A root resolver loads its objects, then `prefetch` walks the query's selection for their type.
For every relation selected it runs one statement for all parents at once (a window function
gives each parent its own page) and hangs the results on the parents; then it recurses into the
children. By the time the executor walks the tree, everything below the root is in memory, so
the number of statements depends on the query's shape, never on the rows it returns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
)
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
)
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Row,
    Select,
    SQLColumnExpression,
    any_,
    literal,
)
from strawberry.types import Info

from schema.core.sources import Layout, Source
from server import statement_batch

if TYPE_CHECKING:
    from graphql import GraphQLResolveInfo

    from schema.core.context import Context
    from schema.core.relations import Relation
    from server.domain.core.viewer import Viewer

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(value: Any) -> Any:
    """GraphQL argument dicts (camelCase keys) as the snake_case dicts the filters take."""
    if isinstance(value, dict):
        return {_CAMEL.sub("_", key).lower(): snake(item) for key, item in value.items()}
    if isinstance(value, list):
        return [snake(item) for item in value]
    return value


@dataclass
class Selections:
    """What a document selects, read the way graphql-core's executor reads it: fields by
    response key through fragments, @skip and @include, and arguments coerced against the
    schema. The planner and the document compiler (schema/core/compiler.py) share it."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: VariableValues

    def included(self, node: SelectionNode) -> bool:
        variables = self.variables
        skip = get_directive_values(GraphQLSkipDirective, node, variables)
        if skip and skip.get("if"):
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, variables)
        return not (include is not None and not include.get("if"))

    def applies(self, condition: str | None, type_name: str) -> bool:
        if condition is None or condition == type_name:
            return True
        schema = self.schema
        abstract = schema.get_type(condition)
        runtime = schema.get_type(type_name)
        if abstract is None or runtime is None or abstract is runtime:
            return abstract is runtime
        return (
            isinstance(runtime, GraphQLObjectType)
            and isinstance(abstract, GraphQLInterfaceType | GraphQLUnionType)
            and schema.is_sub_type(abstract, runtime)
        )

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
                    fragment = self.fragments.get(name)
                    if fragment is None or name in visited:
                        continue
                    visited.add(name)
                    if self.applies(fragment.type_condition.name.value, type_name):
                        walk(fragment.selection_set)

        for selection_set in selection_sets:
            walk(selection_set)
        return fields

    def arguments(self, type_name: str, node: FieldNode) -> dict[str, Any]:
        # Relations are registered on object types only.
        graphql_type = cast("GraphQLObjectType", self.schema.get_type(type_name))
        field_def = graphql_type.fields[node.name.value]
        arguments: dict[str, Any] = snake(get_argument_values(field_def, node, self.variables))
        return arguments

    def connection_parts(
        self, nodes: list[FieldNode], node_type: str
    ) -> tuple[list[SelectionSetNode | None], bool]:
        """From a connection field: the selection sets of its nodes, and whether totalCount
        is asked for."""
        selection_sets = [node.selection_set for node in nodes]
        fields = self.collect(f"{node_type}Connection", selection_sets)
        wants_total = any(node.name.value == "totalCount" for fs in fields.values() for node in fs)
        inner: list[SelectionSetNode | None] = []
        for field_nodes in fields.values():
            for node in field_nodes:
                if node.name.value == "nodes":
                    inner.append(node.selection_set)
                elif node.name.value == "edges":
                    edge_fields = self.collect(f"{node_type}Edge", [node.selection_set])
                    for edge_nodes in edge_fields.values():
                        inner += [n.selection_set for n in edge_nodes if n.name.value == "node"]
        return inner, wants_total


@dataclass
class Planner:
    """What the planner needs from the operation: the schema, fragments, variables, context."""

    info: Info[Context, Any]

    def __post_init__(self) -> None:
        # graphql-core's info: schema, fragments, variables
        self.raw: GraphQLResolveInfo[Context] = self.info._raw_info
        # Resolvers see the coerced variables as a plain dict; graphql-core's argument
        # coercion wants its container back.
        self.variables = VariableValues(
            sources={},
            # Strawberry's info carries the coerced dict where graphql-core's type says
            # VariableValues (see StrawberryGraphQLCoreExecutionContext.build_resolve_info).
            coerced=self.raw.variable_values or {},  # type: ignore[arg-type]
        )
        self.selections = Selections(self.raw.schema, self.raw.fragments, self.variables)

    @property
    def field_nodes(self) -> list[FieldNode]:
        return self.raw.field_nodes

    @property
    def context(self) -> Context:
        return self.info.context

    @property
    def viewer(self) -> Viewer | None:
        return self.info.context.viewer

    @property
    def dialect(self) -> str:
        bind = self.info.context.session.bind
        assert bind is not None  # the request's session is bound to the app's engine
        return bind.dialect.name

    def id_in(self, column: SQLColumnExpression[Any], ids: Collection[int]) -> ColumnElement[bool]:
        """`column IN ids`: one array parameter on PostgreSQL instead of one per id, which
        keeps large levels cheap to send; an expanding IN elsewhere."""
        if self.dialect == "postgresql":
            return column == any_(literal(sorted(ids), ARRAY(Integer)))
        return column.in_(ids)

    async def rows(self, statement: Select[*tuple[Any, ...]]) -> Sequence[Row[*tuple[Any, ...]]]:
        return (await self.info.context.session.execute(statement)).all()

    def collect(
        self, type_name: str, selection_sets: Iterable[SelectionSetNode | None]
    ) -> dict[str, list[FieldNode]]:
        return self.selections.collect(type_name, selection_sets)

    def arguments(self, type_name: str, node: FieldNode) -> dict[str, Any]:
        return self.selections.arguments(type_name, node)

    def connection_parts(
        self, nodes: list[FieldNode], node_type: str
    ) -> tuple[list[SelectionSetNode | None], bool]:
        return self.selections.connection_parts(nodes, node_type)

    def layout(self, source: Source, selection_sets: Iterable[SelectionSetNode | None]) -> Layout:
        """The columns to load for objects of this source: those the selection asks for."""
        fields = self.collect(source.type_name, selection_sets)
        return source.layout(
            frozenset(attribute_name(nodes[0].name.value) for nodes in fields.values())
        )


# Every relation of the API by (type name, field name); `build_schema` installs the areas'.
RELATIONS: dict[tuple[str, str], Relation] = {}


def install(relations: Mapping[tuple[str, str], Relation]) -> None:
    """Register relations with the planner; a field has one relation, whoever registers it."""
    for key, implementation in relations.items():
        if RELATIONS.setdefault(key, implementation) is not implementation:
            raise ValueError(f"{key[0]}.{key[1]} has two relations")


def attribute_name(field_name: str) -> str:
    """The Python attribute behind a GraphQL field name: `latestStatusUpdate` ->
    `latest_status_update`."""
    return _CAMEL.sub("_", field_name).lower()


# Which relations `prefetch` loads on the objects it is given: all of them, those that need
# only the objects' ids (loadable before their rows are in), or those that read the rows.
ALL, BY_ID, BY_ROW = "all", "by id", "by row"


async def prefetch(
    planner: Planner,
    type_name: str,
    objects: list[Any],
    selection_sets: list[SelectionSetNode | None],
    part: str = ALL,
) -> None:
    """Load every relation selected on these objects (all of one type), level by level."""
    if not objects:
        return
    fields = planner.collect(type_name, selection_sets)
    loads = []
    to_one: dict[str, list[FieldNode]] = {}
    for key, nodes in fields.items():
        implementation = RELATIONS.get((type_name, nodes[0].name.value))
        if implementation is None:
            continue
        if part != ALL and implementation.reads_rows != (part == BY_ROW):
            continue
        if implementation.keyed:  # a page per response key: aliases may ask different pages
            loads.append(implementation.load(planner, objects, key, nodes))
        else:  # plain attributes: every alias of the field shares one value
            to_one.setdefault(nodes[0].name.value, []).extend(nodes)
    for field, nodes in to_one.items():
        loads.append(RELATIONS[(type_name, field)].load(planner, objects, field, nodes))
    # Each relation sets attributes of its own on the parents: they load side by side, and on
    # PostgreSQL the statements of a level (and the levels below) go out together.
    await statement_batch.gather(*loads)
