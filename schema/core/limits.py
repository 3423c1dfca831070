"""Limits that keep every query's cost linear and bounded, checked before execution.

- size: documents longer than MAX_DOCUMENT_CHARS characters (refused by the HTTP view before
  parsing; a long string in a document takes long to read however few tokens it has) or of
  more than MAX_TOKENS tokens (refused while parsing);
- depth: fields nested more than MAX_DEPTH deep (introspection included);
- aliases: more than MAX_ALIASES aliases in the operation;
- page size: `first`/`last` above the cap (from literals or variables), or more `ids` than it;
- cost: the estimated number of fields returned, multiplying each level by its page size
  (`first`/`last`, else the default page size) or by the number of `ids` asked for;
- checking: graphql-core's check that repeated fields can be merged compares fields in pairs;
  it gets a budget of MAX_MERGE_COMPARISONS (a document that repeats one field a thousand
  times would otherwise hold the event loop for a second) and is refused when it runs out.

Each refusal names the limit and the value found. The checks walk the parsed document once,
after validation (so they can trust its shape), each fragment once however often it is spread
(so the time is linear in the document's size), and never touch the database.
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
    OverlappingFieldsCanBeMergedRule,
    SelectionSetNode,
    ValidationContext,
    ValueNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from schema.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

MAX_DOCUMENT_CHARS = 20_000  # the largest page document has 3,000
MAX_TOKENS = 2_000  # the largest page document has 360
MAX_DEPTH = 20
MAX_ALIASES = 50
MAX_COST = 500_000
UNBOUNDED_LIST_ESTIMATE = 100  # lists without paging arguments, e.g. initiativeStats
# Every page document needs fewer than 10 units; 10,000 units take about 20 ms.
MAX_MERGE_COMPARISONS = 10_000
TOO_COMPLEX = (
    "The query repeats fields or fragments too often to be checked; ask for each field once."
)


class BoundedOverlappingFields(OverlappingFieldsCanBeMergedRule):
    """graphql-core's rule, with a smaller budget of comparisons (see the module docstring)."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = MAX_MERGE_COMPARISONS


class QueryLimits(SchemaExtension):
    """Refuses, before execution, operations that break a limit (see the module docstring)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = tuple(
            BoundedOverlappingFields if rule is OverlappingFieldsCanBeMergedRule else rule
            for rule in context.validation_rules
        )
        yield

    def on_validate(self) -> Iterator[None]:
        # Runs after ValidationCache (listed before this extension) has validated the document;
        # errors set here stop the operation before execution.
        context = self.execution_context
        if context.pre_execution_errors:
            context.pre_execution_errors = [_readable(e) for e in context.pre_execution_errors]
        elif context.graphql_document is not None:
            errors = check(context.graphql_document, context.operation_name, context.variables)
            if errors:
                context.pre_execution_errors = errors
        yield


def document_too_long(query: str | None) -> GraphQLError | None:
    if query is None or len(query) <= MAX_DOCUMENT_CHARS:
        return None
    return GraphQLError(
        f"The query is {len(query):,} characters long; the limit is {MAX_DOCUMENT_CHARS:,}. "
        "Pass long values as variables.",
        extensions={"code": "QUERY_TOO_LARGE"},
    )


def _readable(error: GraphQLError) -> GraphQLError:
    """graphql-core's bare "Validation aborted." (a budget ran out) as one of our refusals."""
    if error.message != "Validation aborted.":
        return error
    return GraphQLError(TOO_COMPLEX, extensions={"code": "QUERY_TOO_LARGE"})


def check(
    document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
) -> list[GraphQLError]:
    operation = operation_named(document, operation_name)
    if operation is None:
        return []
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Walker(fragments, variables or {})
    cost, extra_depth = walker.walk(operation.selection_set)
    depth = 1 + extra_depth
    errors = []
    if depth > MAX_DEPTH:
        errors.append(f"The query is nested {depth} levels deep; the limit is {MAX_DEPTH}.")
    if walker.aliases > MAX_ALIASES:
        errors.append(f"The query uses {walker.aliases} aliases; the limit is {MAX_ALIASES}.")
    errors += walker.page_errors
    if cost > MAX_COST:
        about = f"more than {MAX_COST:,}" if cost >= _COST_CAP else f"about {cost:,}"
        errors.append(
            f"The query could return {about} fields; the limit is {MAX_COST:,}. "
            "Ask for smaller pages (`first`) or fewer nested lists."
        )
    return [GraphQLError(message, extensions={"code": "QUERY_TOO_LARGE"}) for message in errors]


def operation_named(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    """The operation a request runs: the one named, or the only one."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == name), None)


# Costs above this are all "far too much"; capping keeps the arithmetic on small numbers however
# the document multiplies its lists.
_COST_CAP = 10**12


class _Walker:
    """Walks each selection set once: a fragment's figures are worked out at its first spread
    and reused at every other, so the walk is linear in the document's size however often
    fragments spread each other (a diamond of 40 levels stands for 2^40 paths).

    The figures of a selection set do not depend on where it is used: its cost per row of the
    level above (cost is linear in that multiplier), and how many levels it adds below itself.
    """

    def __init__(
        self, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.aliases = 0
        self.page_errors: list[str] = []
        self.done: dict[str, tuple[int, int]] = {}
        self.entered: set[str] = set()

    def walk(self, selection_set: SelectionSetNode) -> tuple[int, int]:
        """(estimated fields returned per row above, levels added below this one)."""
        cost, extra = 0, 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.alias is not None:
                    self.aliases += 1
                cost += 1
                if selection.selection_set is not None:
                    below, below_extra = self.walk(selection.selection_set)
                    cost += min(self.list_size(selection), _COST_CAP) * below
                    extra = max(extra, 1 + below_extra)
                else:
                    self.list_size(selection)  # checks the page size of leaf fields too
            elif isinstance(selection, InlineFragmentNode):
                below, below_extra = self.walk(selection.selection_set)
                cost += below
                extra = max(extra, below_extra)
            elif isinstance(selection, FragmentSpreadNode):
                below, below_extra = self.fragment(selection.name.value)
                cost += below
                extra = max(extra, below_extra)
            cost = min(cost, _COST_CAP)
        return cost, extra

    def fragment(self, name: str) -> tuple[int, int]:
        if name in self.done:
            return self.done[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.entered:  # validation refuses cycles already
            return 0, 0
        self.entered.add(name)
        self.done[name] = self.walk(fragment.selection_set)
        return self.done[name]

    def value(self, node: ValueNode) -> Any:
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
            if len(arguments["ids"]) > MAX_PAGE_SIZE:
                self.page_errors.append(
                    f"`ids` on `{name}` asks for {len(arguments['ids']):,} objects; the limit is "
                    f"{MAX_PAGE_SIZE} per query."
                )
            return max(len(arguments["ids"]), 1)
        if name.endswith("Stats"):
            return UNBOUNDED_LIST_ESTIMATE
        pages = field.selection_set is not None and _pages(field.selection_set)
        return DEFAULT_PAGE_SIZE if pages else 1


def _pages(selection_set: SelectionSetNode) -> bool:
    """A connection field's selection: one that asks for nodes or edges."""
    return any(
        isinstance(selection, FieldNode) and selection.name.value in ("nodes", "edges")
        for selection in selection_set.selections
    )
