"""The suggestion pages: the register and a plan's inbox (filtered by state, kind and words,
paged), the submit form, and one suggestion with a form for each step the viewer may take.
Every form runs one mutation (templates/engagement/actions.graphql); the rules are the
domain's."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.exports import Column, export_format
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.list_exports import list_export
from server.web.core.pages import found, read, render
from server.web.core.paging import Paging, query_string
from server.web.core.pipeline import request_state
from server.web.core.schema_api import to_global_id
from server.web.core.sorting import Sort, SortKey, Sorts
from server.web.core.templating import PLAN_KIND_LABELS, SUGGESTION_STATES
from server.web.people.saved_views import bar_values

PER_PAGE = 50
STATUSES = SUGGESTION_STATES
# The address's `status`: a named view, or one state.
VIEWS = {"open": ["SUBMITTED", "NEEDS_INFORMATION"], "all": None}
KINDS = list(PLAN_KIND_LABELS)
# How the list sorts (`sort`, `dir`): its headings, and the "Sort by" choice of the filters.
ORDERS = Sorts(
    {
        "submitted": SortKey("Newest first", api="ID", descending=True),
        "support": SortKey("Most support first", api="SUPPORT", descending=True),
        "title": SortKey("Title", api="TITLE"),
    },
    "submitted",
)
# Form action in the address -> the operation of templates/engagement/actions.graphql.
ACTIONS = {
    "accept": "AcceptSuggestion",
    "decline": "DeclineSuggestion",
    "merge": "MergeSuggestion",
    "ask": "RequestSuggestionInformation",
    "edit": "EditSuggestion",
    "withdraw": "WithdrawSuggestion",
    "support": "SupportSuggestion",
    "unsupport": "SupportSuggestion",
}
DONE = {
    "accept": "Accepted: it is now a proposed initiative in the plan.",
    "decline": "The suggestion was declined; its author sees your reason.",
    "merge": "Merged; its support now counts for the one it duplicates.",
    "ask": "Sent back to its author with your question.",
    "edit": "Your changes were saved.",
    "withdraw": "Your suggestion was withdrawn.",
    "support": "You support this suggestion.",
    "unsupport": "You no longer support this suggestion.",
}


def _helpers() -> dict[str, Any]:
    return {"statuses": STATUSES, "kinds": KINDS, "kind_labels": PLAN_KIND_LABELS}


def list_filters(request: Request) -> tuple[dict[str, Any], Sort, dict[str, str]]:
    """The document's filter and the order from the address, and the address's own values (to
    keep them in the filter form and the paging links)."""
    params = request.query_params
    view = params.get("status") or "open"
    shown = {"status": view if view in VIEWS or view in STATUSES else "open"}
    status = VIEWS.get(shown["status"], [shown["status"]])
    filter_: dict[str, Any] = {"status": status}
    if params.get("kind") in PLAN_KIND_LABELS:
        shown["kind"] = params["kind"]
        filter_["kind"] = [params["kind"]]
    words = (params.get("q") or "").strip()[:200]
    if words:
        shown["q"] = words
        filter_["search"] = words
    if params.get("mine") == "1":
        shown["mine"] = "1"
    order = ORDERS.from_query(params)
    shown.update(order.values())
    return filter_, order, shown


EXPORT_COLUMNS = [
    Column("Suggestion", lambda s: s["title"]),
    Column("Plan", lambda s: (s["plan"] or {}).get("name", "")),
    Column("Kind of plan", lambda s: PLAN_KIND_LABELS.get(s["planKind"], s["planKind"])),
    Column("State", lambda s: STATUSES.get(s["status"], s["status"])),
    Column("Support", lambda s: s["supportCount"]),
    Column("From", lambda s: (s["author"] or {}).get("name", "a former member of staff")),
    Column("Submitted (UTC)", lambda s: s["createdAt"][:16].replace("T", " ")),
    Column("Initiative", lambda s: (s["initiative"] or {}).get("title", "")),
]


async def suggestions_page(request: Request, *, errors=None, form=None, status_code=200):
    filter_, order, shown = list_filters(request)
    if shown.get("mine"):
        viewer = await request_state(request).viewer()
        if viewer is not None:
            filter_["author"] = [to_global_id("Person", viewer.person_id)]
    variables = {"filter": filter_, **order.variables(), "viewPath": "/suggestions"}
    if status_code == 200 and (fmt := export_format(request)):
        return await list_export(
            request, fmt, "engagement/suggestions", variables, ("suggestions",),
            EXPORT_COLUMNS, "suggestions",
        )  # fmt: skip
    paging = Paging.from_query(request.query_params, PER_PAGE)
    data = await read(request, "engagement/suggestions", {**paging.variables(), **variables})
    return render(
        request,
        "engagement/suggestions.html",
        {
            "data": data,
            "listed": data["suggestions"],
            "shown": shown,
            "order": order,
            "page_query": lambda **changes: query_string(shown, **changes),
            **bar_values(request, data),
            "errors": errors or {},
            "form": form if form is not None else _form_defaults(request),
            "flash": take_flash(request),
            "similar": [],
            **_helpers(),
        },
        status_code=status_code,
    )


def _form_defaults(request: Request) -> dict[str, str]:
    """The submit form as the address may pre-fill it (a link from a metric, a service, a
    plan)."""
    params = request.query_params
    return {
        name: params[name]
        for name in (
            "kind",
            "serviceId",
            "processId",
            "sourceMetricId",
            "sourceAssessmentId",
            "title",
        )
        if params.get(name)
    }


async def plan_suggestions_page(request: Request) -> Response:
    filter_, order, shown = list_filters(request)
    variables = {
        "id": request.path_params["plan_id"], "filter": filter_, **order.variables(),
        "viewPath": request.url.path,
    }  # fmt: skip
    if fmt := export_format(request):
        named = await read(request, "engagement/plan_suggestions", {**variables, "first": 0})
        plan = found(named.get("node"))
        return await list_export(
            request, fmt, "engagement/plan_suggestions", variables, ("node", "suggestions"),
            EXPORT_COLUMNS, f"suggestions-{plan['name']}",
        )  # fmt: skip
    paging = Paging.from_query(request.query_params, PER_PAGE)
    data = await read(request, "engagement/plan_suggestions", {**paging.variables(), **variables})
    plan = found(data.get("node"))
    return render(
        request,
        "engagement/plan_suggestions.html",
        {
            "data": data,
            "plan": plan,
            "listed": plan["suggestions"],
            "shown": shown,
            "order": order,
            "page_query": lambda **changes: query_string(shown, **changes),
            **bar_values(request, data),
            **_helpers(),
        },
    )


async def similar_suggestions(request: Request) -> Response:
    """The block below the title field: suggestions like the title typed so far."""
    title = (request.query_params.get("title") or "").strip()[:200]
    kind = request.query_params.get("kind")
    similar: list[dict] = []
    if len(title) >= 3:
        variables = {"title": title, "kind": kind if kind in PLAN_KIND_LABELS else None}
        data = await read(request, "engagement/similar", variables)
        similar = data["similarSuggestions"]
    return render(
        request,
        "engagement/suggestions.html",
        {"similar": similar, "typed": title, **_helpers()},
        block="similar",
    )


def submit_input(form: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": form.get("kind") if form.get("kind") in PLAN_KIND_LABELS else None,
        "title": form.get("title", ""),
        "description": form.get("description", ""),
    }
    for name in ("serviceId", "processId"):
        if form.get(name):
            fields[name] = form[name]
    if form.get("sourceMetricId"):
        fields["source"] = "METRIC"
        fields["sourceMetricId"] = form["sourceMetricId"]
    elif form.get("sourceAssessmentId"):
        fields["source"] = "BALANCE_ASSESSMENT"
        fields["sourceAssessmentId"] = form["sourceAssessmentId"]
    return fields


async def submit_suggestion(request: Request) -> Response:
    form = await form_values(request)
    fields = submit_input(form)
    if fields["kind"] is None:
        return await suggestions_page(
            request, errors={"kind": "choose the kind of plan it concerns"}, form=form,
            status_code=422,
        )  # fmt: skip
    outcome = await run_mutation(request, "engagement/actions", "SubmitSuggestion", fields)
    if outcome.ok:
        suggestion = outcome.payload["suggestion"]
        where = (suggestion["plan"] or {}).get("name") or (
            f"the {PLAN_KIND_LABELS[suggestion['planKind']].lower()} plan"
        )
        flash(request, f"Thank you: your suggestion was sent to {where}.")
        return RedirectResponse(f"/suggestions/{suggestion['id']}", status_code=303)
    return await suggestions_page(request, errors=outcome.problems, form=form, status_code=422)


async def _render_one(
    request: Request, suggestion_id: str, *, errors=None, form=None, open_form=None,
    status_code=200,
) -> Response:  # fmt: skip
    data = await read(request, "engagement/suggestion", {"id": suggestion_id})
    item = found(data.get("node"))
    return render(
        request,
        "engagement/suggestion.html",
        {
            "data": data,
            "item": item,
            "errors": errors or {},
            "form": form or {},
            "open_form": open_form,
            "flash": take_flash(request),
            **_helpers(),
        },
        status_code=status_code,
    )


async def suggestion_page(request: Request) -> Response:
    return await _render_one(request, request.path_params["suggestion_id"])


def action_input(action: str, suggestion_id: str, form: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {"id": suggestion_id}
    version = form.get("expectedVersion", "")
    if version.isdigit() and action not in ("support", "unsupport"):
        fields["expectedVersion"] = int(version)
    if action == "accept":
        fields.update(title=form.get("title") or None, note=form.get("note") or None)
    elif action == "decline":
        fields["reason"] = form.get("reason", "")
    elif action == "ask":
        fields["question"] = form.get("question", "")
    elif action == "merge":
        target = form.get("into", "")
        kind, _, global_id = target.partition(":")
        if kind == "suggestion":
            fields["intoSuggestionId"] = global_id
        elif kind == "initiative":
            fields["intoInitiativeId"] = global_id
        fields["note"] = form.get("note") or None
    elif action == "edit":
        fields.update(title=form.get("title", ""), description=form.get("description", ""))
    elif action == "withdraw":
        fields["reason"] = form.get("reason") or None
    elif action in ("support", "unsupport"):
        fields["support"] = action == "support"
    return fields


# Where an error about an input field shows on the page's forms.
RENAMES = {"intoSuggestionId": "into", "intoInitiativeId": "into", "support": "form"}


async def suggestion_action(request: Request) -> Response:
    suggestion_id = request.path_params["suggestion_id"]
    action = request.path_params["action"]
    form = await form_values(request)
    outcome = await run_mutation(
        request, "engagement/actions", ACTIONS[action],
        action_input(action, suggestion_id, form), subject=("id",), renames=RENAMES,
    )  # fmt: skip
    if outcome.ok:
        flash(request, DONE[action])
        return RedirectResponse(f"/suggestions/{suggestion_id}", status_code=303)
    problems = outcome.problems
    if "expectedVersion" in problems:
        problems["form"] = problems.pop("expectedVersion")
    return await _render_one(
        request, suggestion_id, errors=problems, form=form, open_form=action, status_code=422
    )
