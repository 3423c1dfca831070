"""Errors of a known shape: readable messages for what the caller can fix, and a plain
"Unexpected error" with a request id (logged with the traceback) for everything else."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from server.db import database_unavailable

log = logging.getLogger("steward.graphql")

UNEXPECTED = "Unexpected error"
UNAVAILABLE = "The database is not answering just now; try again in a few seconds."


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
            if database_unavailable(error.original_error):
                log.warning("database unavailable [%s]: %s", request_id, error.original_error)
                masked.append(
                    GraphQLError(
                        UNAVAILABLE,
                        nodes=error.nodes,
                        path=error.path,
                        extensions={"code": "UNAVAILABLE", "requestId": request_id},
                    )
                )
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


_SUGGESTION = re.compile(r" ?Did you mean [^?]*\?$")


def without_suggestion(error: GraphQLError) -> GraphQLError:
    """The error without graphql-core's "Did you mean ...?" hint. A new error, because
    validation errors are cached and shared between requests."""
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


class HideSuggestions(SchemaExtension):
    """Field and value suggestions ("Did you mean ...?") are for people exploring the API in
    GraphiQL; to everyone else they would spell out the schema one guess at a time."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        if getattr(self.execution_context.context, "suggestions", False):
            return
        result.errors = [without_suggestion(error) for error in result.errors]
