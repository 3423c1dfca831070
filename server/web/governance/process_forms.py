"""Registering and renaming processes (`/processes/new`, `/processes/{id}/edit`,
administrators): a new process comes with its improvement plan. Each form runs one mutation; a
refusal comes back beside its field with the input kept (422)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.forms import form_text, run_mutation
from server.web.core.pages import found, read, render

DOCUMENT = "processes/process_form"


def _render(
    request: Request,
    process: dict[str, Any] | None,
    form: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "processes/process_form.html",
        {"process": process, "form": form, "errors": errors or {}},
        status_code=status_code,
    )


async def _process(request: Request) -> dict[str, Any]:
    data = await read(request, DOCUMENT, {"id": request.path_params["id"]}, "EditProcess")
    return found(data.get("node"))


async def new_process_page(request: Request) -> Response:
    return _render(request, None, {})


async def edit_process_page(request: Request) -> Response:
    process = await _process(request)
    return _render(request, process, process)


async def create_process(request: Request) -> Response:
    form = await form_text(request)
    values: dict[str, Any] = {name: form.get(name, "") for name in ("name", "description")}
    if form.get("planName", "").strip():
        values["planName"] = form["planName"]
    outcome = await run_mutation(
        request, DOCUMENT, "CreateProcess", values, fields=("name", "description", "planName")
    )
    if outcome.ok:
        return RedirectResponse(f"/processes/{outcome.payload['process']['id']}", status_code=303)
    return _render(request, None, form, outcome.problems, 422)


async def update_process(request: Request) -> Response:
    process = await _process(request)
    form = await form_text(request)
    values = {"id": process["id"], **{n: form.get(n, "") for n in ("name", "description")}}
    outcome = await run_mutation(
        request, DOCUMENT, "UpdateProcess", values, fields=("name", "description"), subject=("id",)
    )
    if outcome.ok:
        return RedirectResponse(f"/processes/{process['id']}", status_code=303)
    return _render(request, process, form, outcome.problems, 422)
