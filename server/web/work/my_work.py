"""My work, the home page: what waits for the viewer, from its GraphQL document."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.pages import document_page


async def my_work(request: Request) -> Response:
    today = datetime.now(UTC).date().isoformat()  # what is overdue
    return await document_page(request, "home/home", values={"today": today})
