"""Runs a page's GraphQL document in-process through the same schema as /graphql."""

from __future__ import annotations

import logging
from functools import cache, partial
from pathlib import Path
from typing import Any

from starlette.requests import Request

from server.web.core.pipeline import request_state
from server.web.core.read_routing import unavailable
from server.web.core.schema_api import is_unexpected
from server.web.core.templating import TEMPLATE_DIR

log = logging.getLogger("steward.pages")


class DocumentError(RuntimeError):
    """A page's own document failed: a defect, reported as a 500 with the request id."""


class DocumentInputError(ValueError):
    """The variables a page took from its URL were refused (a stale cursor, say): a 400."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@cache
def document(name: str) -> str:
    """The text of `templates/<name>.graphql`, read once."""
    path: Path = TEMPLATE_DIR / f"{name}.graphql"
    return path.read_text()


async def run_document(
    request: Request,
    name: str,
    variables: dict[str, Any] | None = None,
    operation: str | None = None,
) -> dict[str, Any]:
    """Run `templates/<name>.graphql` (one `operation` of it) with the request's context."""
    context = await request_state(request).context()
    if operation is None:
        # The page's own read: the "this page's query" link opens it in GraphiQL.
        request.state.page_query = (name, variables or {})
    check = request.app.state.executor_check
    run = request.app.state.schema.execute if check is None else partial(check.execute, name)
    result = await run(
        document(name),
        variable_values=variables or {},
        context_value=context,
        operation_name=operation,
    )
    if unavailable(result.errors) and await context.leave_replica():
        result = await run(  # the read replica failed it: again, on the primary
            document(name),
            variable_values=variables or {},
            context_value=context,
            operation_name=operation,
        )
    if result.errors:
        if all(_callers_mistake(error) for error in result.errors):
            raise DocumentInputError([error.message for error in result.errors])
        for error in result.errors:
            log.error("page document %s failed [%s]: %s", name, context.request_id, error)
        raise DocumentError(f"the {name} document failed")
    return result.data or {}


def _callers_mistake(error) -> bool:
    """A readable error the schema raised on purpose (bad variables), not a failure."""
    return not is_unexpected(error) and (error.extensions or {}).get("code") != "INTERNAL"
