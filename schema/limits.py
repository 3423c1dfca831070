"""Limits that keep every query's cost linear and bounded, checked before execution.

- depth: fields nested more than MAX_DEPTH deep (introspection included);
- aliases: more than MAX_ALIASES aliases in the operation;
- page size: `first`/`last` above the cap (from literals or variables);
- cost: the estimated number of fields returned, multiplying each level by its page size
  (`first`/`last`, else the default page size) or by the number of `ids` asked for.

Each refusal names the limit and the value found. The checks walk the parsed document once,
after validation (so they can trust its shape), and never touch the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from schema.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

MAX_DEPTH = 20
MAX_ALIASES = 50
MAX_COST = 500_000
UNBOUNDED_LIST_ESTIMATE = 100  # lists without paging arguments, e.g. initiativeStats


class QueryLimits(SchemaExtension):
    """Refuses, before execution, operations that break a limit (see the module docstring)."""

    def on_validate(self) -> Iterator[None]:
        # Runs after ValidationCache (listed before this extension) has validated the document;
        # errors set here stop the operation before execution.
        context = self.execution_context
        if not context.pre_execution_errors and context.graphql_document is not None:
            errors = check(context.graphql_document, context.operation_name, context.variables)
            if errors:
                context.pre_execution_errors = errors
        yield


def check(
    document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
) -> list[GraphQLError]:
    operation = _operation(document, operation_name)
    if operation is None:
        return []
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Walker(fragments, variables or {})
    cost, depth = walker.walk(operation.selection_set, 1, 1)
    errors = []
    if depth > MAX_DEPTH:
        errors.append(f"The query is nested {depth} levels deep; the limit is {MAX_DEPTH}.")
    if walker.aliases > MAX_ALIASES:
        errors.append(f"The query uses {walker.aliases} aliases; the limit is {MAX_ALIASES}.")
    errors += walker.page_errors
    if cost > MAX_COST:
        errors.append(
            f"The query could return about {cost:,} fields; the limit is {MAX_COST:,}. "
            "Ask for smaller pages (`first`) or fewer nested lists."
        )
    return [GraphQLError(message, extensions={"code": "QUERY_TOO_LARGE"}) for message in errors]


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == name), None)


class _Walker:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode], variables: dict) -> None:
        self.fragments = fragments
        self.variables = variables
        self.aliases = 0
        self.page_errors: list[str] = []
        self.seen_alias_nodes: set[int] = set()

    def walk(
        self,
        selection_set: SelectionSetNode | None,
        multiplier: int,
        depth: int,
        spread: frozenset[str] = frozenset(),
    ) -> tuple[int, int]:
        """(estimated fields returned, deepest level) below a selection set."""
        if selection_set is None:
            return 0, depth - 1
        cost, deepest = 0, depth
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.alias is not None and id(selection) not in self.seen_alias_nodes:
                    self.seen_alias_nodes.add(id(selection))
                    self.aliases += 1
                size = self.list_size(selection)
                below, field_depth = self.walk(
                    selection.selection_set, multiplier * size, depth + 1, spread
                )
                cost += multiplier + below
                deepest = max(deepest, field_depth)
            elif isinstance(selection, InlineFragmentNode):
                below, field_depth = self.walk(selection.selection_set, multiplier, depth, spread)
                cost += below
                deepest = max(deepest, field_depth)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spread:
                    continue
                below, field_depth = self.walk(
                    fragment.selection_set, multiplier, depth, spread | {name}
                )
                cost += below
                deepest = max(deepest, field_depth)
        return cost, deepest

    def value(self, node) -> Any:
        if isinstance(node, VariableNode):
            return self.variables.get(node.name.value)
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, ListValueNode):
            return list(node.values)
        return None

    def list_size(self, field: FieldNode) -> int:
        arguments = {arg.name.value: self.value(arg.value) for arg in field.arguments or ()}
        name = field.name.value
        if name in ("nodes", "edges", "node") and not arguments:
            return 1  # the connection's own page size already counted
        sizes = []
        for key in ("first", "last"):
            value = arguments.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                if value > MAX_PAGE_SIZE:
                    self.page_errors.append(
                        f"`{key}` on `{name}` is {value}; the limit is {MAX_PAGE_SIZE} rows "
                        "per page."
                    )
                sizes.append(max(value, 0))
        if sizes:
            return min(sizes)
        if isinstance(arguments.get("ids"), list):
            return max(len(arguments["ids"]), 1)
        if name.endswith("Stats"):
            return UNBOUNDED_LIST_ESTIMATE
        return DEFAULT_PAGE_SIZE if field.selection_set is not None and _pages(field) else 1


def _pages(field: FieldNode) -> bool:
    """A connection field: one whose selection asks for nodes or edges."""
    return any(
        isinstance(selection, FieldNode) and selection.name.value in ("nodes", "edges")
        for selection in field.selection_set.selections
    )
