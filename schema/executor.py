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

from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_SLOW = object()  # "hand this field back to the stock path"
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_INF = float("inf")


def _plain_attribute(field_def) -> str | None:
    """The Python attribute behind a field without resolver or arguments, else None."""
    if field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    definition = field_def.extensions.get("strawberry-definition")
    return definition.python_name if definition is not None else None


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a fast path for plain attribute subtrees."""

    _attributes: dict[tuple[str, str], str | None] = {}

    def _attribute(self, parent_type: GraphQLObjectType, name: str, field_def) -> str | None:
        key = (parent_type.name, name)
        try:
            return self._attributes[key]
        except KeyError:
            attribute = self._attributes[key] = _plain_attribute(field_def)
            return attribute

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        get_field = self.schema.get_field
        for response_name, field_details_list in grouped_field_set.items():
            node = field_details_list[0].node
            name = node.name.value
            field_def = get_field(parent_type, name)
            attribute = (
                None
                if field_def is None or node.arguments or node.directives
                else self._attribute(parent_type, name, field_def)
            )
            result = _SLOW
            if attribute is not None:
                try:
                    value = getattr(source_value, attribute)
                except Exception:  # the stock path reports it
                    value = _SLOW
                if value is not _SLOW:
                    field_path = Path(path, response_name, parent_type.name)
                    try:
                        result = self._complete(
                            field_def.type,
                            field_details_list,
                            field_path,
                            value,
                            (parent_type, field_def),
                        )
                        if result is not _SLOW and is_awaitable(result):
                            result = self._guard(
                                result, field_def.type, field_details_list, field_path
                            )
                    except Exception as raw_error:
                        self.handle_field_error(
                            raw_error, field_def.type, field_details_list, field_path
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

    async def _guard(self, awaitable, return_type, field_details_list, path: Path) -> Any:
        """Errors of an awaited subtree are handled as the stock path handles a field's."""
        try:
            return await awaitable
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    async def _await_fields(self, results: dict[str, Any], names: list[str]) -> dict[str, Any]:
        for name in names:
            results[name] = await results[name]
        return results

    def _complete(self, return_type, field_details_list, path: Path, value: Any, field) -> Any:
        """The completed value, or _SLOW when the stock path must decide. Every _SLOW answer
        comes before anything was executed, so the stock path can start afresh."""
        non_null = isinstance(return_type, GraphQLNonNull)
        if non_null:
            return_type = return_type.of_type
        if value is None:
            return _SLOW if non_null else None
        if isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
            return _leaf(return_type, value)
        if isinstance(return_type, GraphQLList):
            return self._complete_list(return_type.of_type, field_details_list, path, value, field)
        if isinstance(return_type, GraphQLObjectType):
            if return_type.is_type_of is not None and not return_type.is_type_of(value, None):
                return _SLOW
            grouped, defer_usages, _ = self.collect_subfields(return_type, field_details_list)
            if defer_usages:
                return _SLOW
            return self.execute_fields(return_type, value, path, grouped, None)
        return _SLOW  # interfaces and unions: the stock path resolves the runtime type

    def _complete_list(self, item_type, field_details_list, path: Path, items, field) -> Any:
        if not isinstance(items, list | tuple):
            return _SLOW
        nullable_items = not isinstance(item_type, GraphQLNonNull)
        inner = item_type if nullable_items else item_type.of_type
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


def _leaf(return_type, value: Any) -> Any:
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
