"""The service review pages: the list (by service, state, the drafts whose day has come, and
words in the service's name: the API has no text search over reviews, so the page turns the
words into the services whose names hold them, read whole, and filters by those; sorted by its
column headings through the API's orderBy; with the page's saved views), its export as CSV or
XLSX, with the form that opens a review, and one review with its frozen metrics and
satisfaction, its findings and a form for each step the viewer may take. Every form runs one
mutation (templates/engagement/review_actions.graphql); the rules are the domain's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.exports import Column, export_format
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.list_exports import list_export, matches, search_words
from server.web.core.pages import found, read, render
from server.web.core.paging import Paging, query_string
from server.web.core.sorting import Sort, SortKey, Sorts
from server.web.core.templating import label
from server.web.people.saved_views import bar_values

PER_PAGE = 50
STATUSES = ["DRAFT", "HELD", "CLOSED"]
OUTCOMES = ["IMPROVEMENT", "SUGGESTION", "NO_ACTION"]
# Plans a finding may be suggested to (its service's own plan takes an improvement instead).
SUGGESTION_KINDS = [
    "STRATEGIC",
    "PROCESS_IMPROVEMENT",
    "SECURITY_IMPROVEMENT",
    "CONTINUITY_IMPROVEMENT",
    "SKILL_DEVELOPMENT",
]
# Form action in the address -> the operation of templates/engagement/review_actions.graphql.
ACTIONS = {
    "edit": "UpdateServiceReview",
    "hold": "HoldServiceReview",
    "close": "CloseServiceReview",
    "add-finding": "AddReviewFinding",
    "resolve": "ResolveReviewFinding",
    "remove-finding": "RemoveReviewFinding",
}
DONE = {
    "edit": "The review was saved.",
    "hold": "The review is held: the metrics and the period's satisfaction are frozen on it.",
    "close": "The review is closed.",
    "add-finding": "The finding was noted.",
    "resolve": "The finding has its outcome.",
    "remove-finding": "The finding was removed.",
}
# The input's fields, as the forms name them.
RENAMES = {"findingId": "form", "reviewId": "form"}
ORDERS = Sorts(
    {
        "planned": SortKey("Planned", api="SCHEDULED", descending=True),
        "service": SortKey("Service", api="SERVICE"),
        "period": SortKey("Period", api="PERIOD", descending=True),
        "state": SortKey("State", api="STATUS"),
        "satisfaction": SortKey("Satisfaction", api="SATISFACTION", descending=True),
    },
    "planned",
)


def _helpers() -> dict[str, Any]:
    return {"statuses": STATUSES, "outcomes": OUTCOMES, "suggestion_kinds": SUGGESTION_KINDS}


def list_filters(request: Request) -> tuple[dict[str, Any], Sort, dict[str, str]]:
    """The document's filter and the order from the address, and the address's own values."""
    params = request.query_params
    shown: dict[str, str] = {}
    filter_: dict[str, Any] = {}
    if params.get("status") in STATUSES:
        shown["status"] = params["status"]
        filter_["status"] = [params["status"]]
    if params.get("due") == "1":
        shown["due"] = "1"
        filter_["due"] = True
    for name in ("service", "stakeholder"):
        if params.get(name):
            shown[name] = params[name][:40]
            filter_[name] = [shown[name]]
    if words := search_words(request):
        shown["q"] = words
    order = ORDERS.from_query(params)
    shown.update(order.values())
    return filter_, order, shown


async def _searched(request: Request, filter_: dict[str, Any], shown: dict[str, str]) -> None:
    """The words of the search as the services whose names hold them (one chosen service
    stays chosen only if its name holds them too); no service: a filter nothing matches."""
    if not shown.get("q"):
        return
    data = await read(request, "engagement/reviews", {"first": 0, "filter": None})
    named = [s["id"] for s in data["services"]["nodes"] if matches(shown["q"], s["name"])]
    chosen = filter_.get("service")
    filter_["service"] = [i for i in named if not chosen or i in chosen]
    if not filter_["service"]:
        filter_["status"] = []


def _rating(review: dict[str, Any]) -> object:
    value = review["satisfactionAverage"]
    return round(value, 2) if value is not None else None


EXPORT_COLUMNS = [
    Column("Service", lambda r: r["service"]["name"]),
    Column("Period from", lambda r: r["periodStart"]),
    Column("Period to", lambda r: r["periodEnd"]),
    Column("Planned", lambda r: r["scheduledOn"]),
    Column("Overdue", lambda r: "yes" if r["overdue"] else "no"),
    Column("State", lambda r: label(r["status"])),
    Column("Held", lambda r: r["heldOn"] or ""),
    Column("Stakeholders", lambda r: ", ".join(s["name"] for s in r["stakeholders"]["nodes"])),
    Column("Satisfaction (of 5)", _rating),
    Column("Findings", lambda r: r["findings"]["totalCount"]),
    Column(
        "Undecided findings",
        lambda r: sum(1 for f in r["findings"]["nodes"] if f["outcome"] is None),
    ),
]


def _open_defaults(request: Request, services: list[dict]) -> dict[str, str]:
    """The open form as the address may pre-fill it (the link on a service's page): the
    service, its next review date, and the quarter before it."""
    wanted = request.query_params.get("service")
    chosen = next((s for s in services if s["id"] == wanted), None)
    planned = date.today()
    if chosen is not None and chosen.get("nextReviewOn"):
        planned = date.fromisoformat(chosen["nextReviewOn"])
    end = planned - timedelta(days=1)
    return {
        "serviceId": chosen["id"] if chosen else "",
        "scheduledOn": planned.isoformat(),
        "periodStart": (end - timedelta(days=90)).replace(day=1).isoformat(),
        "periodEnd": end.isoformat(),
    }


async def reviews_page(request: Request, *, errors=None, form=None, status_code=200):
    filter_, order, shown = list_filters(request)
    await _searched(request, filter_, shown)
    variables = {"filter": filter_ or None, **order.variables()}
    if status_code == 200 and (fmt := export_format(request)):
        return await list_export(
            request, fmt, "engagement/reviews", variables, ("serviceReviews",),
            EXPORT_COLUMNS, "service-reviews",
        )  # fmt: skip
    paging = Paging.from_query(request.query_params, PER_PAGE)
    data = await read(request, "engagement/reviews", {**paging.variables(), **variables})
    openable = [s for s in data["services"]["nodes"] if s["viewerMayOpenReview"]]
    return render(
        request,
        "engagement/reviews.html",
        {
            "data": data,
            "listed": data["serviceReviews"],
            "shown": shown,
            "order": order,
            "page_query": lambda **changes: query_string(shown, **changes),
            **bar_values(request, data, "/reviews"),
            "openable": openable,
            "errors": errors or {},
            "form": form if form is not None else _open_defaults(request, openable),
            "flash": take_flash(request),
            **_helpers(),
        },
        status_code=status_code,
    )


def _review_fields(form: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: form.get(name) or None for name in ("periodStart", "periodEnd", "scheduledOn")
    }
    fields["personIds"] = [pk for pk in form.get("personIds", []) if pk]
    fields["stakeholderIds"] = [pk for pk in form.get("stakeholderIds", []) if pk]
    fields["notes"] = form.get("notes", "")
    return fields


async def open_review(request: Request) -> Response:
    form = await form_values(request)
    fields = {"serviceId": form.get("serviceId", ""), **_review_fields(form)}
    missing = {
        name: message
        for name, message in (
            ("serviceId", "choose the service to review"),
            ("periodStart", "give the first day of the period it covers"),
            ("periodEnd", "give the last day of the period it covers"),
        )
        if not fields.get(name)
    }
    if missing:
        return await reviews_page(request, errors=missing, form=form, status_code=422)
    outcome = await run_mutation(request, "engagement/review_actions", "OpenServiceReview", fields)
    if outcome.ok:
        flash(request, "The review is opened as a draft.")
        return RedirectResponse(
            f"/reviews/{outcome.payload['serviceReview']['id']}", status_code=303
        )
    return await reviews_page(request, errors=outcome.problems, form=form, status_code=422)


async def _render_one(
    request: Request, review_id: str, *, errors=None, form=None, open_form=None,
    status_code=200,
) -> Response:  # fmt: skip
    data = await read(request, "engagement/review", {"id": review_id})
    item = found(data.get("node"))
    return render(
        request,
        "engagement/review.html",
        {
            "data": data,
            "item": item,
            "errors": errors or {},
            "form": form or {},
            "open_form": open_form,
            "flash": take_flash(request),
            "today": date.today().isoformat(),
            **_helpers(),
        },
        status_code=status_code,
    )


async def review_page(request: Request) -> Response:
    return await _render_one(request, request.path_params["review_id"])


def action_input(action: str, review_id: str, form: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {"id": review_id}
    version = form.get("expectedVersion", "")
    if version.isdigit():
        fields["expectedVersion"] = int(version)
    if action == "edit":
        changes = _review_fields(form)
        if form.get("status") == "HELD":  # the period and the day stay as they were
            changes = {k: v for k, v in changes.items() if k not in ("periodStart", "periodEnd",
                                                                      "scheduledOn")}  # fmt: skip
        fields.update(changes)
    elif action == "hold":
        fields["heldOn"] = form.get("heldOn") or None
    elif action == "add-finding":
        return {
            "reviewId": review_id,
            "title": form.get("title", ""),
            "description": form.get("description") or None,
        }
    elif action == "resolve":
        outcome = form.get("outcome") if form.get("outcome") in OUTCOMES else None
        fields = {
            "findingId": form.get("findingId", ""),
            "outcome": outcome,
            "note": form.get("note") or None,
        }
        if outcome == "SUGGESTION":
            kind = form.get("planKind")
            fields["planKind"] = kind if kind in SUGGESTION_KINDS else None
            if kind == "PROCESS_IMPROVEMENT":
                fields["processId"] = form.get("processId") or None
    elif action == "remove-finding":
        return {"findingId": form.get("findingId", "")}
    return fields


async def review_action(request: Request) -> Response:
    review_id = request.path_params["review_id"]
    action = request.path_params["action"]
    form = await form_values(request)
    fields = action_input(action, review_id, form)
    if action == "resolve" and fields["outcome"] is None:
        return await _render_one(
            request, review_id, errors={"outcome": "choose what becomes of the finding"},
            form=form, open_form=f"resolve-{form.get('findingId', '')}", status_code=422,
        )  # fmt: skip
    outcome = await run_mutation(
        request, "engagement/review_actions", ACTIONS[action], fields,
        subject=("id", "reviewId"), renames=RENAMES,
    )  # fmt: skip
    if outcome.ok:
        flash(request, DONE[action])
        return RedirectResponse(f"/reviews/{review_id}", status_code=303)
    problems = outcome.problems
    if "expectedVersion" in problems:
        problems["form"] = problems.pop("expectedVersion")
    which = f"resolve-{form.get('findingId', '')}" if action == "resolve" else action
    return await _render_one(
        request, review_id, errors=problems, form=form, open_form=which, status_code=422
    )
