"""A read document as one SQL statement whose answer PostgreSQL writes as JSON.

The planner (schema/core/planner.py) loads a document level by level, one statement per
relation, and the executor completes Python objects. For a document sent again and again (a
reporting tool's report, a page), most of that time goes on round trips and on building the
same statements anew. Here the selection becomes one SELECT, built from the same sources,
relations, root lists, filters and visibility rules the planner uses:

- the answer is JSON text, compact as orjson writes it, so the door sends it on as it comes;
- an object is its fields' texts concatenated in selection order, over one row source (a
  derived table `sN` whose columns are `c0`, `c1` …; `c0` is always the id);
- a to-one is a scalar subquery below its parent; the newest row (`latest`) one LIMIT 1 probe;
- a connection is one aggregate (`string_agg`) over its page: the children of one parent in
  order, numbered, cut at the page's end (ORDER BY … LIMIT per parent, never a window over
  every child), with `totalCount` and `pageInfo` computed only when selected;
- values are written as the API writes them: global ids, enum names, Decimal strings, ISO
  timestamps with their offset, floats that stay floats.

Paging values and node ids are bound parameters (`Compiled.parameters`), so one statement
serves every page and every id. What the compiler does not know (a value computed in Python,
an interface or union below the root, a list of scalars …) raises `NotCompilable`, and the
document runs the planner's way. Where the stock executor would report an error (a null where
the schema forbids one, an enum value it does not know, a float JSON cannot hold), the
statement writes `MARK`; an answer holding it is thrown away and the document runs the stock
way, which reports what it always has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    VariableNode,
    value_from_ast,
)
from graphql.execution.values import VariableValues, get_argument_values
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    LargeBinary,
    Select,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal_column,
    not_,
    null,
    or_,
    select,
    true,
)
from sqlalchemy import Enum as SQLEnum
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import asc_op, desc_op

from schema.core.ids import from_global_id
from schema.core.pagination import Window
from schema.core.planner import RELATIONS, Selections
from schema.core.relations import Latest, ToMany, ToOne
from schema.core.roots import GROUPED_LISTS, ROOT_LISTS
from schema.core.sources import SOURCES, Source
from server.db import for_the_driver
from server.domain.core.viewer import Viewer

# What an answer holds where the stock executor would report an error: a JSON string of the
# six characters \u0000 (a text value holding them is escaped to \\u0000, which holds them
# too: such an answer also goes the stock way, and is still right).
MARK = "\\u0000"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _text_literal(text: str) -> ColumnElement[str]:
    """An SQL string literal of text without quotes or percent signs (JSON's punctuation,
    names, the mark)."""
    if "'" in text or "%" in text:
        raise NotCompilable(f"{text!r} as a literal")
    return literal_column(f"'{text}'", Text)


# JSON text: the statement writes the answer's JSON as text, compact as orjson writes it, so
# the door sends it on as it comes.
_MARK_VALUE = _text_literal('"\\u0000"')  # a JSON string of the mark
_MARK_TEXT = _text_literal("\\u0000")  # the mark inside a string being written
_NULL = _text_literal("null")
_TRUE, _FALSE = _text_literal("true"), _text_literal("false")
_EMPTY_LIST = _text_literal("[]")
_QUOTE = _text_literal('"')


class NotCompilable(Exception):
    """The document holds something only the planner and the executor answer."""


class ShapeChanged(Exception):
    """The arguments of this request need another statement than the one compiled."""


def _json_object(pairs: Sequence[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
    """`{"key":value,...}` from JSON texts (never null) by response key."""
    if not pairs:
        return _text_literal("{}")
    text: ColumnElement[Any] | None = None
    for index, (key, value) in enumerate(pairs):
        if not _NAME.match(key):
            raise NotCompilable(f"{key!r} is not a plain name")
        opening = _text_literal(("{" if index == 0 else ",") + f'"{key}":')
        text = opening.concat(value) if text is None else text.concat(opening).concat(value)
    assert text is not None
    return text.concat(_text_literal("}"))


def _json_string(value: ColumnElement[Any], absent: ColumnElement[Any]) -> ColumnElement[Any]:
    """Text as a JSON string, escaped as orjson escapes it (PostgreSQL's to_json does the
    same: quotes, backslashes, control characters)."""
    return func.coalesce(cast(func.to_json(value), Text), absent)


def _plain_string(value: ColumnElement[Any], absent: ColumnElement[Any]) -> ColumnElement[Any]:
    """Text with nothing to escape (ids, enum names, dates, numbers) as a JSON string."""
    return func.coalesce(_QUOTE.concat(value).concat(_QUOTE), absent)


def _json_list(value: ColumnElement[Any], ordered: Any, keep: Any) -> ColumnElement[Any]:
    """`[value,...]` over the rows `keep` keeps, in order; `[]` over none."""
    items: ColumnElement[Any] = func.string_agg(
        value, aggregate_order_by(_text_literal(","), ordered)
    )
    if keep is not None:
        items = items.filter(keep)
    return func.coalesce(_text_literal("[").concat(items).concat(_text_literal("]")), _EMPTY_LIST)


def _boolean(value: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((value, _TRUE), else_=_FALSE)


def _quoted(name: str) -> ColumnElement[Any]:
    """A GraphQL name (or an enum's stored value) as an SQL string literal."""
    if not _NAME.match(name):
        raise NotCompilable(f"{name!r} is not a plain name")
    return literal_column(f"'{name}'")


def _base64_of(prefix: str, number: ColumnElement[Any]) -> ColumnElement[Any]:
    """`prefix` and a number as schema/core/ids.py and pagination.encode_cursor write them:
    url-safe base64 without padding."""
    # A type name, a colon and digits: ASCII without backslashes, so the text is its bytes,
    # and base64 of fewer than 57 bytes is one line.
    text = _quoted(prefix).concat(literal_column("':'")).concat(cast(number, Text))
    encoded = func.encode(cast(text, LargeBinary), _quoted("base64"))
    return func.translate(encoded, literal_column("'+/='"), literal_column("'-_'"))


def _unwrap(graphql_type: GraphQLOutputType) -> tuple[GraphQLOutputType, bool]:
    if isinstance(graphql_type, GraphQLNonNull):
        return graphql_type.of_type, True
    return graphql_type, False


def _item_type(graphql_type: GraphQLOutputType) -> GraphQLOutputType:
    """What a field's value is, or holds, with lists and non-null wrappers taken off."""
    while isinstance(graphql_type, GraphQLNonNull | GraphQLList):
        graphql_type = graphql_type.of_type
    return graphql_type


def _absent(required: bool) -> ColumnElement[Any]:
    """What a missing value is written as: null, or the mark where the schema forbids null."""
    return _MARK_VALUE if required else _NULL


def _reversed(order: Sequence[Any]) -> list[Any] | None:
    """The opposite order, when each term is a plain ascending or descending column."""
    flipped = []
    for term in order:
        if isinstance(term, UnaryExpression) and term.modifier in (asc_op, desc_op):
            if term.element is None:
                return None
            column = term.element
            flipped.append(column.asc() if term.modifier is desc_op else column.desc())
        elif isinstance(term, UnaryExpression):
            return None  # NULLS FIRST / LAST: not mirrored by flipping the direction
        else:
            flipped.append(term.desc())
    return flipped


class _Rows:
    """The columns one row source reads, named c0, c1 … and read back through its alias."""

    def __init__(self, alias: str, source: Source) -> None:
        self.alias = alias
        self.source = source
        self._columns: list[ColumnElement[Any]] = []
        self._names: dict[int, str] = {}
        self.name(source.pk)  # c0

    def name(self, column: Any) -> str:
        """`alias.cN` for a column of the source (added on first use)."""
        known = self._names.get(id(column))
        if known is None:
            known = self._names[id(column)] = f"{self.alias}.c{len(self._columns)}"
            self._columns.append(column)
        return known

    def ref(self, column: Any) -> ColumnElement[Any]:
        return literal_column(self.name(column))

    def columns(self) -> list[ColumnElement[Any]]:
        return [column.label(f"c{index}") for index, column in enumerate(self._columns)]


@dataclass
class _Page:
    """One connection's paging, as parameters of the statement.

    Shapes: `forward` (first, with after or before; or last with before): the rows numbered
    (s, e], fetched up to `lim` (one beyond the page tells whether more follow); `from_end`
    (last without before): every row, numbered and counted, the page the last ones after s;
    `tail` (last alone, only the rows selected): the newest rows in reverse order, LIMIT last.
    """

    prefix: str
    field_def: GraphQLField
    node: FieldNode
    shape: str
    root: bool

    def parameter(self, name: str) -> ColumnElement[Any]:
        return bindparam(f"{self.prefix}_{name}", type_=Integer, value=None, required=False)

    def __post_init__(self) -> None:
        self.arguments = _Arguments(self.field_def, self.node, ("first", "after", "last", "before"))

    def values(self, variables: VariableValues) -> dict[str, int]:
        # A value Window refuses raises GraphQLError: the stock path reports it.
        window = Window.from_args(self.arguments.read(variables))
        shape, values = page_values(window, self.root)
        if shape != self.shape and not (self.shape == "tail" and shape == "from_end"):
            raise ShapeChanged
        if self.shape == "tail" and window.after is not None:
            raise ShapeChanged
        return {f"{self.prefix}_{name}": value for name, value in values.items()}


def page_values(window: Window, root: bool) -> tuple[str, dict[str, int]]:
    """The shape of a page and its parameters, as `Window.bounds` and `make_connection` cut
    it (see _Page). A root list looks one row beyond the page's end even when `before` ends it
    (schema/core/roots.py fetches by OFFSET and LIMIT); a nested one stops at `before`
    (relations.ToMany)."""
    if window.first is not None and window.last is not None:
        raise NotCompilable("first and last together")
    start = window.after + 1 if window.after is not None else 0
    if window.last is None:
        assert window.first is not None  # Window.from_args defaults it
        end = start + window.first
        limit = start + window.first + 1
        if window.before is not None:
            end, limit = min(end, window.before), min(limit, window.before)
        end = max(end, start)
        return "forward", {"s": start, "e": end, "lim": end + 1 if root else limit}
    if window.before is not None:
        start = max(start, window.before - window.last)
        end = max(window.before, start)
        return "forward", {"s": start, "e": end, "lim": end + 1 if root else window.before}
    return "from_end", {"s": start, "last": window.last}


@dataclass
class _NodeId:
    """The id argument of a root `node` field: its type is part of the statement, its
    database id a parameter."""

    parameter: str
    field_def: GraphQLField
    node: FieldNode
    type_name: str | None

    def __post_init__(self) -> None:
        self.arguments = _Arguments(self.field_def, self.node, ("id",))

    def values(self, variables: VariableValues) -> dict[str, int]:
        decoded = _decode(self.arguments.read(variables).get("id"))
        if (decoded[0] if decoded else None) != self.type_name:
            raise ShapeChanged
        return {self.parameter: decoded[1]} if decoded else {}


class _Arguments:
    """Reads a few arguments of one field for each request's variables: literals are coerced
    once, variables looked up (graphql-core coerced them already), absent ones defaulted."""

    def __init__(self, field_def: GraphQLField, node: FieldNode, names: Sequence[str]) -> None:
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        self.literals: dict[str, Any] = {}
        self.variables: dict[str, str] = {}
        self.defaults: dict[str, Any] = {}
        for name in names:
            definition = field_def.args.get(name)
            if definition is None:
                raise NotCompilable(f"no argument {name}")
            default = definition.default_value
            self.defaults[name] = None if default is Undefined else default
            value = given.get(name)
            if isinstance(value, VariableNode):
                self.variables[name] = value.name.value
            elif value is not None:
                coerced = value_from_ast(value, definition.type)
                if coerced is Undefined:
                    raise NotCompilable(f"the literal {name}")
                self.literals[name] = coerced
            else:
                self.literals[name] = self.defaults[name]

    def read(self, variables: VariableValues) -> dict[str, Any]:
        values = dict(self.literals)
        coerced = variables.coerced
        for name, variable in self.variables.items():
            values[name] = coerced[variable] if variable in coerced else self.defaults[name]
        return values


def _decode(global_id: Any) -> tuple[str, int] | None:
    decoded = from_global_id(global_id) if isinstance(global_id, str) else None
    if decoded is None or decoded[0] not in SOURCES:
        return None
    return decoded


@dataclass
class Compiled:
    """A document's statement for one shape of its arguments and one kind of viewer."""

    sql: str
    constants: dict[str, Any]
    pages: list[_Page] = field(default_factory=list)
    node_ids: list[_NodeId] = field(default_factory=list)

    def parameters(self, variables: VariableValues) -> dict[str, Any]:
        """The statement's parameters for these variables; GraphQLError or ShapeChanged when
        the request must go the stock way."""
        values = dict(self.constants)
        for page in self.pages:
            values.update(page.values(variables))
        for node_id in self.node_ids:
            values.update(node_id.values(variables))
        return values


@dataclass
class _Groups:
    """The rows of a grouped root list, read as a source is (see roots.GroupedList)."""

    type_name: str
    pk: Any
    fields: dict[str, Any]
    foreign_keys: dict[str, Any]
    builder: None = None
    visibility_per_person: bool = False

    def conditions(self, viewer: Viewer) -> list[Any]:
        return []


class _ViewerOnly:
    """What relations' helpers read from a planner when they build conditions: the viewer."""

    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer


class Compiler:
    """Compiles one operation for one viewer and one set of variables (see the module)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues,
        viewer: Viewer,
    ) -> None:
        self.schema = schema
        self.selections = Selections(schema, fragments, variables)
        self.variables = variables
        self.viewer = viewer
        self.shim = _ViewerOnly(viewer)
        self.aliases = 0
        self.pages: list[_Page] = []
        self.node_ids: list[_NodeId] = []

    def alias(self) -> str:
        self.aliases += 1
        return f"s{self.aliases}"

    # -- the document -------------------------------------------------------------------------

    def compile(self, operation: OperationDefinitionNode) -> Compiled:
        if operation.operation.value != "query":
            raise NotCompilable("only queries are compiled")
        query_type = self.schema.query_type
        assert query_type is not None
        pairs: list[tuple[str, ColumnElement[Any]]] = []
        for key, nodes in self.selections.collect(
            query_type.name, [operation.selection_set]
        ).items():
            name = nodes[0].name.value
            field_def = query_type.fields.get(name)
            if name == "__typename":
                pairs.append((key, self._text(query_type.name)))
            elif field_def is None:
                raise NotCompilable(f"Query.{name}")
            elif name == "node":
                pairs.append((key, self._node(field_def, nodes)))
            elif name in ROOT_LISTS:
                pairs.append((key, self._root_list(query_type, field_def, nodes)))
            elif name in GROUPED_LISTS:
                pairs.append((key, self._grouped_list(query_type, field_def, nodes)))
            else:
                raise NotCompilable(f"Query.{name}")
        # Paging values and node ids (q_…) are filled per request; the rest is bound now.
        sql, constants = for_the_driver(
            select(_json_object(pairs)), lambda name: name.startswith("q_")
        )
        return Compiled(sql=sql, constants=constants, pages=self.pages, node_ids=self.node_ids)

    def _node(self, field_def: GraphQLField, nodes: list[FieldNode]) -> ColumnElement[Any]:
        decoded = _decode(get_argument_values(field_def, nodes[0], self.variables).get("id"))
        node_id = _NodeId(f"q_n{len(self.node_ids) + 1}", field_def, nodes[0], None)
        self.node_ids.append(node_id)
        if decoded is None:
            return null()
        node_id.type_name = decoded[0]
        source = SOURCES[decoded[0]]
        runtime = self.schema.get_type(source.type_name)
        if not isinstance(runtime, GraphQLObjectType):
            raise NotCompilable(f"{source.type_name} is not an object type")
        rows = _Rows(self.alias(), source)
        sets = [node.selection_set for node in nodes]
        obj = self._object(runtime, source, rows, sets)
        pk = bindparam(node_id.parameter, type_=Integer, value=None, required=False)
        inner = select(*rows.columns()).where(source.pk == pk, *source.conditions(self.viewer))
        return select(obj).select_from(inner.subquery(rows.alias)).scalar_subquery()

    def _root_list(
        self, query_type: GraphQLObjectType, field_def: GraphQLField, nodes: list[FieldNode]
    ) -> ColumnElement[Any]:
        args = self.selections.arguments(query_type.name, nodes[0])
        source, conditions, order = ROOT_LISTS[nodes[0].name.value](args)
        where = [*source.conditions(self.viewer), *conditions]

        def rows_of(*columns: Any) -> Select[Any]:
            return select(*columns).select_from(source.model).where(*where)

        return self._connection(field_def, nodes, args, source, rows_of, list(order), root=True)

    def _grouped_list(
        self, query_type: GraphQLObjectType, field_def: GraphQLField, nodes: list[FieldNode]
    ) -> ColumnElement[Any]:
        grouped = GROUPED_LISTS[nodes[0].name.value]
        args = self.selections.arguments(query_type.name, nodes[0])
        statement, group_by = grouped.statement(self.viewer, args)
        item_type = _item_type(field_def.type)
        if not isinstance(item_type, GraphQLObjectType):
            raise NotCompilable(f"{item_type} is not an object type")
        groups = statement.subquery(self.alias())
        source = _Groups(
            item_type.name,
            groups.c["count"],
            grouped.fields(groups, group_by),
            grouped.foreign_keys(groups, group_by),
        )
        rows = _Rows(self.alias(), source)  # type: ignore[arg-type]
        obj = self._object(item_type, source, rows, [n.selection_set for n in nodes])  # type: ignore[arg-type]
        keys = [groups.c[name] for name in group_by]
        inner = select(*rows.columns(), func.row_number().over(order_by=keys).label("pos"))
        position: ColumnElement[Any] = literal_column(f"{rows.alias}.pos")
        return (
            select(_json_list(obj, position, None))
            .select_from(inner.select_from(groups).subquery(rows.alias))
            .having(true())
            .scalar_subquery()
        )

    # -- objects and their fields -------------------------------------------------------------

    def _object(
        self,
        graphql_type: GraphQLObjectType,
        source: Source,
        rows: _Rows,
        sets: Sequence[SelectionSetNode | None],
    ) -> ColumnElement[Any]:
        if source.builder is not None or source.visibility_per_person:
            raise NotCompilable(f"{source.type_name} is built in Python or per person")
        pairs = []
        for key, nodes in self.selections.collect(graphql_type.name, sets).items():
            pairs.append((key, self._field(graphql_type, source, rows, nodes)))
        return _json_object(pairs)

    def _field(
        self,
        graphql_type: GraphQLObjectType,
        source: Source,
        rows: _Rows,
        nodes: list[FieldNode],
    ) -> ColumnElement[Any]:
        name = nodes[0].name.value
        if name == "__typename":
            return self._text(graphql_type.name)
        field_def = graphql_type.fields.get(name)
        if field_def is None:
            raise NotCompilable(f"{graphql_type.name}.{name}")
        relation = RELATIONS.get((source.type_name, name))
        if relation is not None:
            return self._relation(graphql_type, field_def, relation, rows, nodes)
        definition = field_def.extensions.get("strawberry-definition")
        if (
            definition is None
            or field_def.args
            or not getattr(field_def.resolve, "_is_default", False)
        ):
            raise NotCompilable(f"{graphql_type.name}.{name} is resolved in Python")
        return_type, required = _unwrap(field_def.type)
        if definition.python_name == "id" and return_type.__class__ is GraphQLScalarType:
            return _plain_string(_base64_of(source.type_name, rows.ref(source.pk)), _NULL)
        column = source.fields.get(definition.python_name)
        if column is None:
            raise NotCompilable(f"{graphql_type.name}.{name} has no column")
        return self._leaf(return_type, column, rows, _absent(required and _nullable(column)))

    def _leaf(
        self,
        graphql_type: GraphQLOutputType,
        column: Any,
        rows: _Rows,
        absent: ColumnElement[Any],
    ) -> ColumnElement[Any]:
        """A column's value as JSON text, written as the scalar or enum serialises it;
        `absent` where it is null."""
        python_type = _python_type(column)
        value = rows.ref(column)
        if isinstance(graphql_type, GraphQLEnumType):
            return _plain_string(self._enum(graphql_type, column, value), absent)
        if not isinstance(graphql_type, GraphQLScalarType):
            raise NotCompilable(f"{graphql_type} is not a scalar")
        name = graphql_type.name
        if name in ("String", "ID") and python_type is str:
            return _json_string(value, absent)
        if name == "Int" and python_type is int:
            return func.coalesce(cast(value, Text), absent)
        if name == "Boolean" and python_type is bool:
            return case((value, _TRUE), (not_(value), _FALSE), else_=absent)
        if name == "Float":
            return func.coalesce(_float(value), absent)
        if name == "DateTime":
            # As datetime.isoformat: microseconds only when there are any, then the offset
            # (sessions run in UTC, server/db.py).
            instant = func.timezone(literal_column("'UTC'"), value)
            text = func.to_char(instant, literal_column('\'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\''))
            text = func.replace(text, literal_column("'.000000+'"), literal_column("'+'"))
            return _plain_string(text, absent)
        if name == "Date":
            return _plain_string(func.to_char(value, literal_column("'YYYY-MM-DD'")), absent)
        if name == "Decimal":
            return _plain_string(cast(value, Text), absent)
        raise NotCompilable(f"the scalar {name}")

    def _enum(
        self, graphql_type: GraphQLEnumType, column: Any, value: ColumnElement[Any]
    ) -> ColumnElement[Any]:
        """The stored value as the enum's GraphQL name; a value the enum does not know is the
        mark. Where every name is its value in capitals and the column holds only the enum's
        values (its CHECK constraint), upper() says it."""
        names: dict[str, str] = {}
        for name, definition in graphql_type.values.items():
            stored = (
                definition.value.value if isinstance(definition.value, Enum) else definition.value
            )
            if not isinstance(stored, str):
                raise NotCompilable(f"{graphql_type.name} stores {stored!r}")
            names[stored] = name
        allowed = getattr(column.type, "enums", None)
        text = cast(value, Text)
        if (
            allowed is not None
            and set(allowed) <= set(names)
            and all(name == stored.upper() for stored, name in names.items())
        ):
            return func.upper(text)
        whens = [(text == _quoted(stored), _quoted(name)) for stored, name in names.items()]
        return case((value.is_(None), null()), *whens, else_=_MARK_TEXT)

    def _text(self, value: str) -> ColumnElement[Any]:
        """A name as a JSON string (__typename)."""
        if not _NAME.match(value):
            raise NotCompilable(f"{value!r} is not a plain name")
        return _text_literal(f'"{value}"')

    # -- relations --------------------------------------------------------------------------

    def _relation(
        self,
        graphql_type: GraphQLObjectType,
        field_def: GraphQLField,
        relation: Any,
        rows: _Rows,
        nodes: list[FieldNode],
    ) -> ColumnElement[Any]:
        sets = [node.selection_set for node in nodes]
        if isinstance(relation, ToMany):
            args = self.selections.arguments(graphql_type.name, nodes[0])
            parent = rows.ref(rows.source.pk)

            def rows_of(*columns: Any) -> Select[Any]:
                return relation._children(
                    self.shim,  # type: ignore[arg-type]
                    relation.parent_column == parent,
                    args,
                    *columns,
                )

            return self._connection(
                field_def, nodes, args, relation.target, rows_of, list(relation.order(args))
            )
        if type(relation) not in (ToOne, Latest):
            raise NotCompilable(f"{graphql_type.name}.{nodes[0].name.value} is computed")
        target: Source = relation.target
        object_type, required = _unwrap(field_def.type)
        if not isinstance(object_type, GraphQLObjectType):
            raise NotCompilable(f"{object_type} is not an object type")
        child = _Rows(self.alias(), target)
        obj = self._object(object_type, target, child, sets)
        conditions = target.conditions(self.viewer)
        if isinstance(relation, ToOne):
            key = rows.ref(self._foreign_key(relation, rows))
            inner = select(*child.columns()).where(target.pk == key, *conditions)
        else:
            inner = (
                select(*child.columns())
                .where(relation.parent_column == rows.ref(rows.source.pk), *conditions)
                .order_by(*relation.order)
                .limit(1)
            )
        value = select(obj).select_from(inner.subquery(child.alias)).scalar_subquery()
        return func.coalesce(value, _absent(required))

    def _foreign_key(self, relation: ToOne, rows: _Rows) -> Any:
        column = rows.source.foreign_keys.get(relation.fk)
        if column is None:
            raise NotCompilable(f"{rows.source.type_name} has no key {relation.fk}")
        return column

    # -- connections --------------------------------------------------------------------------

    def _connection(
        self,
        field_def: GraphQLField,
        nodes: list[FieldNode],
        args: dict[str, Any],
        target: Source,
        rows_of: Callable[..., Select[Any]],
        order: list[Any],
        root: bool = False,
    ) -> ColumnElement[Any]:
        connection_type, _ = _unwrap(field_def.type)
        if not isinstance(connection_type, GraphQLObjectType):
            raise NotCompilable(f"{connection_type} is not a connection")
        try:
            shape, _ = page_values(Window.from_args(args), root)
        except GraphQLError:
            raise ShapeChanged from None  # this request's values: the stock path reports them
        fields = self.selections.collect(connection_type.name, [n.selection_set for n in nodes])
        selected = {node.name.value for group in fields.values() for node in group}
        if shape == "from_end" and not args.get("after") and selected <= {"nodes", "__typename"}:
            shape = "tail"
        page = _Page(f"q_p{len(self.pages) + 1}", field_def, nodes[0], shape, root)
        if shape == "tail":
            flipped = _reversed(order)
            if flipped is None:
                shape = page.shape = "from_end"
            else:
                order = flipped
        self.pages.append(page)
        node_type = _item_type(connection_type.fields["nodes"].type)
        if not isinstance(node_type, GraphQLObjectType):
            raise NotCompilable(f"{node_type} is not an object type")
        rows = _Rows(self.alias(), target)
        position: ColumnElement[Any] = literal_column(f"{rows.alias}.pos")
        total_column: ColumnElement[Any] = literal_column(f"{rows.alias}.tot")
        if shape == "forward":
            in_page = and_(position > page.parameter("s"), position <= page.parameter("e"))
        elif shape == "from_end":
            in_page = position > func.greatest(
                page.parameter("s"), total_column - page.parameter("last")
            )
        else:
            in_page = true()
        ordered = position.desc() if shape == "tail" else position

        def agg(value: ColumnElement[Any]) -> ColumnElement[Any]:
            return _json_list(value, ordered, in_page)

        def cursor(number: ColumnElement[Any]) -> ColumnElement[Any]:
            return _base64_of("cursor", number - 1)

        def total() -> ColumnElement[Any]:
            if shape == "from_end":
                return func.coalesce(func.max(total_column), 0)
            return rows_of(func.count()).scalar_subquery()

        pairs: list[tuple[str, ColumnElement[Any]]] = []
        for key, group in fields.items():
            name = group[0].name.value
            sets = [node.selection_set for node in group]
            if name == "__typename":
                pairs.append((key, self._text(connection_type.name)))
            elif name == "nodes":
                pairs.append((key, agg(self._object(node_type, target, rows, sets))))
            elif name == "edges":
                edge_type = _item_type(connection_type.fields["edges"].type)
                assert isinstance(edge_type, GraphQLObjectType)
                edge_pairs: list[tuple[str, ColumnElement[Any]]] = []
                for edge_key, edge_group in self.selections.collect(edge_type.name, sets).items():
                    edge_field = edge_group[0].name.value
                    if edge_field == "__typename":
                        edge_pairs.append((edge_key, self._text(edge_type.name)))
                    elif edge_field == "node":
                        node_sets = [node.selection_set for node in edge_group]
                        edge_pairs.append(
                            (edge_key, self._object(node_type, target, rows, node_sets))
                        )
                    elif edge_field == "cursor" and shape != "tail":
                        edge_pairs.append((edge_key, _plain_string(cursor(position), _NULL)))
                    else:
                        raise NotCompilable(f"{edge_type.name}.{edge_field}")
                pairs.append((key, agg(_json_object(edge_pairs))))
            elif name == "totalCount" and shape != "tail":
                pairs.append((key, cast(total(), Text)))
            elif name == "pageInfo" and shape != "tail":
                pairs.append((key, self._page_info(connection_type, group, page, shape, in_page,
                                                   position, total, cursor)))  # fmt: skip
            else:
                raise NotCompilable(f"{connection_type.name}.{name}")
        numbered = func.row_number().over(order_by=order).label("pos")
        extra: list[Any] = [numbered]
        if shape == "from_end":
            extra.append(func.count().over().label("tot"))
        inner = rows_of(*rows.columns(), *extra).order_by(*order)
        if shape == "forward":
            inner = inner.limit(page.parameter("lim"))
        elif shape == "tail":
            inner = inner.limit(page.parameter("last"))
        # HAVING makes it an aggregate query: one row, even when the page has none (or the
        # selection aggregates nothing, as a lone totalCount).
        return (
            select(_json_object(pairs))
            .select_from(inner.subquery(rows.alias))
            .having(true())
            .scalar_subquery()
        )

    def _page_info(
        self,
        connection_type: GraphQLObjectType,
        group: list[FieldNode],
        page: _Page,
        shape: str,
        in_page: ColumnElement[bool],
        position: ColumnElement[Any],
        total: Callable[[], ColumnElement[Any]],
        cursor: Callable[[ColumnElement[Any]], ColumnElement[Any]],
    ) -> ColumnElement[Any]:
        info_type, _ = _unwrap(connection_type.fields["pageInfo"].type)
        assert isinstance(info_type, GraphQLObjectType)
        pairs: list[tuple[str, ColumnElement[Any]]] = []
        sets = [node.selection_set for node in group]
        for key, nodes in self.selections.collect(info_type.name, sets).items():
            name = nodes[0].name.value
            if name == "__typename":
                value = self._text(info_type.name)
            elif name == "hasNextPage":
                after_end = func.bool_or(position > page.parameter("e"))
                value = (
                    _boolean(func.coalesce(after_end, false())) if shape == "forward" else _FALSE
                )
            elif name == "hasPreviousPage":
                if shape == "forward":
                    start: ColumnElement[Any] = page.parameter("s")
                else:
                    start = func.greatest(page.parameter("s"), total() - page.parameter("last"))
                value = _boolean(start > 0)
            elif name == "startCursor":
                value = _plain_string(cursor(func.min(position).filter(in_page)), _NULL)
            elif name == "endCursor":
                value = _plain_string(cursor(func.max(position).filter(in_page)), _NULL)
            else:
                raise NotCompilable(f"{info_type.name}.{name}")
            pairs.append((key, value))
        return _json_object(pairs)


def _nullable(column: Any) -> bool:
    """Whether a column may hold NULL (an expression that is no plain column: yes)."""
    expression = getattr(column, "expression", column)
    return bool(getattr(expression, "nullable", True))


def _python_type(column: Any) -> type | None:
    """What a plain column holds, for the scalars written straight from it: text, a whole
    number, a truth value; None for anything else (an enum column holds members, not text)."""
    column_type = getattr(column, "type", None)
    if isinstance(column_type, SQLEnum):
        return None
    for kind, python_type in ((String, str), (Boolean, bool), (Integer, int)):
        if isinstance(column_type, kind):
            return python_type
    return None


def _float(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """A float as orjson writes it (null stays null): PostgreSQL writes 40 where orjson writes
    40.0, so a whole number gains ".0"; exponents are written differently (1e-05 and 1e-5), and
    NaN and the infinities are no JSON: those are the mark (the stock executor answers)."""
    text = cast(column, Text)
    whole = and_(column == func.trunc(column), func.abs(column) < literal_column("1e15"))
    odd = or_(
        func.strpos(text, _text_literal("e")) > 0,
        text.in_([_text_literal("NaN"), _text_literal("Infinity"), _text_literal("-Infinity")]),
    )
    return case((whole, text.concat(_text_literal(".0"))), (odd, _MARK_VALUE), else_=text)
