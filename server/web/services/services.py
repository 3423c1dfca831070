"""The services and processes, each with its improvement plans and, on its own page, its latest
initiatives in brief. Each page is its GraphQL document rendered.

The lists search by name (`q`), sort by a "Sort by" choice, keep saved views and export as CSV
or XLSX. The API has no search over services or processes: there are few and the pages read
them whole, so the search filters them here, by name, description and owner, and the pages sort
them here too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.exports import Column, export_format
from server.web.core.flash import take_flash
from server.web.core.list_exports import list_export, matches, search_words, searched_list
from server.web.core.pages import found, read, render
from server.web.core.paging import query_string
from server.web.core.schema_api import ServiceLifecycle
from server.web.core.sorting import SortKey, Sorts
from server.web.core.templating import label
from server.web.people.saved_views import bar_values

BRIEF_INITIATIVES = 10  # initiatives shown in brief on a service's page
LIFECYCLES = list(ServiceLifecycle.__members__)


def _owner(item: dict[str, Any]) -> str | None:
    return (item["owner"] or {}).get("name")


SERVICE_ORDERS = Sorts(
    {
        "name": SortKey("Name", value=lambda s: s["name"]),  # the order the API lists them in
        "lifecycle": SortKey("Lifecycle", value=lambda s: LIFECYCLES.index(s["lifecycle"])),
        "owner": SortKey("Owner", value=_owner),
        "offerings": SortKey(
            "Most offerings first", value=lambda s: s["offerings"]["totalCount"], descending=True
        ),
    },
    "name",
)
PROCESS_ORDERS = Sorts(
    {
        "name": SortKey("Name", value=lambda p: p["name"]),
        "owner": SortKey("Owner", value=_owner),
        "holders": SortKey(
            "Most role holders first",
            value=lambda p: p["roleAssignments"]["totalCount"],
            descending=True,
        ),
    },
    "name",
)


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
    variables = {"lifecycle": [lifecycle] if lifecycle else None, "viewPath": "/services"}
    words = search_words(request)
    sort = SERVICE_ORDERS.from_query(request.query_params)
    if fmt := export_format(request):
        return await list_export(
            request, fmt, "services/services", variables, ("services",), SERVICE_COLUMNS,
            "services", keep=_found(words), order=sort.rows,
        )  # fmt: skip
    data = await read(request, "services/services", variables)
    shown = sort.rows([item for item in data["services"]["nodes"] if _found(words)(item)])
    shown_query = {"lifecycle": lifecycle, "q": words, **sort.values()}
    return render(
        request,
        "services/services.html",
        {
            "data": data,
            "shown": shown,
            "q": words,
            "sort": sort,
            "page_query": lambda **changes: query_string(shown_query, **changes),
            "export_query": query_string(shown_query),
            "lifecycle": lifecycle,
            "lifecycles": LIFECYCLES,
            **bar_values(request, data),
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
        sorts=PROCESS_ORDERS, extra=bar_values,
    )  # fmt: skip
