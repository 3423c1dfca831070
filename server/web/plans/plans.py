"""The plans: every plan the viewer may see, by kind, from its GraphQL document."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.pages import document_page


async def plans(request: Request) -> Response:
    return await document_page(request, "plans/plans")
