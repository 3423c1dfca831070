"""The initiative page, and the forms on it: each form posts to a route that runs one mutation
and, when the mutation refuses, shows its errors beside the fields with the input kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash
from server.web.core.forms import form_text, run_mutation
from server.web.core.pages import found, is_fragment, read, render
from server.web.initiatives.fields import is_amount
from server.web.people.audit import changes, names_of
from server.web.people.sign_in import safe_next


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
    "BENEFIT_REVIEW": Action(
        "RecordBenefitReview",
        "Record the benefit review",
        ("outcome", "note", "reviewedOn"),
        versioned=False,
    ),
    "ACCEPT_CHANGE": Action(
        "DecidePendingChange", "Accept the change", (), (("accept", True),), False, True
    ),
    "REJECT_CHANGE": Action(
        "DecidePendingChange", "Reject the change", ("reason",), (("accept", False),), False, True
    ),
}
# The pages a decision may come back to instead of the initiative: a plan's board, the pack.
BACK_TO = ("/plans/", "/meeting-pack")
OUTCOMES = ["ACHIEVED", "PARTLY_ACHIEVED", "NOT_ACHIEVED"]
BENEFIT_OUTCOMES = ["SUSTAINED", "SLIPPED"]
HEALTHS = ["ON_TRACK", "AT_RISK", "OFF_TRACK"]


async def render_initiative(
    request: Request,
    initiative_id: str,
    *,
    errors=None,
    form=None,
    open_action=None,
    status_code=200,
    swapped=False,
    announcement="",
) -> Response:
    """The page, or its swapped block: `open_action` names the form whose `errors` and input
    (`form`) it shows."""
    find = request.query_params.get("find", "").strip()[:100]
    variables = {"id": initiative_id, "find": find or None}
    data = await read(request, "initiatives/initiative", variables)
    item = found(data.get("node"))
    problems = errors or {}
    trail = data["trail"]
    names = await names_of(
        request, [{**entry, "entityType": "Initiative"} for entry in trail["nodes"]]
    )
    return render(
        request,
        "initiatives/initiative.html",
        {
            "item": item,
            "candidates": item["childCandidates"],
            "find": find,
            "trail": data["trail"],
            "mentionable": data["mentionable"]["nodes"],
            "changes": lambda entry: changes({**entry, "entityType": "Initiative"}, names),
            "actions": ACTIONS,
            "outcomes": OUTCOMES,
            "benefit_outcomes": BENEFIT_OUTCOMES,
            "healths": HEALTHS,
            "errors": problems,
            "form": form or {},
            "open_action": open_action,
            "first_error": next((k for k in problems if k != "form"), None),
            "swapped": swapped,
            "announcement": announcement,
        },
        status_code=status_code,
        block="initiative" if swapped else None,
        fragments=True,
    )


async def initiative_page(request: Request) -> Response:
    """The page; `?act=NAME` opens that action's form (the board links there for a move that
    needs more than a reason)."""
    wanted = request.query_params.get("act")
    return await render_initiative(
        request,
        request.path_params["initiative_id"],
        open_action=wanted if wanted in ACTIONS else None,
    )


async def initiative_action(request: Request) -> Response:
    """One form of the page: its mutation, then the page again (in place for htmx) or a 303."""
    initiative_id = request.path_params["initiative_id"]
    name = request.path_params["action"]
    action = ACTIONS[name]
    form = await form_text(request)
    problems, payload_input = _input(initiative_id, action, form)
    if not problems:
        outcome = await run_mutation(
            request,
            "initiatives/actions",
            action.operation,
            payload_input,
            fields=action.fields,
            subject=("id", "initiativeId"),
        )
        problems = outcome.problems
    in_place = is_fragment(request)  # an htmx form on the page: answer with the swapped block
    if not problems:
        if in_place:
            return await render_initiative(
                request, initiative_id, swapped=True,
                announcement=f"Done: {action.title.lower()}.",
            )  # fmt: skip
        back = form.get("back", "")
        if back.startswith(BACK_TO) and safe_next(back) == back:  # the board or the meeting pack
            flash(request, f"{action.title}: done.")
            return RedirectResponse(back, status_code=303)
        return RedirectResponse(f"/initiatives/{initiative_id}", status_code=303)
    return await render_initiative(
        request,
        initiative_id,
        errors=problems,
        form=form,
        open_action=name,
        status_code=422,
        swapped=in_place,
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
        elif field == "reviewedOn":
            payload[field] = value or None
        elif field in ("outcome", "health"):
            allowed = {"outcome": OUTCOMES, "health": HEALTHS}[field]
            if action.operation == "RecordBenefitReview":
                allowed = BENEFIT_OUTCOMES
            if value not in allowed:
                problems[field] = "choose one of the options"
                continue
            payload[field] = value
        else:
            payload[field] = value
    return problems, payload
