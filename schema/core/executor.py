"""A faster execution context: completes subtrees of plain attribute fields directly.

Below the root, the planner has already put every value on the objects, so most fields are
plain attributes: no resolver, no arguments. graphql-core's stock path still builds an info
object, a path and a resolver call for each of them, which dominates the time of a large
report. This subclass reads such fields with `getattr` and completes their values in a tight
loop; anything unusual (a field with a resolver or arguments, a directive, an abstract type, a
null where the schema forbids one, a value a scalar rejects, an awaitable) goes back to the
stock path, which then produces exactly the stock result or error. The suite runs its queries
through both executors and requires byte-identical responses.
"""

from __future__ import annotations

from collections.abc import Awaitable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TypeAlias

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from server import statement_batch

if TYPE_CHECKING:
    from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
    from graphql.type.definition import GraphQLLeafType

    # response name, field details, field definition, how, attribute, return type, non-null,
    # inner type, is leaf, pass-through type. The definition, attribute, return type and inner
    # type are only read when `how` is not _STOCK, where they are set; a tuple type cannot
    # say so, hence Any.
    _Plan: TypeAlias = tuple[
        str, FieldDetailsList, Any, int, Any, Any, bool, Any, bool, type | None
    ]
    # The parent type and field definition an item of a list belongs to.
    _Owner: TypeAlias = tuple[GraphQLObjectType, GraphQLField]

_SLOW = object()  # "hand this field back to the stock path"
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_INF = float("inf")


_PLAIN, _PREFETCHED, _STOCK = 0, 1, 2
# Leaf types whose values of these exact Python types pass through unchanged.
_PASS_THROUGH = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}


def _field_plan(
    parent_type: GraphQLObjectType,
    response_name: str,
    field_details_list: FieldDetailsList,
    field_def: GraphQLField | None,
) -> _Plan:
    """How to complete one field of a selection: read an attribute, read the planner's
    prefetched page, or leave it to the stock path."""
    node = field_details_list[0].node
    how: int = _STOCK
    attribute: str | None = None
    if field_def is not None and not node.directives:
        definition = field_def.extensions.get("strawberry-definition")
        resolver = getattr(definition, "base_resolver", None)
        if not field_def.args and getattr(field_def.resolve, "_is_default", False):
            if definition is not None:
                how, attribute = _PLAIN, definition.python_name
        elif resolver is not None and getattr(resolver.wrapped_func, "reads_prefetch", False):
            how = _PREFETCHED
    return_type = field_def.type if field_def is not None else None
    inner: GraphQLOutputType | None
    if isinstance(return_type, GraphQLNonNull):
        non_null, inner = True, return_type.of_type
    else:
        non_null, inner = False, return_type
    passes = _PASS_THROUGH.get(inner) if isinstance(inner, GraphQLScalarType) else None
    is_leaf = isinstance(inner, GraphQLScalarType | GraphQLEnumType)
    return (response_name, field_details_list, field_def, how, attribute, return_type, non_null,
            inner, is_leaf, passes)  # fmt: skip


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a fast path for plain attribute subtrees."""

    def _plans(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> list[_Plan]:
        """The field plans of a selection, made once per selection and request (graphql-core
        hands the same grouped field set for every item of a list)."""
        cache: dict[tuple[str, int], tuple[GroupedFieldSet, list[_Plan]]]
        cache = self.__dict__.setdefault("_field_plans", {})
        key = (parent_type.name, id(grouped_field_set))
        cached = cache.get(key)
        if cached is not None and cached[0] is grouped_field_set:
            return cached[1]
        get_field = self.schema.get_field
        plans = [
            _field_plan(
                parent_type, name, details, get_field(parent_type, details[0].node.name.value)
            )
            for name, details in grouped_field_set.items()
        ]
        cache[key] = (grouped_field_set, plans)
        return plans

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        for plan in self._plans(parent_type, grouped_field_set):
            (response_name, field_details_list, field_def, how, attribute, return_type,
             non_null, inner, is_leaf, passes) = plan  # fmt: skip
            result = _SLOW
            if how is not _STOCK:
                try:
                    if how is _PLAIN:
                        value = getattr(source_value, attribute)
                    else:
                        value = source_value._prefetch[response_name]
                except Exception:  # the stock path reports it
                    value = _SLOW
                if value is None:
                    result = _SLOW if non_null else None
                elif value is _SLOW:
                    pass
                elif is_leaf:
                    result = value if type(value) is passes else _leaf(inner, value)
                else:
                    field_path = Path(path, response_name, parent_type.name)
                    try:
                        result = self._complete(
                            return_type, field_details_list, field_path, value,
                            (parent_type, field_def),
                        )  # fmt: skip
                        if result is not _SLOW and is_awaitable(result):
                            result = self._guard(
                                result, return_type, field_details_list, field_path
                            )
                    except Exception as raw_error:
                        self.handle_field_error(
                            raw_error, return_type, field_details_list, field_path
                        )
                        result = None
            if result is _SLOW:
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is Undefined:
                    continue
            results[response_name] = result
            if is_awaitable(result):
                awaitable_fields.append(response_name)
        if not awaitable_fields:
            return results
        return self._await_fields(results, awaitable_fields)

    async def _guard(
        self,
        awaitable: Awaitable[Any],
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
    ) -> Any:
        """Errors of an awaited subtree are handled as the stock path handles a field's."""
        try:
            return await awaitable
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    async def _await_fields(self, results: dict[str, Any], names: list[str]) -> dict[str, Any]:
        batch = statement_batch.current()
        if batch is not None and not batch.stopped and len(names) > 1:
            # Reading on PostgreSQL outside a write: the fields' statements go out together.
            # Every field runs to its end; the first failure in order is raised.
            values = await batch.gather(*(results[name] for name in names))
            results.update(zip(names, values, strict=True))
            return results
        for index, name in enumerate(names):
            try:
                results[name] = await results[name]
            except Exception:
                # A non-null field failed and takes its parent with it. The stock path cancels
                # the siblings it started; ours have not started: settle them here, one at a
                # time on the request's session, so none is left "never awaited".
                for rest in names[index + 1 :]:
                    with suppress(Exception):
                        await results[rest]
                raise
        return results

    def _complete(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
        value: Any,
        field: _Owner,
    ) -> Any:
        """The completed value, or _SLOW when the stock path must decide. Every _SLOW answer
        comes before anything was executed, so the stock path can start afresh."""
        if isinstance(return_type, GraphQLNonNull):
            non_null, return_type = True, return_type.of_type
        else:
            non_null = False
        if value is None:
            return _SLOW if non_null else None
        if isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
            return _leaf(return_type, value)
        if isinstance(return_type, GraphQLList):
            return self._complete_list(return_type.of_type, field_details_list, path, value, field)
        if isinstance(return_type, GraphQLObjectType):
            # Strawberry's is_type_of never reads its info argument; building one here would
            # cost what this path saves.
            if return_type.is_type_of is not None and not return_type.is_type_of(
                value,
                None,  # type: ignore[arg-type]
            ):
                return _SLOW
            grouped, defer_usages, _ = self.collect_subfields(return_type, field_details_list)
            if defer_usages:
                return _SLOW
            return self.execute_fields(return_type, value, path, grouped, None)
        return _SLOW  # interfaces and unions: the stock path resolves the runtime type

    def _complete_list(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
        items: Any,
        field: _Owner,
    ) -> Any:
        if not isinstance(items, list | tuple):
            return _SLOW
        inner: GraphQLOutputType
        if isinstance(item_type, GraphQLNonNull):
            nullable_items, inner = False, item_type.of_type
        else:
            nullable_items, inner = True, item_type
        completed: list[Any] = []
        append = completed.append
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            for item in items:
                value = None if item is None else _leaf(inner, item)
                if value is _SLOW or (item is None and not nullable_items):
                    return _SLOW
                append(value)
            return completed
        awaitables = False
        for index, item in enumerate(items):
            item_path = Path(path, index, None)
            try:
                value = self._complete(item_type, field_details_list, item_path, item, field)
                if value is _SLOW:  # this item alone goes the stock way
                    parent_type, field_def = field
                    info = self.build_resolve_info(
                        field_def, [d.node for d in field_details_list], parent_type, path
                    )
                    value = self.complete_value(
                        item_type, field_details_list, info, item_path, item, None
                    )
            except Exception as raw_error:
                self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                value = None
            if self.is_awaitable(value):
                awaitables = True
                value = self._guard(value, item_type, field_details_list, item_path)
            append(value)
        if awaitables:
            return self._await_list(completed)
        return completed

    async def _await_list(self, values: list[Any]) -> list[Any]:
        return [await value if self.is_awaitable(value) else value for value in values]


def _leaf(return_type: GraphQLLeafType, value: Any) -> Any:
    """Pass exact built-in types through; let the scalar or enum coerce anything else."""
    kind = type(value)
    if return_type is GraphQLString or return_type is GraphQLID:
        if kind is str:
            return value
    elif return_type is GraphQLInt:
        if kind is int and _INT_MIN <= value <= _INT_MAX:
            return value
    elif return_type is GraphQLBoolean:
        if kind is bool:
            return value
    elif return_type is GraphQLFloat and kind is float and value == value and abs(value) != _INF:
        return value
    try:
        coerced = return_type.coerce_output_value(value)
    except Exception:
        return _SLOW
    if coerced is None or coerced is Undefined:
        return _SLOW
    return coerced
