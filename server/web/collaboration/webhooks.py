"""The webhooks page (administrators): endpoints with their delivery log, and the forms that add,
change and remove one; a new secret is shown once, on the page the form returns."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.pages import read, render

ACTIONS = "collaboration/webhook_actions"


async def _render(
    request: Request,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    form: dict[str, Any] | None = None,
    new_secret: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    data = await read(request, "collaboration/webhooks")
    return render(
        request,
        "collaboration/webhooks.html",
        {
            "data": data, "errors": errors or {}, "form": form or {}, "new_secret": new_secret,
            "flash": take_flash(request),
            "failure_limit": request.app.state.settings.webhook_failure_limit,
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )  # fmt: skip


async def webhooks_page(request: Request) -> Response:
    return await _render(request)


def _events(form: dict[str, Any]) -> list[str]:
    chosen = form.get("events", [])
    return [str(e) for e in (chosen if isinstance(chosen, list) else [chosen])]


async def create(request: Request) -> Response:
    form = await form_values(request)
    input_: dict[str, Any] = {
        "name": str(form.get("name", "")), "url": str(form.get("url", "")),
        "events": _events(form), "actsAsId": form.get("actsAsId") or None,
    }  # fmt: skip
    outcome = await run_mutation(request, ACTIONS, "CreateWebhookEndpoint", input_)
    if not outcome.ok:
        kept = {**form, "events": input_["events"]}
        return await _render(request, errors={"create": outcome.problems}, form=kept,
                             status_code=422)  # fmt: skip
    made = outcome.payload
    return await _render(
        request, new_secret={"name": made["endpoint"]["name"], "secret": made["secret"]}
    )


async def update(request: Request) -> Response:
    form = await form_values(request)
    endpoint_id = request.path_params["endpoint_id"]
    version = str(form.get("expectedVersion", ""))
    input_: dict[str, Any] = {
        "id": endpoint_id, "name": str(form.get("name", "")), "url": str(form.get("url", "")),
        "events": _events(form), "active": form.get("active") == "yes",
        "newSecret": form.get("newSecret") == "yes",
        "expectedVersion": int(version) if version.isdigit() else None,
    }  # fmt: skip
    if form.get("actsAsId"):
        input_["actsAsId"] = form["actsAsId"]
    else:
        input_["actsAsNobody"] = True
    outcome = await run_mutation(request, ACTIONS, "UpdateWebhookEndpoint", input_,
                                 subject=("id",))  # fmt: skip
    if not outcome.ok:
        return await _render(request, errors={endpoint_id: outcome.problems}, status_code=422)
    changed = outcome.payload
    if changed.get("secret"):
        return await _render(
            request, new_secret={"name": changed["endpoint"]["name"], "secret": changed["secret"]}
        )
    flash(request, f"“{changed['endpoint']['name']}” was saved.")
    return RedirectResponse("/webhooks", status_code=303)


async def delete(request: Request) -> Response:
    endpoint_id = request.path_params["endpoint_id"]
    outcome = await run_mutation(request, ACTIONS, "DeleteWebhookEndpoint", {"id": endpoint_id},
                                 subject=("id",))  # fmt: skip
    flash(request, "The endpoint and its log were removed." if outcome.ok
          else next(iter(outcome.problems.values())))  # fmt: skip
    return RedirectResponse("/webhooks", status_code=303)
