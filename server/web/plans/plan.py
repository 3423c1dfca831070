"""The plan page: its initiatives as a table with filters, sorting, cursor pagination and CSV
export of exactly what the filters show. Filters are a plain GET form; htmx swaps the results
in place and keeps the URL shareable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.domain.initiatives.lifecycle import EDGES, Transition
from server.web.core.exports import Column, every_row, export_format, export_response
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.ids import is_global_id
from server.web.core.pages import found, is_fragment, read, render
from server.web.core.schema_api import (
    MAX_PAGE_SIZE,
    Health,
    InitiativeOrderBy,
    InitiativeStatus,
    Priority,
)
from server.web.core.sorting import Sort, SortKey, Sorts
from server.web.core.templating import label
from server.web.initiatives.initiative import ACTIONS
from server.web.people.saved_views import view_query

PAGE_SIZES = (10, 25, 50, 100)
PAGE_SIZE = 25
BOARD_SIZE = 100  # cards on the board; narrower filters show the rest
VIEWS = ("table", "board")
SORTS = {order.value: order.name for order in InitiativeOrderBy}
# The table's headings sort as the form's "Sort by" does (`dir=desc`: the other way).
ORDERS = Sorts({str(v): SortKey(label(name), api=name) for v, name in SORTS.items()}, "id")
STATUSES = [status.name for status in InitiativeStatus]
HEALTHS = [health.name for health in Health]
PRIORITIES = [priority.name for priority in Priority]
EXPORT_COLUMNS = [
    Column("Title", lambda n: n["title"]),
    Column("Status", lambda n: label(n["status"])),
    Column("Priority", lambda n: label(n["priority"])),
    Column("Owner", lambda n: (n["owner"] or {}).get("name", "")),
    Column("Planned end", lambda n: n["plannedEnd"] or ""),
    Column("Health", lambda n: label((n["latestStatusUpdate"] or {}).get("health") or "")),
    Column(
        "Percent complete", lambda n: (n["latestStatusUpdate"] or {}).get("percentComplete", "")
    ),
    Column("Budget requested", lambda n: n["budgetRequested"] or ""),
    Column("Budget approved", lambda n: n["budgetApproved"] or ""),
    Column("Currency", lambda n: n["currency"]),
]


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
        owner = params.get("owner", "")
        return cls(
            status=[v for v in params.getlist("status") if v in STATUSES],
            health=[v for v in params.getlist("health") if v in HEALTHS],
            priority=[v for v in params.getlist("priority") if v in PRIORITIES],
            owner=owner if is_global_id(owner, "Person") else "",
            search=params.get("q", "").strip()[:200],
            sort=sort if sort in SORTS else "id",
            direction="DESC" if params.get("dir") == "desc" else "ASC",
            after=params.get("after") or None,
            per=int(params["per"])
            if params.get("per") in {str(size) for size in PAGE_SIZES}
            else PAGE_SIZE,
            view=params.get("view") if params.get("view") in VIEWS else "table",
        )

    @property
    def order(self) -> Sort:
        """The order as the table's sortable headings read it."""
        return ORDERS.sort(self.sort, self.direction == "DESC")

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


@dataclass(frozen=True)
class Move:
    """A step a board card can take into another column: the action the initiative page runs
    for it, its title, the column (state) it leads to, and what it asks for: nothing, a
    reason (asked on the card), or more (the initiative page's form, opened)."""

    action: str
    title: str
    target: str
    reason: bool
    elsewhere: bool


def board_moves(item: dict[str, Any]) -> list[Move]:
    """The moves the viewer may make with this card, from the lifecycle's own diagram."""
    moves = []
    for name in item.get("availableTransitions") or []:
        edge = EDGES.get(Transition(name.lower())) if name.lower() in TRANSITION_NAMES else None
        action = ACTIONS.get(name)
        if edge is None or action is None:
            continue
        fields = set(action.fields)
        moves.append(Move(
            name, action.title, edge.target.name, fields == {"reason"}, bool(fields - {"reason"})
        ))  # fmt: skip
    return moves


TRANSITION_NAMES = {transition.value for transition in Transition}
MAX_BULK = 500  # bulkUpdateInitiatives takes at most this many at once


async def plan_page(request: Request) -> Response:
    plan_id = request.path_params["plan_id"]
    filters = Filters.from_query(request.query_params)
    if fmt := export_format(request):
        return await _export(request, plan_id, filters, fmt)
    board = filters.view == "board"
    data = await read(
        request,
        "plans/plan",
        {
            **filters.variables(
                plan_id, BOARD_SIZE if board else filters.per, None if board else filters.after
            ),
            "viewPath": f"/plans/{plan_id}",
        },
    )
    matching = None
    if request.query_params.get("select") == "all" and not board:
        # "Select all that match": every initiative the filters match, as the page shows them
        # now (their versions), when there are at most MAX_BULK.
        every = await read(
            request, "plans/matching", {k: v for k, v in filters.variables(plan_id, 0, None).items()
                                        if k not in ("first", "after")}, "PlanMatching",
        )  # fmt: skip
        listed = found(every.get("node"))["initiatives"]
        if listed["totalCount"] <= MAX_BULK:
            matching = listed["nodes"]
    # The Table | Board switch swaps the filters with the results; the filters only the results.
    block = "view" if request.headers.get("hx-target") == "plan-view" else "results"
    return render(
        request,
        "plans/plan.html",
        {
            "plan": found(data.get("node")),
            "people": data["people"]["nodes"],
            "filters": filters,
            "statuses": STATUSES,
            "healths": HEALTHS,
            "priorities": PRIORITIES,
            "sorts": SORTS,
            "page_sizes": PAGE_SIZES,
            "board_size": BOARD_SIZE,
            "board_moves": board_moves,
            "flash": take_flash(request),
            "bulk_open": matching is not None,
            "matching": matching,
            "max_bulk": MAX_BULK,
            "views": data["views"]["nodes"],
            "view_path": f"/plans/{plan_id}",
            "view_query": view_query(request),
        },
        block=block if is_fragment(request) else None,
        fragments=True,
    )


async def _export(request: Request, plan_id: str, filters: Filters, fmt: str) -> Response:
    """Every initiative the filters match (not just one page), in the table's order."""
    named = {"name": "plan"}

    async def fetch(after: str | None) -> tuple[list[dict], str | None]:
        variables = filters.variables(plan_id, MAX_PAGE_SIZE, after)
        data = await read(request, "plans/plan", {**variables, "viewPath": f"/plans/{plan_id}"})
        node = found(data.get("node"))
        named["name"] = node["name"]
        page = node["initiatives"]
        more = page["pageInfo"]["hasNextPage"]
        return page["nodes"], page["pageInfo"]["endCursor"] if more else None

    rows, cut = await every_row(fetch)
    return export_response(fmt, EXPORT_COLUMNS, rows, named["name"], cut)


async def bulk_change(request: Request) -> Response:
    """One change to the initiatives ticked in the table (`items`: id:version), through
    `bulkUpdateInitiatives`; back to the table with what was changed and what was refused."""
    form = await form_values(request)
    ticked = form.get("items", [])
    items, seen = [], set()
    for value in ticked if isinstance(ticked, list) else [ticked]:
        pk, _, version = str(value).partition(":")
        if version.isdigit() and pk not in seen:  # a row ticked and also in "all that match"
            seen.add(pk)
            items.append({"id": pk, "expectedVersion": int(version)})
    fields: dict[str, Any] = {"items": items}
    for name in ("priority", "ownerId", "transition", "reason"):
        if form.get(name):
            fields[name] = form[name]
    if form.get("addTag"):
        fields["addTags"] = [form["addTag"]]
    if form.get("removeTag"):
        fields["removeTags"] = [form["removeTag"]]
    outcome = await run_mutation(request, "plans/actions", "BulkUpdateInitiatives", fields)
    payload = outcome.payload
    if not outcome.ok:
        flash(request, f"Nothing was changed: {next(iter(outcome.problems.values()))}")
    else:
        results = payload["results"]
        done = sum(1 for r in results if r["changed"])
        refused = [
            f"“{form.get('title-' + r['id'], 'an initiative')}”: {r['errors'][0]['message']}"
            for r in results if not r["changed"]
        ]  # fmt: skip
        message = f"Changed {done} of {len(results)}."
        if refused:
            message += " Not changed: " + "; ".join(refused)
        flash(request, message)
    back = str(form.get("back", ""))
    plan_path = f"/plans/{request.path_params['plan_id']}"
    return RedirectResponse(back if back.startswith(plan_path) else plan_path, status_code=303)
