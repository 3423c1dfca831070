"""Errors of a known shape: readable messages for what the caller can fix, and a plain
"Unexpected error" with a request id (logged with the traceback) for everything else."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

log = logging.getLogger("steward.graphql")

UNEXPECTED = "Unexpected error"


def is_unexpected(error: GraphQLError) -> bool:
    """A failure inside a resolver that is not one of our deliberate GraphQL errors."""
    original = error.original_error
    return (
        error.path is not None and original is not None and not isinstance(original, GraphQLError)
    )


class MaskUnexpectedErrors(SchemaExtension):
    """Replaces unexpected errors after execution; validation and our own messages stay."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        context = self.execution_context.context
        request_id = getattr(context, "request_id", None)
        masked = []
        for error in result.errors:
            if not is_unexpected(error):
                masked.append(error)
                continue
            log.error(
                "unexpected error [%s] at %s",
                request_id,
                ".".join(str(key) for key in error.path or ()),
                exc_info=error.original_error,
            )
            masked.append(
                GraphQLError(
                    UNEXPECTED,
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": "INTERNAL", "requestId": request_id},
                )
            )
        result.errors = masked
