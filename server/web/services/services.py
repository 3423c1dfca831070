"""The services and processes, each with its improvement plans and, on its own page, its latest
initiatives in brief. Each page is its GraphQL document rendered.

The lists search by name (`q`) and export as CSV or XLSX. The API has no search over services
or processes: there are few and the pages read them whole, so the search filters them here, by
name, description and owner."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.exports import Column, export_format
from server.web.core.flash import take_flash
from server.web.core.list_exports import list_export, matches, search_words, searched_list
from server.web.core.pages import found, read, render
from server.web.core.paging import query_string
from server.web.core.schema_api import ServiceLifecycle
from server.web.core.templating import label

BRIEF_INITIATIVES = 10  # initiatives shown in brief on a service's page
LIFECYCLES = list(ServiceLifecycle.__members__)


def _found(words: str):
    def keep(item: dict) -> bool:
        return matches(words, item["name"], item["description"], (item["owner"] or {}).get("name"))

    return keep


def _plan_columns() -> list[Column]:
    return [
        Column("Owner", lambda s: (s["owner"] or {}).get("name", "")),
        Column("Improvement plan", lambda s: (s["improvementPlan"] or {}).get("name", "")),
        Column(
            "Initiatives in the plan",
            lambda s: (
                s["improvementPlan"]["initiatives"]["totalCount"] if s["improvementPlan"] else None
            ),
        ),
    ]


SERVICE_COLUMNS = [
    Column("Service", lambda s: s["name"]),
    Column("Lifecycle", lambda s: label(s["lifecycle"])),
    *_plan_columns(),
    Column("Offerings", lambda s: s["offerings"]["totalCount"]),
    Column("Description", lambda s: s["description"] or ""),
]
PROCESS_COLUMNS = [
    Column("Process", lambda p: p["name"]),
    *_plan_columns(),
    Column("Role holders", lambda p: p["roleAssignments"]["totalCount"]),
    Column("Description", lambda p: p["description"] or ""),
]


async def services(request: Request) -> Response:
    """All services, or those in one lifecycle state (`?lifecycle=LIVE`; unknown values: all)."""
    chosen = request.query_params.get("lifecycle", "")
    lifecycle = chosen if chosen in LIFECYCLES else None
    variables = {"lifecycle": [lifecycle] if lifecycle else None}
    words = search_words(request)
    if fmt := export_format(request):
        return await list_export(
            request, fmt, "services/services", variables, ("services",), SERVICE_COLUMNS,
            "services", keep=_found(words),
        )  # fmt: skip
    data = await read(request, "services/services", variables)
    shown = [item for item in data["services"]["nodes"] if _found(words)(item)]
    return render(
        request,
        "services/services.html",
        {
            "data": data,
            "shown": shown,
            "q": words,
            "export_query": query_string({"lifecycle": lifecycle, "q": words}),
            "lifecycle": lifecycle,
            "lifecycles": LIFECYCLES,
        },
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
    return await searched_list(
        request, document="processes/processes", key="processes", columns=PROCESS_COLUMNS,
        name="processes", template="processes/processes.html", found=_found,
    )  # fmt: skip
