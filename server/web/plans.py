"""The plan page: its initiatives as a table with filters, sorting, cursor pagination and CSV
export of exactly what the filters show. Filters are a plain GET form; htmx swaps the results
in place and keeps the URL shareable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from schema.core.ids import from_global_id
from schema.core.pagination import MAX_PAGE_SIZE
from schema.initiatives.enums import Health, InitiativeStatus, Priority
from schema.initiatives.filters import InitiativeOrderBy
from server.web.documents import DocumentInputError, run_document
from server.web.exports import csv_response
from server.web.pages import sign_in_redirect
from server.web.requests import request_context

PAGE_SIZES = (10, 25, 50, 100)
PAGE_SIZE = 25
BOARD_SIZE = 100  # cards on the board; narrower filters show the rest
VIEWS = ("table", "board")
SORTS = {order.value: order.name for order in InitiativeOrderBy}
STATUSES = [status.name for status in InitiativeStatus]
HEALTHS = [health.name for health in Health]
PRIORITIES = [priority.name for priority in Priority]
CSV_COLUMNS = [
    ("Title", lambda n: n["title"]),
    ("Status", lambda n: label(n["status"])),
    ("Priority", lambda n: label(n["priority"])),
    ("Owner", lambda n: (n["owner"] or {}).get("name", "")),
    ("Planned end", lambda n: n["plannedEnd"] or ""),
    ("Health", lambda n: label((n["latestStatusUpdate"] or {}).get("health") or "")),
    ("Percent complete", lambda n: (n["latestStatusUpdate"] or {}).get("percentComplete", "")),
    ("Budget requested", lambda n: n["budgetRequested"] or ""),
    ("Budget approved", lambda n: n["budgetApproved"] or ""),
    ("Currency", lambda n: n["currency"]),
]


def label(value: str) -> str:
    return value.replace("_", " ").capitalize() if value else ""


@dataclass(frozen=True)
class Filters:
    """The page's query string, checked: unknown values are dropped, never passed on."""

    status: list[str]
    health: list[str]
    priority: list[str]
    owner: str
    search: str
    sort: str
    direction: str
    after: str | None
    per: int
    view: str = "table"

    @classmethod
    def from_query(cls, params: QueryParams) -> Filters:
        sort = params.get("sort", "id")
        return cls(
            status=[v for v in params.getlist("status") if v in STATUSES],
            health=[v for v in params.getlist("health") if v in HEALTHS],
            priority=[v for v in params.getlist("priority") if v in PRIORITIES],
            owner=params.get("owner", "") if _is_person(params.get("owner", "")) else "",
            search=params.get("q", "").strip()[:200],
            sort=sort if sort in SORTS else "id",
            direction="DESC" if params.get("dir") == "desc" else "ASC",
            after=params.get("after") or None,
            per=int(params["per"])
            if params.get("per") in {str(size) for size in PAGE_SIZES}
            else PAGE_SIZE,
            view=params.get("view") if params.get("view") in VIEWS else "table",
        )

    def graphql_filter(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        if self.status:
            chosen["status"] = self.status
        if self.health:
            chosen["health"] = self.health
        if self.priority:
            chosen["priority"] = self.priority
        if self.owner:
            chosen["owner"] = [self.owner]
        if self.search:
            chosen["search"] = self.search
        return chosen

    def variables(self, plan_id: str, first: int, after: str | None) -> dict[str, Any]:
        return {
            "id": plan_id,
            "first": first,
            "after": after,
            "filter": self.graphql_filter() or None,
            "orderBy": SORTS[self.sort],
            "direction": self.direction,
        }

    def query_string(self, **changes: Any) -> str:
        """This view's URL query, with some parameters changed (None drops one)."""
        pairs: list[tuple[str, str]] = []
        values = {
            "status": self.status,
            "health": self.health,
            "priority": self.priority,
            "owner": self.owner,
            "q": self.search,
            "sort": self.sort,
            "dir": "desc" if self.direction == "DESC" else "",
            "after": self.after or "",
            "view": self.view,
        }
        values.update(changes)
        if values["view"] == "table":  # the default view stays out of the URL
            values["view"] = ""
        for key, value in values.items():
            if value is None or value == "" or value == []:
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, str(item)))
        return str(QueryParams(pairs))


def _is_person(global_id: str) -> bool:
    decoded = from_global_id(global_id) if global_id else None
    return decoded is not None and decoded[0] == "Person"


async def plan_page(request: Request) -> Response:
    plan_id = request.path_params["plan_id"]
    decoded = from_global_id(plan_id)
    if decoded is None or decoded[0] != "Plan":
        raise HTTPException(404)
    filters = Filters.from_query(request.query_params)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        if request.query_params.get("format") == "csv":
            return await _csv(request, context, plan_id, filters)
        board = filters.view == "board"
        try:
            data = await run_document(
                request,
                context,
                "plans/plan",
                filters.variables(
                    plan_id,
                    BOARD_SIZE if board else filters.per,
                    None if board else filters.after,
                ),
            )
        except DocumentInputError as error:
            raise HTTPException(400, "; ".join(error.messages)) from None
    if data.get("node") is None:
        raise HTTPException(404)
    fragment = request.headers.get("hx-request") and not request.headers.get("hx-boosted")
    # The Table | Board switch swaps the filters with the results; the filters only the results.
    block = "view" if request.headers.get("hx-target") == "plan-view" else "results"
    response = request.app.state.templates.TemplateResponse(
        request,
        "plans/plan.html",
        {
            "viewer": context.viewer,
            "plan": data["node"],
            "people": data["people"]["nodes"],
            "filters": filters,
            "statuses": STATUSES,
            "healths": HEALTHS,
            "priorities": PRIORITIES,
            "sorts": SORTS,
            "page_sizes": PAGE_SIZES,
            "board_size": BOARD_SIZE,
            "label": label,
            "page_document": "plans/plan",
        },
        block_name=block if fragment else None,
    )
    response.headers["Vary"] = "HX-Request"
    return response


async def _csv(request: Request, context, plan_id: str, filters: Filters) -> Response:
    """Every initiative the filters match (not just one page), in the table's order."""
    rows, after, name = [], None, "plan"
    while True:
        data = await run_document(
            request, context, "plans/plan", filters.variables(plan_id, MAX_PAGE_SIZE, after)
        )
        if data.get("node") is None:
            raise HTTPException(404)
        name = data["node"]["name"]
        page = data["node"]["initiatives"]
        rows += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return csv_response(
        [title for title, _ in CSV_COLUMNS],
        ([value(node) for _, value in CSV_COLUMNS] for node in rows),
        name,
    )
