"""The initiative page, and the forms on it: each form posts to a route that runs one mutation
and, when the mutation refuses, shows its errors beside the fields with the input kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from schema.core.ids import from_global_id
from server.web.audit import changes
from server.web.csrf import csrf_ok
from server.web.documents import DocumentInputError, run_document
from server.web.initiative_fields import is_amount
from server.web.pages import sign_in_redirect
from server.web.plans import label
from server.web.requests import request_context


@dataclass(frozen=True)
class Action:
    """A form on the page: the operation it runs and the form fields it sends."""

    operation: str
    title: str
    fields: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()
    versioned: bool = True
    about_change: bool = False  # a pending change (its id in the form), not the initiative


ACTIONS = {
    "APPROVE": Action("Approve", "Approve"),
    "REJECT": Action("Reject", "Reject", ("reason",)),
    "REQUEST_BUDGET": Action("RequestBudget", "Request a budget", ("amount", "justification")),
    "FUND": Action("DecideBudget", "Fund", ("amount",), (("approve", True),)),
    "REJECT_BUDGET": Action(
        "DecideBudget", "Reject the budget", ("reason",), (("approve", False),)
    ),
    "START": Action("Start", "Start"),
    "HOLD": Action("Hold", "Put on hold", ("reason",)),
    "RESUME": Action("Resume", "Resume"),
    "COMPLETE": Action("Complete", "Complete", ("outcome", "note")),
    "CANCEL": Action("Cancel", "Cancel", ("reason",)),
    "STATUS_UPDATE": Action(
        "PostStatusUpdate",
        "Post a status update",
        ("health", "percentComplete", "note"),
        versioned=False,
    ),
    "CHANGE_BUDGET": Action(
        "ProposeBudgetChange", "Ask for a new budget", ("amount", "reason"), versioned=False
    ),
    "ACCEPT_CHANGE": Action(
        "DecidePendingChange", "Accept the change", (), (("accept", True),), False, True
    ),
    "REJECT_CHANGE": Action(
        "DecidePendingChange", "Reject the change", ("reason",), (("accept", False),), False, True
    ),
}
OUTCOMES = ["ACHIEVED", "PARTLY_ACHIEVED", "NOT_ACHIEVED"]
HEALTHS = ["ON_TRACK", "AT_RISK", "OFF_TRACK"]


def _initiative_id(request: Request) -> str:
    initiative_id = request.path_params["initiative_id"]
    decoded = from_global_id(initiative_id)
    if decoded is None or decoded[0] != "Initiative":
        raise HTTPException(404)
    return initiative_id


async def _render(
    request: Request,
    context,
    initiative_id: str,
    *,
    errors=None,
    form=None,
    open_action=None,
    status_code=200,
    swapped=False,
    announcement="",
) -> Response:
    data = await run_document(request, context, "initiatives/initiative", {"id": initiative_id})
    if data.get("node") is None:
        raise HTTPException(404)
    problems = errors or {}
    response = request.app.state.templates.TemplateResponse(
        request,
        "initiatives/initiative.html",
        {
            "viewer": context.viewer,
            "item": data["node"],
            "trail": data["trail"],
            "changes": changes,
            "actions": ACTIONS,
            "outcomes": OUTCOMES,
            "healths": HEALTHS,
            "label": label,
            "errors": errors or {},
            "form": form or {},
            "open_action": open_action,
            "first_error": next((k for k in problems if k not in ("form", "code")), None),
            "swapped": swapped,
            "announcement": announcement,
            "page_document": "initiatives/initiative",
        },
        status_code=status_code,
        block_name="initiative" if swapped else None,
    )
    response.headers["Vary"] = "HX-Request"
    return response


def _in_place(request: Request) -> bool:
    """An htmx form on the page (not a boosted navigation): answer with the swapped block."""
    return bool(request.headers.get("hx-request")) and not request.headers.get("hx-boosted")


async def initiative_page(request: Request) -> Response:
    initiative_id = _initiative_id(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        return await _render(request, context, initiative_id)


async def initiative_action(request: Request) -> Response:
    initiative_id = _initiative_id(request)
    action = ACTIONS.get(request.path_params["action"])
    if action is None:
        raise HTTPException(404)
    form = {key: str(value) for key, value in (await request.form()).items()}
    if not await csrf_ok(request):
        raise HTTPException(403, "The form had expired; reload the page and try again.")
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        problems, payload_input = _input(initiative_id, action, form)
        if not problems:
            try:
                data = await run_document(
                    request,
                    context,
                    "initiatives/actions",
                    {"input": payload_input},
                    operation=action.operation,
                )
            except DocumentInputError as error:
                problems = {"form": "; ".join(error.messages)}
            else:
                (payload,) = data.values()
                problems = _problems(payload["errors"], action.fields)
        if not problems:
            if _in_place(request):
                return await _render(
                    request, context, initiative_id, swapped=True,
                    announcement=f"Done: {action.title.lower()}.",
                )  # fmt: skip
            return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)
        if problems.get("code") == "FORBIDDEN":
            raise HTTPException(403)
        if problems.get("code") == "NOT_FOUND":
            raise HTTPException(404)
        return await _render(
            request,
            context,
            initiative_id,
            errors=problems,
            form=form,
            open_action=request.path_params["action"],
            status_code=422,
            swapped=_in_place(request),
            announcement=f"Not done: {action.title.lower()}.",
        )


def _input(initiative_id: str, action: Action, form: dict[str, str]):
    """The mutation's input from the form, or the fields the form got wrong."""
    problems: dict[str, str] = {}
    payload: dict[str, Any] = dict(action.extra)
    if action.versioned:
        payload["id"] = initiative_id
        version = form.get("version", "")
        if not (version.isascii() and version.isdigit()):
            problems["form"] = "The form is missing the initiative's version; reload the page."
        else:
            payload["expectedVersion"] = int(version)
    elif action.about_change:
        payload["id"] = form.get("changeId", "")
    else:
        payload["initiativeId"] = initiative_id
    for field in action.fields:
        value = form.get(field, "").strip()
        if field == "percentComplete":
            if not (value.isascii() and value.lstrip("-").isdigit()):
                problems[field] = "must be a whole number from 0 to 100"
                continue
            payload[field] = int(value)
        elif field == "amount":
            if value and not is_amount(value):
                problems[field] = "must be an amount such as 1200.50"
            elif value:
                payload[field] = value
            elif action.operation in ("RequestBudget", "ProposeBudgetChange"):
                problems[field] = "an amount is required"
        elif field in ("outcome", "health"):
            allowed = OUTCOMES if field == "outcome" else HEALTHS
            if value not in allowed:
                problems[field] = "choose one of the options"
                continue
            payload[field] = value
        else:
            payload[field] = value
    return problems, payload


def _problems(errors: list[dict], fields: tuple[str, ...]) -> dict[str, str]:
    """User errors by the form field they concern (the last part of their path); an error
    about anything the form has no field for is the form's."""
    problems: dict[str, str] = {}
    for error in errors:
        field = (error.get("field") or ["form"])[-1]
        key = field if field in fields else "form"
        problems[key] = error["message"]
        problems.setdefault("code", error["code"])
    return problems
