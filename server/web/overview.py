"""Overview pages: My work (the home page), the plans, and the services and processes with
their improvement plans. Each runs its GraphQL document and renders its template."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from schema.core.ids import from_global_id
from server.models.enums import ServiceLifecycle
from server.web.documents import run_document
from server.web.pages import sign_in_redirect
from server.web.plans import label
from server.web.requests import request_context

BRIEF_INITIATIVES = 10  # initiatives shown in brief on a service's or process's page


async def _render(
    request: Request,
    name: str,
    variables: dict[str, Any] | None = None,
    node_type: str = "",
    extra: dict[str, Any] | None = None,
) -> Response:
    """Run `templates/<name>.graphql` and render `<name>.html`; for a detail page (`node_type`)
    the `id` path parameter must name a visible object of that type, else 404."""
    if node_type:
        decoded = from_global_id(request.path_params["id"])
        if decoded is None or decoded[0] != node_type:
            raise HTTPException(404)
        variables = {"id": request.path_params["id"], **(variables or {})}
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        data = await run_document(request, context, name, variables)
    if node_type and data.get("node") is None:
        raise HTTPException(404)
    return request.app.state.templates.TemplateResponse(
        request,
        f"{name}.html",
        {
            "viewer": context.viewer,
            "data": data,
            "label": label,
            "page_document": name,
            **(extra or {}),
        },
    )


async def my_work(request: Request) -> Response:
    return await _render(request, "home/home")


async def plans(request: Request) -> Response:
    return await _render(request, "plans/plans")


async def services(request: Request) -> Response:
    """All services, or those in one lifecycle state (`?lifecycle=LIVE`; unknown values: all)."""
    chosen = request.query_params.get("lifecycle", "")
    lifecycle = chosen if chosen in ServiceLifecycle.__members__ else None
    return await _render(
        request,
        "services/services",
        {"lifecycle": [lifecycle] if lifecycle else None},
        extra={"lifecycle": lifecycle, "lifecycles": list(ServiceLifecycle.__members__)},
    )


async def service(request: Request) -> Response:
    return await _render(
        request, "services/service", {"brief": BRIEF_INITIATIVES}, node_type="Service"
    )


async def processes(request: Request) -> Response:
    return await _render(request, "processes/processes")


async def process(request: Request) -> Response:
    return await _render(
        request, "processes/process", {"brief": BRIEF_INITIATIVES}, node_type="Process"
    )
