"""Linking and unlinking a strategic initiative's children on its page: each form runs one
mutation and answers with the page again (in place for htmx) or a 303; a refusal shows beside
the field, with the choice kept (422)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.forms import Outcome, form_text, run_mutation
from server.web.core.pages import is_fragment, read
from server.web.initiatives.initiative import render_initiative

DOCUMENT = "initiatives/children"


async def link_child(request: Request) -> Response:
    """Let the chosen initiative of a subordinate plan execute this strategic one."""
    initiative_id = request.path_params["initiative_id"]
    form = await form_text(request)
    child = form.get("childId", "").strip()
    if not child:
        outcome = Outcome({}, {"childId": "choose an initiative of a subordinate plan"})
    else:
        outcome = await run_mutation(
            request,
            DOCUMENT,
            "LinkChildInitiative",
            {"parentId": initiative_id, "childId": child},
            fields=("childId",),
            subject=("parentId",),
        )
    return await _answer(request, initiative_id, "LINK_CHILD", outcome, form, "linked")


async def unlink_child(request: Request) -> Response:
    """Detach one of its children from this strategic initiative."""
    initiative_id = request.path_params["initiative_id"]
    child = request.path_params["child_id"]
    form = {**await form_text(request), "childId": child}
    found = await read(request, DOCUMENT, {"id": child}, "ChildParent")
    parent = ((found.get("node") or {}).get("parent") or {}).get("id")
    if parent != initiative_id:
        outcome = Outcome({}, {"form": "That initiative no longer executes this one."})
    else:
        version = form.get("version", "")
        outcome = await run_mutation(
            request,
            DOCUMENT,
            "UnlinkChildInitiative",
            {
                "childId": child,
                "expectedVersion": int(version)
                if version.isascii() and version.isdigit()
                else None,
            },
            fields=("childId",),
            subject=("childId",),
        )
    return await _answer(request, initiative_id, "UNLINK_CHILD", outcome, form, "unlinked")


async def _answer(
    request: Request,
    initiative_id: str,
    action: str,
    outcome: Outcome,
    form: dict[str, str],
    done: str,
) -> Response:
    in_place = is_fragment(request)
    if outcome.ok:
        title = outcome.payload["initiative"]["title"]
        if not in_place:
            return RedirectResponse(f"/initiatives/{initiative_id}#children", status_code=303)
        return await render_initiative(
            request, initiative_id, swapped=True, announcement=f"Done: {title} {done}."
        )
    return await render_initiative(
        request,
        initiative_id,
        errors=outcome.problems,
        form=form,
        open_action=action,
        status_code=422,
        swapped=in_place,
        announcement=f"Not {done}.",
    )
