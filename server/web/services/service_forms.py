"""Registering a service (`/services/new`, administrators) and editing one with its offerings
(`/services/{id}/edit`: administrators, and the service's owner, who may not rename it). Its
lifecycle is not on these forms once it exists: portfolio decisions move it. Each form runs one
mutation; a refusal comes back beside the fields of the form that was sent (422)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash, take_flash
from server.web.core.forms import Outcome, form_text, run_mutation
from server.web.core.pages import found, read, render
from server.web.core.pipeline import request_state
from server.web.core.schema_api import OfferingKind, ServiceLifecycle

DOCUMENT = "services/service_form"
LIFECYCLES = list(ServiceLifecycle.__members__)
KINDS = list(OfferingKind.__members__)
OFFERING_FIELDS = ("name", "kind", "description")
NEW_OFFERING = "new-offering"  # the add form's name among the offerings' forms


async def _render(
    request: Request,
    service: dict[str, Any] | None,
    form: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    open_form: str = "service",
) -> Response:
    return render(
        request,
        "services/service_form.html",
        {
            "service": service,
            "form": form,
            "errors": errors or {},
            "open_form": open_form,
            "lifecycles": LIFECYCLES,
            "kinds": KINDS,
            "flash": take_flash(request),
        },
        status_code=status_code,
    )


async def _service(request: Request) -> dict[str, Any]:
    """The service the address names, if the viewer may edit it (else the 403 page)."""
    data = await read(request, DOCUMENT, {"id": request.path_params["id"]}, "EditService")
    service = found(data.get("node"))
    if not service["viewerMayEdit"]:
        raise HTTPException(403)
    return service


async def new_service_page(request: Request) -> Response:
    return await _render(request, None, {"lifecycle": "PIPELINE"})


async def create_service(request: Request) -> Response:
    form = await form_text(request)
    values: dict[str, Any] = {name: form.get(name, "") for name in ("name", "description")}
    if form.get("planName", "").strip():
        values["planName"] = form["planName"]
    if form.get("lifecycle") not in LIFECYCLES:
        problems = {"lifecycle": "choose where the service is now"}
        return await _render(request, None, form, problems, 422)
    values["lifecycle"] = form["lifecycle"]
    fields = ("name", "description", "planName", "lifecycle")
    outcome = await run_mutation(request, DOCUMENT, "CreateService", values, fields=fields)
    if outcome.ok:
        return RedirectResponse(f"/services/{outcome.payload['service']['id']}", status_code=303)
    return await _render(request, None, form, outcome.problems, 422)


async def edit_service_page(request: Request) -> Response:
    service = await _service(request)
    return await _render(request, service, service)


async def update_service(request: Request) -> Response:
    """The name (administrators) and the description."""
    service = await _service(request)
    form = await form_text(request)
    viewer = await request_state(request).viewer()
    renames = viewer is not None and viewer.is_admin
    values = {"id": service["id"], "description": form.get("description", "")}
    if renames:
        values["name"] = form.get("name", "")
    fields = ("name", "description") if renames else ("description",)
    outcome = await run_mutation(
        request, DOCUMENT, "UpdateService", values, fields=fields, subject=("id",)
    )
    return await _back(request, service, form, outcome, "service")


async def add_offering(request: Request) -> Response:
    service = await _service(request)
    form = await form_text(request)
    outcome = await _offering(request, "CreateOffering", {"serviceId": service["id"]}, form)
    return await _back(request, service, form, outcome, NEW_OFFERING)


async def change_offering(request: Request) -> Response:
    service = await _service(request)
    offering = request.path_params["offering_id"]
    if offering not in {node["id"] for node in service["offerings"]["nodes"]}:
        raise HTTPException(404)  # not an offering of this service
    form = await form_text(request)
    outcome = await _offering(request, "UpdateOffering", {"id": offering}, form)
    return await _back(request, service, form, outcome, offering)


async def _offering(
    request: Request, operation: str, values: dict[str, Any], form: dict[str, str]
) -> Outcome:
    if form.get("kind") not in KINDS:
        return Outcome({}, {"kind": "choose what the offering is made of"})
    values = {**values, **{name: form.get(name, "") for name in OFFERING_FIELDS}}
    return await run_mutation(
        request, DOCUMENT, operation, values, fields=OFFERING_FIELDS, subject=("id",)
    )


async def _back(
    request: Request,
    service: dict[str, Any],
    form: dict[str, str],
    outcome: Outcome,
    open_form: str,
) -> Response:
    """Once saved, to the service's page (its details) or back to the offerings; else the edit
    page with the errors beside the fields of the form that was sent."""
    if outcome.ok and open_form == "service":
        return RedirectResponse(f"/services/{service['id']}", status_code=303)
    if outcome.ok:
        name = outcome.payload["offering"]["name"]
        flash(request, f"Offering {'added' if open_form == NEW_OFFERING else 'saved'}: {name}.")
        return RedirectResponse(f"/services/{service['id']}/edit#offerings", status_code=303)
    return await _render(request, service, form, outcome.problems, 422, open_form)
