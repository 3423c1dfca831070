"""Creating and editing plans (`/plans/new`, `/plans/{id}/edit`, administrators): each form runs
one mutation; a refusal comes back beside its field with the input kept (422)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.forms import form_text, run_mutation
from server.web.core.pages import found, read, render
from server.web.core.schema_api import PlanKind

# Service and process improvement plans come with their service or process.
SCOPED = ("SERVICE_IMPROVEMENT", "PROCESS_IMPROVEMENT")
NEW_KINDS = [kind for kind in PlanKind.__members__ if kind not in SCOPED]
DOCUMENT = "plans/plan_form"


async def _render(
    request: Request,
    plan: dict[str, Any] | None,
    form: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "plans/plan_form.html",
        {"plan": plan, "form": form, "errors": errors or {}, "kinds": NEW_KINDS},
        status_code=status_code,
    )


async def _plan(request: Request) -> dict[str, Any]:
    data = await read(request, DOCUMENT, {"id": request.path_params["plan_id"]}, "EditPlan")
    return found(data.get("node"))


async def new_plan_page(request: Request) -> Response:
    return await _render(request, None, {"kind": "CONTINUITY_IMPROVEMENT"})


async def edit_plan_page(request: Request) -> Response:
    plan = await _plan(request)
    return await _render(request, plan, {**plan, "confidential": plan["confidential"]})


async def create_plan(request: Request) -> Response:
    form = await form_text(request)
    values = {name: form.get(name, "") for name in ("name", "description")}
    if form.get("kind") not in NEW_KINDS:
        return await _render(request, None, form, {"kind": "choose one of the kinds"}, 422)
    values["kind"] = form["kind"]
    outcome = await run_mutation(
        request, DOCUMENT, "CreatePlan", values, fields=("name", "kind", "description")
    )
    if outcome.ok:
        return RedirectResponse(f"/plans/{outcome.payload['plan']['id']}", status_code=303)
    return await _render(request, None, form, outcome.problems, 422)


async def update_plan(request: Request) -> Response:
    plan = await _plan(request)
    form = await form_text(request)
    values = {
        "id": plan["id"],
        "name": form.get("name", ""),
        "description": form.get("description", ""),
        "confidential": form.get("confidential") == "on",
    }
    outcome = await run_mutation(
        request,
        DOCUMENT,
        "UpdatePlan",
        values,
        fields=("name", "description", "confidential"),
        subject=("id",),
    )
    if outcome.ok:
        return RedirectResponse(f"/plans/{plan['id']}", status_code=303)
    kept = {**form, "confidential": form.get("confidential") == "on"}
    return await _render(request, plan, kept, outcome.problems, 422)
