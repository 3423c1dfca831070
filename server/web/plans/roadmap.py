"""The roadmap: a timeline of initiatives, planned against actual, drawn on the server as SVG
(`/roadmap` for every plan the viewer may see, `/plans/{id}/roadmap` for one plan), with a
line for today, children beneath the strategic initiative they execute, a legend, and the
same rows as a table for screen readers and keyboards. The filters are the plan table's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.exports import Column, export_format
from server.web.core.formatting import month as month_name
from server.web.core.formatting import page_locale
from server.web.core.list_exports import list_export
from server.web.core.pages import found, is_fragment, read, render
from server.web.core.pipeline import request_state
from server.web.core.templating import label
from server.web.people.saved_views import view_query
from server.web.plans.plan import STATUSES, Filters

ROWS = 300  # initiatives on one roadmap; narrower filters show the rest
LABEL_WIDTH = 320
CHART_WIDTH = 760
ROW_HEIGHT = 30
TOP = 34  # room for the month labels
STATUS_NAMES = {status: label(status) for status in STATUSES}


@dataclass(frozen=True)
class Bar:
    x: float
    width: float


@dataclass(frozen=True)
class Row:
    node: dict[str, Any]
    y: float
    depth: int  # 1: beneath the initiative it executes
    planned: Bar | None
    actual: Bar | None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    rows: list[Row]
    undated: list[dict[str, Any]]
    ticks: list[Tick]
    today_x: float | None
    height: float
    width: int = LABEL_WIDTH + CHART_WIDTH
    label_width: int = LABEL_WIDTH


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _ordered(nodes: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Each initiative once, a child right after the initiative it executes when that is on
    the roadmap too."""
    present = {node["id"] for node in nodes}
    children: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        parent = (node.get("parent") or {}).get("id")
        if parent in present:
            children.setdefault(parent, []).append(node)
    ordered: list[tuple[dict[str, Any], int]] = []
    for node in nodes:
        if (node.get("parent") or {}).get("id") in present:
            continue
        ordered.append((node, 0))
        ordered += [(child, 1) for child in children.get(node["id"], [])]
    return ordered


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def timeline(
    nodes: list[dict[str, Any]], today: date | None = None, locale: str = "en_GB"
) -> Timeline:
    """Where every bar, month and today's line go; the months named in the reader's `locale`."""
    today = today or datetime.now(UTC).date()
    dated, undated = [], []
    for node, depth in _ordered(nodes):
        days = [_day(node[k]) for k in ("plannedStart", "plannedEnd", "actualStart", "actualEnd")]
        (dated if any(days) else undated).append((node, depth))
    if not dated:
        return Timeline([], [n for n, _ in undated], [], None, TOP)
    known = [
        d
        for node, _ in dated
        for d in (_day(node[k]) for k in ("plannedStart", "plannedEnd", "actualStart", "actualEnd"))
        if d
    ] + [today]
    start, end = _month_start(min(known)), _next_month(max(known))
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return LABEL_WIDTH + CHART_WIDTH * (day - start).days / span

    def bar(first: date | None, last: date | None) -> Bar | None:
        if first is None and last is None:
            return None
        first, last = first or last, last or first
        assert first is not None and last is not None
        if last < first:
            first, last = last, first
        return Bar(x(first), max(x(last) - x(first), 3.0))

    rows = []
    for index, (node, depth) in enumerate(dated):
        actual_end = _day(node["actualEnd"]) or (today if node["actualStart"] else None)
        rows.append(Row(
            node, TOP + index * ROW_HEIGHT, depth,
            bar(_day(node["plannedStart"]), _day(node["plannedEnd"])),
            bar(_day(node["actualStart"]), actual_end),
        ))  # fmt: skip
    months = []
    month = start
    while month < end:
        months.append(month)
        month = _next_month(month)
    step = 1 if len(months) <= 12 else 3 if len(months) <= 36 else 12
    ticks = [
        Tick(x(m), month_name(m, locale, short=True) if step < 12 else str(m.year))
        for m in months
        if (m.month - 1) % step == 0
    ]
    return Timeline(
        rows, [n for n, _ in undated], ticks, x(today), TOP + len(rows) * ROW_HEIGHT + 10
    )


EXPORT_COLUMNS = [
    Column("Initiative", lambda n: n["title"]),
    Column("Plan", lambda n: n["plan"]["name"]),
    Column("Status", lambda n: label(n["status"])),
    Column("Planned start", lambda n: n["plannedStart"] or ""),
    Column("Planned end", lambda n: n["plannedEnd"] or ""),
    Column("Actual start", lambda n: n["actualStart"] or ""),
    Column("Actual end", lambda n: n["actualEnd"] or ""),
    Column("Schedule", lambda n: label((n["schedule"] or {}).get("rag") or "")),
    Column("Why", lambda n: (n["schedule"] or {}).get("reason") or ""),
]


async def _roadmap(request: Request, plan_id: str | None) -> Response:
    filters = Filters.from_query(request.query_params)
    chosen = filters.graphql_filter()
    if plan_id:
        chosen["plan"] = [plan_id]
    data = await read(
        request,
        "plans/roadmap",
        {"first": ROWS, "filter": chosen or None, "viewPath": request.url.path},
    )
    plans = data["plans"]["nodes"]
    plan = found(next((p for p in plans if p["id"] == plan_id), None)) if plan_id else None
    if fmt := export_format(request):
        return await list_export(
            request, fmt, "plans/roadmap", {"filter": chosen or None}, ("initiatives",),
            EXPORT_COLUMNS, f"roadmap-{plan['name']}" if plan else "roadmap",
        )  # fmt: skip
    page = data["initiatives"]
    return render(
        request,
        "plans/roadmap.html",
        {
            "plan": plan,
            "page": page,
            "timeline": timeline(
                page["nodes"], locale=page_locale(request, request_state(request).known_viewer)
            ),
            "filters": filters,
            "statuses": STATUS_NAMES,
            "people": data["people"]["nodes"],
            "rows_cap": ROWS,
            "views": data["views"]["nodes"],
            "view_path": request.url.path,
            "view_query": view_query(request),
        },
        block="results" if is_fragment(request) else None,
        fragments=True,
    )


async def roadmap(request: Request) -> Response:
    return await _roadmap(request, None)


async def plan_roadmap(request: Request) -> Response:
    return await _roadmap(request, request.path_params["plan_id"])
