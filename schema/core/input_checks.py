"""Checks every value a request brings, before execution, whatever field it is meant for.

- text: no control characters (tab and line breaks aside) and no lone surrogates, by the one
  rule in server/domain/core/validation.py (each text field then applies its own length and
  one-line rules in the domain);
- size: no string longer than MAX_TEXT characters (the measurement import's file excepted;
  the request body limit bounds it over HTTP), no list of more than MAX_LIST_ITEMS items;
- depth: variables nested no deeper than MAX_INPUT_DEPTH.

Literals in the document are checked by a validation rule (so the verdict is cached with the
document); variables are walked once per request, alongside their declared types, so each
refusal names the field: `$input.title`, `filter.search`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    Node,
    ObjectFieldNode,
    StringValueNode,
    ValidationRule,
    VariableDefinitionNode,
)
from graphql.utilities import type_from_ast
from strawberry.extensions import SchemaExtension

from schema.core.limits import operation_named
from server.domain.core.validation import text_problem

MAX_TEXT = 10_000  # the longest text field (a description) takes 10,000 characters
MAX_LIST_ITEMS = 20_000  # above every limit of the domain (10,000 measurements at once)
MAX_INPUT_DEPTH = 10
# Input fields that may hold longer text: (input type, field) -> limit, None for "the body's".
LONGER_TEXT: dict[tuple[str, str], int | None] = {
    ("CreateMeasurementImportInput", "content"): None,
    ("ImportFeedbackInput", "content"): None,
}
CODE = "INVALID"


class InputChecks(SchemaExtension):
    """Refuses, before execution, operations whose inputs break a rule above."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = (*context.validation_rules, TextLiteralsRule)
        yield

    def on_validate(self) -> Iterator[None]:
        # Runs after validation (the extensions listed before this one); the document and its
        # operation are known to be sound.
        context = self.execution_context
        document = context.graphql_document
        if not context.pre_execution_errors and document is not None and context.variables:
            errors = check_variables(
                context.schema._schema, document, context.operation_name, context.variables
            )
            if errors:
                context.pre_execution_errors = errors
        yield


def string_problem(value: str, limit: int | None) -> str | None:
    if limit is not None and len(value) > limit:
        return f"must be at most {limit:,} characters (got {len(value):,})"
    return text_problem(value)


def _limit(parent: Any, field: str | None) -> int | None:
    if isinstance(parent, GraphQLInputObjectType) and field is not None:
        return LONGER_TEXT.get((parent.name, field), MAX_TEXT)
    return MAX_TEXT


def _error(path: str, problem: str) -> GraphQLError:
    return GraphQLError(f"`{path}` {problem}.", extensions={"code": CODE, "field": path})


class TextLiteralsRule(ValidationRule):
    """Every string written in the document obeys the text rule and the size limit."""

    def enter_string_value(
        self,
        node: StringValueNode,
        _key: str | int | None,
        parent: Node | tuple[Node, ...] | None,
        _path: list[str | int],
        ancestors: list[Node | tuple[Node, ...]],
    ) -> None:
        names = [
            f"${a.variable.name.value}" if isinstance(a, VariableDefinitionNode) else a.name.value
            for a in (*ancestors, parent)
            if isinstance(a, ArgumentNode | ObjectFieldNode | VariableDefinitionNode)
        ]
        field = names[-1] if names else None
        problem = string_problem(node.value, _limit(self.context.get_parent_input_type(), field))
        if problem is not None:
            self.report_error(_error(".".join(names) or "a string", problem))


def check_variables(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any],
) -> list[GraphQLError]:
    """The problems of the variables the operation declares, walked without recursion."""
    operation = operation_named(document, operation_name)
    if operation is None:
        return []
    errors: list[GraphQLError] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in variables:
            continue
        declared = type_from_ast(schema, definition.type)
        # (value, its input type or None when the value does not fit it, parent, field, path)
        stack: list[tuple[Any, Any, Any, str | None, str, int]] = [
            (variables[name], declared, None, None, f"${name}", 1)
        ]
        while stack and len(errors) < 10:
            value, kind, parent, field, path, depth = stack.pop()
            if depth > MAX_INPUT_DEPTH:
                errors.append(_error(path, f"is nested more than {MAX_INPUT_DEPTH} levels deep"))
                continue
            if isinstance(kind, GraphQLNonNull):
                kind = kind.of_type
            if isinstance(value, str):
                problem = string_problem(value, _limit(parent, field))
                if problem is not None:
                    errors.append(_error(path, problem))
            elif isinstance(value, list):
                if len(value) > MAX_LIST_ITEMS:
                    problem = f"has {len(value):,} items; the limit is {MAX_LIST_ITEMS:,}"
                    errors.append(_error(path, problem))
                    continue
                item_kind = kind.of_type if isinstance(kind, GraphQLList) else kind
                if _plain_strings(value, _limit(parent, field)):
                    continue  # the common case (a list of ids or tags) checked in one pass
                stack.extend(
                    (item, item_kind, parent, field, f"{path}[{index}]", depth + 1)
                    for index, item in enumerate(value)
                )
            elif isinstance(value, dict):
                fields = kind.fields if isinstance(kind, GraphQLInputObjectType) else {}
                for key, item in value.items():
                    inner: GraphQLInputType | None = getattr(fields.get(key), "type", None)
                    child_path = f"{path}.{key}"
                    problem = text_problem(str(key))
                    if problem is not None:
                        errors.append(_error(child_path, problem))
                        continue
                    stack.append((item, inner, kind, key, child_path, depth + 1))
    return errors


def _plain_strings(values: list[Any], limit: int | None) -> bool:
    """Whether every item is a string that passes, found without a step per item."""
    if not all(type(value) is str for value in values):
        return False
    if limit is not None and max(map(len, values), default=0) > limit:
        return False
    return text_problem("".join(values)) is None
