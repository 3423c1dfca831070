"""The propose and edit pages: forms that run proposeInitiative and updateInitiative, show
each refusal beside its field with the input kept (422), and redirect to the initiative."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.forms import form_of, run_mutation
from server.web.core.pages import found, read, render
from server.web.initiatives.fields import (
    BY_NAME,
    CLEARABLE_KINDS,
    FIELDS,
    Field,
    Value,
    first_in_error,
    posted_values,
    same,
    to_input,
    values_of,
)


def _render(request: Request, template: str, data: dict, **extra: Any) -> Response:
    status_code = extra.pop("status_code", 200)
    return render(
        request,
        template,
        {
            "people": data["people"]["nodes"],
            "objectives": data["objectives"]["nodes"],
            "services": data["services"]["nodes"],
            "errors": {},
            "first_error": None,
            **extra,
        },
        status_code=status_code,
    )


# -- propose ----------------------------------------------------------------------------------


async def propose_page(request: Request) -> Response:
    plan_id = request.path_params["plan_id"]
    data = await read(request, "initiatives/propose", {"planId": plan_id})
    plan = found(data.get("node"))
    if not plan["viewerMayPropose"]:
        raise HTTPException(403)
    fields = list(FIELDS)
    if request.method == "GET":
        values = {f.name: [] if f.many else "" for f in fields}
        values.update(ownerId=data["viewer"]["id"], priority="MEDIUM", currency="EUR")
        return _render(request, "initiatives/propose.html", data,
                       plan=plan, fields=fields, values=values)  # fmt: skip
    values = posted_values(await form_of(request), fields)
    payload_input, problems = to_input(fields, values)
    if not problems:
        outcome = await run_mutation(
            request, "initiatives/forms", "ProposeInitiative", {"planId": plan_id, **payload_input},
            fields=BY_NAME,
        )  # fmt: skip
        if outcome.ok:
            return RedirectResponse(
                f"/initiatives/{outcome.payload['initiative']['id']}", status_code=303
            )
        problems = outcome.problems
    return _render(request, "initiatives/propose.html", data,
                   plan=plan, fields=fields, values=values, errors=problems,
                   first_error=first_in_error(fields, problems), status_code=422)  # fmt: skip


# -- edit ------------------------------------------------------------------------------------


async def edit_page(request: Request) -> Response:
    initiative_id = request.path_params["initiative_id"]
    data = await read(request, "initiatives/edit", {"id": initiative_id})
    item = found(data.get("node"))
    if not item["viewerMayEdit"]:
        raise HTTPException(403)
    fields = [field for field in FIELDS if field.name in item["editableFields"]]
    current = values_of(item)
    if request.method == "GET":
        return _edit(request, data, fields, current, current)
    # The fields the form showed, with the values it showed: only what changed is sent (a
    # field closed since then too, so that the API refuses it rather than it being lost).
    form = await form_of(request)
    loaded = _loaded(form.get("loaded"))
    shown_fields = [BY_NAME[name] for name in loaded]
    values = posted_values(form, shown_fields)
    changed = [f for f in shown_fields if not same(values[f.name], loaded[f.name])]
    if not changed:
        return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)
    payload_input, problems = to_input(changed, values)
    for name, message in _cleared(changed, payload_input).items():
        problems.setdefault(name, message)
    version = str(form.get("version", ""))
    if not (version.isascii() and version.isdigit()):
        problems.setdefault("form", "The form is missing the initiative's version; reload.")
    code = None
    if not problems:
        outcome = await run_mutation(
            request, "initiatives/forms", "UpdateInitiative",
            {"id": initiative_id, "expectedVersion": int(version), **payload_input},
            fields=BY_NAME,
        )  # fmt: skip
        if outcome.ok:
            return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)
        problems, code = outcome.problems, outcome.code
    # Show the latest values, with this person's changes on top; on a conflict the form now
    # carries the latest version, so saving again applies their changes knowingly.
    shown = {**current, **{f.name: values[f.name] for f in changed if f in fields}}
    return _edit(request, data, fields, shown, current, problems, changed, code)


def _edit(request, data, fields, values, current, problems=None, changed=(), code=None):
    problems = dict(problems or {})
    for field in FIELDS:  # a refusal about a field no longer on the form goes to the top
        if field not in fields and field.name in problems:
            message = f"{field.label}: {problems.pop(field.name)}"
            problems["form"] = f"{problems['form']} {message}" if "form" in problems else message
    return _render(
        request, "initiatives/edit.html", data,
        item=data["node"], fields=fields, values=values, errors=problems,
        loaded=json.dumps({f.name: current[f.name] for f in fields}, separators=(",", ":")),
        fixed=[f for f in FIELDS if f not in fields],
        conflict=code == "CONFLICT",
        changed=[f.label for f in changed if f in fields],
        closed=[f.label for f in changed if f not in fields],
        first_error=first_in_error(fields, problems),
        status_code=422 if problems else 200,
    )  # fmt: skip


def _loaded(raw: Any) -> dict[str, Value]:
    """The values the form was filled with when it was loaded (to send only what changed)."""
    try:
        loaded = json.loads(str(raw or "{}"))
    except ValueError:
        return {}
    return {k: v for k, v in loaded.items() if k in BY_NAME} if isinstance(loaded, dict) else {}


def _cleared(changed: list[Field], payload_input: dict[str, Any]) -> dict[str, str]:
    """updateInitiative leaves out what is not given, so an emptied date, amount or choice
    cannot be sent: say so rather than ignore it."""
    return {
        field.name: "can be changed but not emptied"
        for field in changed
        if field.kind not in CLEARABLE_KINDS and field.name not in payload_input
    }
