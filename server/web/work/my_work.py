"""My work, the home page: what waits for the viewer, from its GraphQL document."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.pages import document_page


async def my_work(request: Request) -> Response:
    return await document_page(request, "home/home")
