"""The services and processes, each with its improvement plans and, on its own page, its latest
initiatives in brief. Each page is its GraphQL document rendered."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.pages import document_page
from server.web.core.schema_api import ServiceLifecycle

BRIEF_INITIATIVES = 10  # initiatives shown in brief on a service's or process's page
LIFECYCLES = list(ServiceLifecycle.__members__)


async def services(request: Request) -> Response:
    """All services, or those in one lifecycle state (`?lifecycle=LIVE`; unknown values: all)."""
    chosen = request.query_params.get("lifecycle", "")
    lifecycle = chosen if chosen in LIFECYCLES else None
    return await document_page(
        request,
        "services/services",
        {"lifecycle": [lifecycle] if lifecycle else None},
        values={"lifecycle": lifecycle, "lifecycles": LIFECYCLES},
    )


async def service(request: Request) -> Response:
    return await document_page(request, "services/service", {"brief": BRIEF_INITIATIVES}, node="id")


async def processes(request: Request) -> Response:
    return await document_page(request, "processes/processes")


async def process(request: Request) -> Response:
    return await document_page(
        request, "processes/process", {"brief": BRIEF_INITIATIVES}, node="id"
    )
