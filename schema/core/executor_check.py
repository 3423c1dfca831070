"""Runs a page's document on both executors and requires the same answer, byte for byte.

A setting the suite turns on (`Settings.check_executors`; off in production, where it would
double the work): the faster executor is then proved equal to graphql-core's stock one on every
document the pages send, as the suite's API client does for its own queries. The root fields
are resolved once, on the fast executor (a mutation makes its change once; a page that a
background import updates reads one state), and the values they returned are completed by both
executors, where the two differ: everything below the root.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import orjson
from graphql import GraphQLOutputType, GraphQLResolveInfo, get_operation_ast, parse
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import get_object_definition

from schema.core.executor import FastExecutionContext

if TYPE_CHECKING:
    from graphql.execution.collect_fields import FieldDetailsList
    from strawberry import Schema
    from strawberry.types import ExecutionResult

    from schema.core.context import Context

# What each root field resolved to, by response name, while a document is checked.
_roots: ContextVar[dict[str | int, Any] | None] = ContextVar("steward_checked_roots", default=None)

# Which (document, operation) pairs went through the check in this process, and how often.
CHECKED: Counter[tuple[str, str]] = Counter()
# How many answers of each (document, operation) a process proves. The suite opens some pages
# hundreds of times; the hundredth check of the same document proves little the first ones did
# not, and every check doubles the page's work. The tour (tests/core/test_page_documents.py)
# starts the count afresh and proves every operation.
CHECKS_PER_OPERATION = 3


class ExecutorMismatch(AssertionError):
    """The two executors answered a document differently: a defect of the fast one."""


def _at_root(path: Path) -> dict[str | int, Any] | None:
    return _roots.get() if path.prev is None else None


class _Recording(FastExecutionContext):
    """The fast executor, remembering what each root field resolved to while a check runs."""

    async def complete_awaitable_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Context],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        roots = _at_root(path)
        if roots is not None:
            result = _remember(roots, path.key, result)
        return await super().complete_awaitable_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Context],
        path: Path,
        result: Any,
        position: Any,
    ) -> AwaitableOrValue[Any]:
        roots = _at_root(path)
        if roots is not None:
            roots[path.key] = result
        return super().complete_value(return_type, field_details_list, info, path, result, position)


class _Replaying(StrawberryGraphQLCoreExecutionContext):
    """The stock executor, completing the root values the fast run resolved rather than
    resolving them again: both executors complete the very same values, and a mutation's
    change is made once."""

    async def complete_awaitable_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Context],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        roots = _at_root(path)
        if roots is not None and path.key in roots:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # an async resolver that never started: nothing ran twice
            result = _replay(roots, path.key)
        return await super().complete_awaitable_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Context],
        path: Path,
        result: Any,
        position: Any,
    ) -> AwaitableOrValue[Any]:
        roots = _at_root(path)
        if roots is not None and path.key in roots:
            result = roots[path.key]
        return super().complete_value(return_type, field_details_list, info, path, result, position)


async def _remember(roots: dict[str | int, Any], key: str | int, awaitable: Awaitable[Any]) -> Any:
    try:
        value = await awaitable
    except Exception as error:
        roots[key] = error
        raise
    roots[key] = value
    return value


async def _replay(roots: dict[str | int, Any], key: str | int) -> Any:
    value = roots[key]
    if isinstance(value, Exception):
        raise value
    return value


@cache
def _stock_schema(build: Callable[..., Schema]) -> Schema:
    """The stock executor's schema, built once per process by `build(fast=False)`."""
    stock = build(fast=False)
    stock.execution_context_class = _Replaying
    return stock


@lru_cache(maxsize=512)
def _operation_name(source: str, operation_name: str | None) -> str:
    operation = get_operation_ast(parse(source), operation_name)
    if operation is None or operation.name is None:
        return operation_name or ""
    return operation.name.value


def _encoded(result: ExecutionResult) -> bytes:
    errors = [error.formatted for error in result.errors or []]
    return orjson.dumps({"data": result.data, "errors": errors})


class ExecutorCheck:
    """Installed on an app's (fast) schema; `execute` runs a document on both executors.
    `build` is the function that built it (`schema.build_schema`), called for the stock one."""

    def __init__(self, schema: Schema, build: Callable[..., Schema]) -> None:
        mutation = schema.mutation
        fields = get_object_definition(mutation, strict=True).fields if mutation else []
        if synchronous := [field.name for field in fields if not field.is_async]:
            # A synchronous resolver would run again on the stock executor: a second change.
            raise ValueError(f"mutation resolvers must be async to be checked: {synchronous}")
        schema.execution_context_class = _Recording
        self.fast = schema
        self.stock = _stock_schema(build)

    async def execute(
        self,
        name: str,
        source: str,
        *,
        variable_values: dict[str, Any] | None,
        context_value: Context,
        operation_name: str | None,
    ) -> ExecutionResult:
        arguments: dict[str, Any] = {
            "variable_values": variable_values,
            "context_value": context_value,
            "operation_name": operation_name,
        }
        operation = _operation_name(source, operation_name)
        if CHECKED[name, operation] >= CHECKS_PER_OPERATION:
            return await self.fast.execute(source, **arguments)
        token = _roots.set({})
        try:
            result = await self.fast.execute(source, **arguments)
            stock = await self.stock.execute(source, **arguments)
        finally:
            _roots.reset(token)
        fast_bytes, stock_bytes = _encoded(result), _encoded(stock)
        if fast_bytes != stock_bytes:
            raise ExecutorMismatch(
                f"the fast executor answered {name} {operation} differently from the stock "
                f"one:\nfast:  {fast_bytes[:2000]!r}\nstock: {stock_bytes[:2000]!r}"
            )
        CHECKED[name, operation] += 1
        return result
