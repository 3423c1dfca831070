"""The metrics pages (step 6 of the improvement process, present): the list with filters and
sparklines, and one metric's dashboard with its chart, its measurements and a form to record a
measurement by hand (which runs `recordMeasurements`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from graphql import GraphQLError
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.exports import Column, every_row, export_format, export_response
from server.web.core.forms import form_text, form_values, run_mutation
from server.web.core.ids import is_global_id
from server.web.core.pages import found, is_fragment, read, render
from server.web.core.schema_api import decode_cursor
from server.web.core.sorting import Sort, SortKey, Sorts
from server.web.core.templating import label
from server.web.people.saved_views import view_query

PAGE_SIZE = 25
MEASUREMENT_ROWS = 20
RAGS = ["RED", "AMBER", "GREEN", "NONE"]
RAG_LABELS = {"RED": "Red", "AMBER": "Amber", "GREEN": "Green", "NONE": "No status"}
SCAN_PAGE = 100  # metrics read per request while the page picks out the chosen RAG statuses
SCAN_LIMIT = 20  # requests at most for one page of RAG-filtered metrics
# What the table's headings sort by, in the API's order: by name, or by status worst first.
ORDERS = Sorts(
    {"name": SortKey("Name", api="NAME"), "status": SortKey("Status", api="STATUS")}, "name"
)


def _cursor(value: str | None) -> str | None:
    """A cursor as the API gives them, or None (the first page). Checked here because the list
    is a root field: a refused cursor there would void the whole document."""
    try:
        decode_cursor(value or "", "after")
    except GraphQLError:
        return None
    return value


@dataclass(frozen=True)
class MetricFilters:
    """The list's query string, checked: unknown values are dropped, never passed on."""

    plan: str
    service: str
    owner: str
    rag: list[str]
    after: str | None
    order: Sort

    @classmethod
    def from_query(cls, params: QueryParams) -> MetricFilters:
        def one(name: str, type_name: str) -> str:
            value = params.get(name, "")
            return value if is_global_id(value, type_name) else ""

        return cls(
            plan=one("plan", "Plan"),
            service=one("service", "Service"),
            owner=one("owner", "Person"),
            rag=[value for value in params.getlist("rag") if value in RAGS],
            after=_cursor(params.get("after")),
            order=ORDERS.from_query(params),
        )

    def graphql_filter(self) -> dict[str, Any] | None:
        chosen = {
            name: [value]
            for name, value in (
                ("plan", self.plan),
                ("service", self.service),
                ("owner", self.owner),
            )
            if value
        }
        return chosen or None

    def query_string(self, **changes: Any) -> str:
        values: dict[str, Any] = {
            "plan": self.plan,
            "service": self.service,
            "owner": self.owner,
            "rag": self.rag,
            "after": self.after or "",
            **self.order.values(),
        }
        values.update(changes)
        pairs = []
        for key, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                if item:
                    pairs.append((key, str(item)))
        return str(QueryParams(pairs))


@dataclass(frozen=True)
class MetricsPage:
    rows: list[dict]
    total: int | None  # None when the RAG filter is applied on this page (count unknown)
    next_cursor: str | None
    choices: dict[str, list[dict]]


async def _metrics_page(request: Request, filters: MetricFilters) -> MetricsPage:
    """One page of metrics. The RAG status is computed on every read, so the API cannot filter
    on it; with a RAG filter the page reads the matching metrics in larger pages and keeps the
    ones with the chosen statuses, remembering the cursor of the last one shown."""
    variables = {
        "filter": filters.graphql_filter(),
        "after": filters.after,
        **filters.order.variables(),
    }
    if not filters.rag:
        data = await read(request, "metrics/list", {**variables, "first": PAGE_SIZE})
        page = data["metrics"]
        return MetricsPage(
            rows=[edge["node"] for edge in page["edges"]],
            total=page["totalCount"],
            next_cursor=page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None,
            choices=_choices(data),
        )
    kept: list[dict] = []
    after, data, next_cursor, kept_cursor = filters.after, {}, None, None
    for _ in range(SCAN_LIMIT):
        data = await read(
            request, "metrics/list", {**variables, "first": SCAN_PAGE, "after": after}
        )
        page = data["metrics"]
        for edge in page["edges"]:
            if edge["node"]["status"]["rag"] not in filters.rag:
                continue
            if len(kept) == PAGE_SIZE:
                next_cursor = kept_cursor
                break
            kept.append(edge["node"])
            kept_cursor = edge["cursor"]
        if next_cursor or not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    else:
        next_cursor = after  # looked far enough for one request; carry on from here
    return MetricsPage(rows=kept, total=None, next_cursor=next_cursor, choices=_choices(data))


def _choices(data: dict) -> dict[str, list[dict]]:
    return {name: data[name]["nodes"] for name in ("plans", "services", "people")}


EXPORT_COLUMNS = [
    Column("Metric", lambda m: m["name"]),
    Column("Status", lambda m: RAG_LABELS.get(m["status"]["rag"], "")),
    Column("Why", lambda m: m["status"]["reason"] or ""),
    Column("Latest value", lambda m: m["status"]["latestValue"]),
    Column("Target", lambda m: m["targetValue"]),
    Column("Unit", lambda m: m["unit"] or ""),
    Column("Better when", lambda m: label(m["direction"])),
    Column("Owner", lambda m: (m["owner"] or {}).get("name", "")),
    Column("Plan", lambda m: (m["plan"] or {}).get("name", "")),
    Column("Service", lambda m: (m["service"] or {}).get("name", "")),
]


async def _export(request: Request, filters: MetricFilters, fmt: str) -> Response:
    """Every metric the filters match, in the list's order (the RAG status is chosen here, as
    on the page)."""
    variables = {"filter": filters.graphql_filter(), **filters.order.variables()}

    async def fetch(after: str | None) -> tuple[list[dict], str | None]:
        data = await read(
            request, "metrics/list", {**variables, "first": SCAN_PAGE, "after": after}
        )
        page = data["metrics"]
        nodes = [edge["node"] for edge in page["edges"]]
        kept = [n for n in nodes if not filters.rag or n["status"]["rag"] in filters.rag]
        return kept, page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None

    rows, cut = await every_row(fetch)
    return export_response(fmt, EXPORT_COLUMNS, rows, "metrics", cut)


async def metrics_list(request: Request) -> Response:
    filters = MetricFilters.from_query(request.query_params)
    if fmt := export_format(request):
        return await _export(request, filters, fmt)
    page = await _metrics_page(request, filters)
    views = await read(request, "views/views", {"path": "/metrics"})
    return render(
        request,
        "metrics/list.html",
        {
            "page": page, "filters": filters, "rags": RAGS, "rag_labels": RAG_LABELS,
            "views": views["savedViews"]["nodes"], "view_query": view_query(request),
        },
        block="results" if is_fragment(request) else None,
        fragments=True,
    )  # fmt: skip


async def _render_metric(
    request: Request, metric_id: str, *, errors=None, form=None, status_code=200
) -> Response:
    before = request.query_params.get("before") or None
    data = await read(
        request, "metrics/metric", {"id": metric_id, "rows": MEASUREMENT_ROWS, "before": before}
    )
    return render(
        request,
        "metrics/metric.html",
        {
            "metric": found(data.get("node")),
            "mentionable": data["mentionable"]["nodes"],
            "before": before,
            "rag_labels": RAG_LABELS,
            "errors": errors or {},
            "form": form or {},
            "now": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"),
            "open_record": request.query_params.get("record") == "1",
        },
        status_code=status_code,
    )


async def metric_page(request: Request) -> Response:
    return await _render_metric(request, request.path_params["metric_id"])


async def decide_change(request: Request) -> Response:
    """Accept or reject the metric's pending target change (the form names the change)."""
    metric_id = request.path_params["metric_id"]
    form = await form_values(request)
    accept = form.get("decision") == "accept"
    payload_input = {"id": form.get("changeId", ""), "accept": accept}
    if not accept:
        payload_input["reason"] = form.get("reason", "")
    outcome = await run_mutation(
        request, "metrics/actions", "DecidePendingChange", payload_input, subject=("id",)
    )
    if outcome.ok:
        return RedirectResponse(f"/metrics/{metric_id}", status_code=303)
    problems = outcome.problems
    errors = {"decision": problems.pop("reason", None) or next(iter(problems.values()))}
    return await _render_metric(request, metric_id, errors=errors, form=form, status_code=422)


async def record_measurement(request: Request) -> Response:
    metric_id = request.path_params["metric_id"]
    form = await form_text(request)
    problems, row = measurement_input(form)
    if not problems:
        row["metricId"] = metric_id
        outcome = await run_mutation(
            request,
            "metrics/record",
            "RecordMeasurement",
            {"measurements": [row]},
            fields=("value", "takenAt", "source"),
            subject=("metricId",),
        )
        # A batch's errors name their row; this form sends one.
        problems = {k: v.removeprefix("row 0: ") for k, v in outcome.problems.items()}
    if not problems:
        return RedirectResponse(f"/metrics/{metric_id}", status_code=303)
    return await _render_metric(request, metric_id, errors=problems, form=form, status_code=422)


def measurement_input(form: dict[str, str]) -> tuple[dict[str, str], dict[str, Any]]:
    """One measurement from the form, or the fields it got wrong (named as the form names them)."""
    problems: dict[str, str] = {}
    row: dict[str, Any] = {"source": form.get("source", "").strip() or "entered by hand"}
    raw_value = form.get("value", "").strip().replace(" ", "")
    try:
        value = float(raw_value)
    except ValueError:
        problems["value"] = "Enter a number, for example 4.5."
    else:
        if not math.isfinite(value):
            problems["value"] = "Enter a finite number, for example 4.5."
        row["value"] = value
    taken_at = parse_taken_at(form.get("takenAt", ""))
    if taken_at is None:
        problems["takenAt"] = "Enter a date and time, for example 2026-05-01 09:00."
    else:
        row["takenAt"] = taken_at.isoformat()
    return problems, row


def parse_taken_at(text: str) -> datetime | None:
    """A date (midnight) or a date and time, as typed or sent by a datetime-local field; UTC
    unless an offset is given."""
    text = text.strip().replace(" ", "T")
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
