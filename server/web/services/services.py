"""The services and processes, each with its improvement plans and, on its own page, its latest
initiatives in brief. Each page is its GraphQL document rendered."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.flash import take_flash
from server.web.core.pages import document_page, found, read, render
from server.web.core.schema_api import ServiceLifecycle

BRIEF_INITIATIVES = 10  # initiatives shown in brief on a service's page
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


async def service(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """A service's page; the feedback form posts elsewhere and comes back here with its
    errors (server/web/engagement/feedback.py)."""
    variables = {"id": request.path_params["id"], "brief": BRIEF_INITIATIVES}
    data = await read(request, "services/service", variables)
    found(data.get("node"))
    return render(
        request,
        "services/service.html",
        {
            "data": data,
            "errors": errors or {},
            "form": form or {},
            "flash": take_flash(request),
            "today": datetime.now(UTC).date().isoformat(),
        },
        status_code=status_code,
    )


async def processes(request: Request) -> Response:
    return await document_page(request, "processes/processes")
