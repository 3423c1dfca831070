"""The stakeholder pages: the list (filtered by kind and words, sorted by its column headings:
the list is read whole, so the page sorts it) with the add form for administrators and business
relationship managers, and one stakeholder with the services it
uses and the forms that change it. Every form runs one mutation
(templates/engagement/stakeholder_actions.graphql)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.exports import Column, export_format
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.list_exports import list_export
from server.web.core.pages import found, read, render
from server.web.core.paging import query_string
from server.web.core.schema_api import StakeholderKind
from server.web.core.sorting import SortKey, Sorts
from server.web.core.templating import label
from server.web.people.saved_views import bar_values

KINDS = [kind.name for kind in StakeholderKind]
ACTIONS = {
    "edit": "UpdateStakeholder",
    "link": "LinkStakeholderService",
    "unlink": "UnlinkStakeholderService",
}
DONE = {
    "edit": "The stakeholder was saved.",
    "link": "The relationship was saved.",
    "unlink": "The service was removed from this stakeholder.",
}


ORDERS = Sorts(
    {
        "name": SortKey("Name", value=lambda s: s["name"]),
        "kind": SortKey("Kind", value=lambda s: label(s["kind"])),
        "services": SortKey(
            "Most services first", value=lambda s: len(s["services"]), descending=True
        ),
        "owner": SortKey(
            "Relationship owner", value=lambda s: (s["relationshipOwner"] or {}).get("name")
        ),
    },
    "name",
)
EXPORT_COLUMNS = [
    Column("Stakeholder", lambda s: s["name"]),
    Column("Kind", lambda s: label(s["kind"])),
    Column("Contact", lambda s: s["contact"] or ""),
    Column("Services it uses", lambda s: ", ".join(x["service"]["name"] for x in s["services"])),
    Column("Relationship owner", lambda s: (s["relationshipOwner"] or {}).get("name", "")),
]


async def stakeholders_page(request: Request, *, errors=None, form=None, status_code=200):
    params = request.query_params
    shown: dict[str, str] = {}
    filter_: dict[str, Any] = {}
    if params.get("kind") in KINDS:
        shown["kind"] = filter_["kind"] = params["kind"]
        filter_["kind"] = [params["kind"]]
    words = (params.get("q") or "").strip()[:200]
    if words:
        shown["q"] = filter_["search"] = words
    order = ORDERS.from_query(params)
    shown.update(order.values())
    variables = {"filter": filter_ or None, "viewPath": "/stakeholders"}
    if status_code == 200 and (fmt := export_format(request)):
        return await list_export(
            request, fmt, "engagement/stakeholders", variables, ("stakeholders",),
            EXPORT_COLUMNS, "stakeholders", order=order.rows,
        )  # fmt: skip
    data = await read(request, "engagement/stakeholders", variables)
    return render(
        request,
        "engagement/stakeholders.html",
        {
            "data": data,
            "listed": order.rows(data["stakeholders"]["nodes"]),
            "shown": shown,
            "order": order,
            "page_query": lambda **changes: query_string(shown, **changes),
            "export_query": query_string(shown),
            **bar_values(request, data),
            "stakeholder_kinds": KINDS,
            "errors": errors or {},
            "form": form or {},
            "flash": take_flash(request),
        },
        status_code=status_code,
    )


def _fields(form: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": form.get("name", ""),
        "kind": form.get("kind") if form.get("kind") in KINDS else None,
        "contact": form.get("contact", ""),
        "description": form.get("description", ""),
    }


async def add_stakeholder(request: Request) -> Response:
    form = await form_values(request)
    fields = _fields(form)
    if fields["kind"] is None:
        return await stakeholders_page(
            request, errors={"kind": "choose what kind of stakeholder it is"}, form=form,
            status_code=422,
        )  # fmt: skip
    fields["relationshipOwnerId"] = form.get("relationshipOwnerId") or None
    outcome = await run_mutation(
        request, "engagement/stakeholder_actions", "CreateStakeholder", fields
    )
    if outcome.ok:
        flash(request, "The stakeholder was added.")
        return RedirectResponse(
            f"/stakeholders/{outcome.payload['stakeholder']['id']}", status_code=303
        )
    return await stakeholders_page(request, errors=outcome.problems, form=form, status_code=422)


async def _render_one(
    request: Request, stakeholder_id: str, *, errors=None, form=None, open_form=None,
    status_code=200,
) -> Response:  # fmt: skip
    data = await read(request, "engagement/stakeholder", {"id": stakeholder_id})
    return render(
        request,
        "engagement/stakeholder.html",
        {
            "data": data,
            "item": found(data.get("node")),
            "stakeholder_kinds": KINDS,
            "errors": errors or {},
            "form": form or {},
            "open_form": open_form,
            "flash": take_flash(request),
        },
        status_code=status_code,
    )


async def stakeholder_page(request: Request) -> Response:
    return await _render_one(request, request.path_params["stakeholder_id"])


def _action_input(action: str, stakeholder_id: str, form: dict[str, Any]) -> dict[str, Any]:
    if action == "edit":
        fields = {"id": stakeholder_id, **_fields(form)}
        if "relationshipOwnerId" in form:  # only managers see the field
            fields["relationshipOwnerId"] = form["relationshipOwnerId"] or None
        version = form.get("expectedVersion", "")
        if version.isdigit():
            fields["expectedVersion"] = int(version)
        return fields
    fields = {"stakeholderId": stakeholder_id, "serviceId": form.get("serviceId", "")}
    if action == "link":
        fields["since"] = form.get("since") or None
        fields["notes"] = form.get("notes") or None
    return fields


async def stakeholder_action(request: Request) -> Response:
    stakeholder_id = request.path_params["stakeholder_id"]
    action = request.path_params["action"]
    form = await form_values(request)
    outcome = await run_mutation(
        request, "engagement/stakeholder_actions", ACTIONS[action],
        _action_input(action, stakeholder_id, form), subject=("id", "stakeholderId"),
    )  # fmt: skip
    if outcome.ok:
        flash(request, DONE[action])
        return RedirectResponse(f"/stakeholders/{stakeholder_id}", status_code=303)
    problems = outcome.problems
    if "expectedVersion" in problems:
        problems["form"] = problems.pop("expectedVersion")
    return await _render_one(
        request, stakeholder_id, errors=problems, form=form, open_form=action, status_code=422
    )
