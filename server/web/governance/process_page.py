"""A process's page (`/processes/{id}`): its definition (purpose, scope, activities with their
procedures), who does what (the RACI matrix), its policies, its metrics with their status, its
improvement plan's work and suggestions, and the latest changes to the definition; with
`?asOf=YYYY-MM-DD`, the definition as it stood that day beside today's.

Its owner keeps it with the forms here; each runs one mutation
(templates/processes/actions.graphql) and, refused, comes back to this page with the errors
beside the fields of the form that was sent."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.pages import found, read, render

BRIEF_INITIATIVES = 10  # initiatives shown in brief from the process's improvement plan
PARTS = {"RESPONSIBLE": "R", "CONSULTED": "C", "INFORMED": "I", "ACCOUNTABLE": "A"}
ACTIONS = "processes/actions"
ACTIVITY_TEXTS = ("name", "inputs", "outputs", "handoffs", "procedure")
POLICY_TEXTS = ("title", "statement", "rationale", "effectiveOn", "reviewOn")


def _as_of(request: Request) -> tuple[str | None, str | None]:
    """The day asked for (`?asOf=`), or the problem with it."""
    raw = request.query_params.get("asOf", "").strip()
    if not raw:
        return None, None
    try:
        return date.fromisoformat(raw).isoformat(), None
    except ValueError:
        return None, "Give the day as a date, e.g. 2026-01-31."


def raci_matrix(activities: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, str]]]:
    """The matrix's columns (the process owner first, then every role with a part, by name)
    and, per activity, each role's letter."""
    columns: list[str] = []
    for activity in activities:
        for cell in activity["raci"]:
            if cell["roleName"] not in columns:
                columns.append(cell["roleName"])
    columns = columns[:1] + sorted(columns[1:])
    rows = [
        {cell["roleName"]: PARTS[cell["responsibility"]] for cell in activity["raci"]}
        for activity in activities
    ]
    return columns, rows


async def process(
    request: Request, *, errors=None, form=None, open_form=None, status_code=200
) -> Response:  # fmt: skip
    as_of, as_of_problem = _as_of(request)
    variables = {
        "id": request.path_params["id"], "brief": BRIEF_INITIATIVES,
        "asOf": as_of, "historic": as_of is not None,
    }  # fmt: skip
    data = await read(request, "processes/process", variables)
    item = found(data.get("node"))
    activities = item["activities"]["nodes"]
    columns, rows = raci_matrix(activities)
    then = (item.get("then") or {}).get("nodes") if as_of else None
    then_matrix = raci_matrix(then[0]["activities"]) if then else None
    problems = dict(errors or {})
    if as_of_problem:
        problems["asOf"] = as_of_problem
    return render(
        request,
        "processes/process.html",
        {
            "data": data, "item": item, "activities": activities,
            "raci_columns": columns, "raci_rows": rows,
            "roles": [r for r in data["roles"]["nodes"] if r["slug"] != "process_owner"],
            "as_of": as_of, "then": then[0] if then else None, "then_matrix": then_matrix,
            "as_of_asked": request.query_params.get("asOf", ""),
            "errors": problems, "form": form or {}, "open_form": open_form,
            "flash": take_flash(request), "today": date.today().isoformat(),
        },
        status_code=status_code,
    )  # fmt: skip


def _version(form: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    version = str(form.get("expectedVersion", ""))
    if version.isdigit():
        fields["expectedVersion"] = int(version)
    return fields


async def _outcome(
    request: Request, operation: str, fields: dict[str, Any], form: dict[str, Any],
    which: str, done: str, anchor: str, subject: tuple[str, ...] = ("id",),
) -> Response:  # fmt: skip
    outcome = await run_mutation(request, ACTIONS, operation, fields, subject=subject)
    if outcome.ok:
        flash(request, done)
        return RedirectResponse(f"/processes/{request.path_params['id']}#{anchor}",
                                status_code=303)  # fmt: skip
    problems = outcome.problems
    if "expectedVersion" in problems:
        problems["form"] = problems.pop("expectedVersion")
    return await process(request, errors=problems, form=form, open_form=which, status_code=422)


async def define(request: Request) -> Response:
    form = await form_values(request)
    fields = _version(form, {
        "processId": request.path_params["id"],
        "purpose": form.get("purpose", ""), "scope": form.get("scope", ""),
    })  # fmt: skip
    return await _outcome(request, "UpdateProcessDefinition", fields, form, "definition",
                          "The definition was saved.", "definition-heading",
                          subject=("processId",))  # fmt: skip


def _position(form: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any] | None:
    """The position asked for, as a number; None when it is not one."""
    raw = str(form.get("position", "")).strip()
    if raw:
        if not raw.isdigit():
            return None
        fields["position"] = int(raw)
    return fields


async def add_activity(request: Request) -> Response:
    form = await form_values(request)
    fields = {"processId": request.path_params["id"],
              **{name: form.get(name, "") for name in ACTIVITY_TEXTS}}  # fmt: skip
    if _position(form, fields) is None:
        return await process(request, errors={"position": "give a whole number from 1"},
                             form=form, open_form="activity", status_code=422)  # fmt: skip
    return await _outcome(request, "AddProcessActivity", fields, form, "activity",
                          "The activity was added.", "activities-heading",
                          subject=("processId",))  # fmt: skip


async def change_activity(request: Request) -> Response:
    form = await form_values(request)
    activity_id = request.path_params["activity_id"]
    which = f"activity-{activity_id}"
    fields = _version(
        form, {"id": activity_id, **{name: form[name] for name in ACTIVITY_TEXTS if name in form}}
    )
    if _position(form, fields) is None:
        return await process(request, errors={"position": "give a whole number from 1"},
                             form=form, open_form=which, status_code=422)  # fmt: skip
    return await _outcome(request, "UpdateProcessActivity", fields, form, which,
                          "The activity was saved.", f"activity-{activity_id}")  # fmt: skip


async def remove_activity(request: Request) -> Response:
    form = await form_values(request)
    activity_id = request.path_params["activity_id"]
    fields = _version(form, {"id": activity_id})
    return await _outcome(request, "RemoveProcessActivity", fields, form,
                          f"activity-{activity_id}", "The activity was removed.",
                          "activities-heading")  # fmt: skip


async def set_raci(request: Request) -> Response:
    """Each role's part from its choice (`role-<role id>`); roles left at "none" have none."""
    form = await form_values(request)
    activity_id = request.path_params["activity_id"]
    entries = [
        {"roleId": key.removeprefix("role-"), "responsibility": value}
        for key, value in form.items()
        if key.startswith("role-") and value in ("RESPONSIBLE", "CONSULTED", "INFORMED")
    ]
    fields = _version(form, {"activityId": activity_id, "entries": entries})
    return await _outcome(request, "SetActivityRaci", fields, form, f"raci-{activity_id}",
                          "Who does what was saved.", "raci-heading",
                          subject=("activityId",))  # fmt: skip


async def add_policy(request: Request) -> Response:
    form = await form_values(request)
    fields = {"processId": request.path_params["id"],
              **{name: form.get(name, "") for name in POLICY_TEXTS}}  # fmt: skip
    problems = {name: message for name, message in (
        ("effectiveOn", "give the day it takes effect"),
        ("reviewOn", "give the day it is next reviewed"),
    ) if not fields[name]}  # fmt: skip
    if problems:
        return await process(request, errors=problems, form=form, open_form="policy",
                             status_code=422)  # fmt: skip
    return await _outcome(request, "CreateProcessPolicy", fields, form, "policy",
                          "The policy was adopted.", "policies-heading",
                          subject=("processId",))  # fmt: skip


async def change_policy(request: Request) -> Response:
    """Save a policy's changes; `retired` (yes/no) retires it or brings it back."""
    form = await form_values(request)
    policy_id = request.path_params["policy_id"]
    fields = _version(form, {"id": policy_id, **{name: form[name] for name in POLICY_TEXTS
                                                 if form.get(name)}})  # fmt: skip
    if form.get("retired") in ("yes", "no"):
        fields["retired"] = form["retired"] == "yes"
    done = {"yes": "The policy was retired.", "no": "The policy is in use again."}.get(
        str(form.get("retired")), "The policy was saved."
    )
    return await _outcome(request, "UpdateProcessPolicy", fields, form, f"policy-{policy_id}",
                          done, f"policy-{policy_id}")  # fmt: skip
