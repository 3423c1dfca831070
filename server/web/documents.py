"""Runs a page's GraphQL document in-process through the same schema as /graphql."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from starlette.requests import Request

from schema.context import Context
from server.web.templating import TEMPLATE_DIR

log = logging.getLogger("steward.pages")


class DocumentError(RuntimeError):
    """A page's own document failed: a defect, reported as a 500 with the request id."""


@cache
def document(name: str) -> str:
    """The text of `templates/<name>.graphql`, read once."""
    path: Path = TEMPLATE_DIR / f"{name}.graphql"
    return path.read_text()


async def run_document(
    request: Request, context: Context, name: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    result = await request.app.state.schema.execute(
        document(name), variable_values=variables or {}, context_value=context
    )
    if result.errors:
        for error in result.errors:
            log.error("page document %s failed [%s]: %s", name, context.request_id, error)
        raise DocumentError(f"the {name} document failed")
    return result.data or {}
