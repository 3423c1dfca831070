"""The objectives pages: the tree with each goal's metrics and initiatives, the coverage lists,
and one objective's dashboard; forms to create, edit, delete and link post to routes that run
one mutation each (administrators and the steering committee see them)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from schema.objectives.enums import ObjectiveLevel
from server.web.documents import run_document
from server.web.measure_forms import form_of, global_id, mutate, rag_label
from server.web.pages import sign_in_redirect
from server.web.plans import label
from server.web.requests import request_context

LEVELS = [level.name for level in ObjectiveLevel]
LEVEL_LABELS = {
    "VISION": "Vision",
    "STRATEGY": "Strategy",
    "TACTICAL": "Tactical goal",
    "OPERATIONAL": "Operational goal",
}
ACTIONS = {
    "edit": "UpdateObjective",
    "delete": "DeleteObjective",
    "link": "LinkObjective",
    "unlink": "UnlinkObjective",
}


def tree(nodes: list[dict]) -> tuple[list[dict], dict[str, list[dict]]]:
    """The roots, and each objective's children, in the order the API gave them."""
    children: dict[str, list[dict]] = defaultdict(list)
    ids = {node["id"] for node in nodes}
    roots = []
    for node in nodes:
        parent = (node["parent"] or {}).get("id")
        if parent in ids:
            children[parent].append(node)
        else:
            roots.append(node)
    return roots, children


def _helpers() -> dict[str, Any]:
    return {"label": label, "rag_label": rag_label, "levels": LEVELS, "level_label": LEVEL_LABELS}


async def _render_list(request, context, *, errors=None, form=None, status_code=200) -> Response:
    data = await run_document(request, context, "objectives/objectives")
    roots, children = tree(data["objectives"]["nodes"])
    return request.app.state.templates.TemplateResponse(
        request,
        "objectives/objectives.html",
        {
            "viewer": context.viewer,
            "data": data,
            "roots": roots,
            "children": children,
            "errors": errors or {},
            "form": form or {},
            "page_document": "objectives/objectives",
            **_helpers(),
        },
        status_code=status_code,
    )


async def objectives_page(request: Request) -> Response:
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        return await _render_list(request, context)


async def create_objective(request: Request) -> Response:
    form = await form_of(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        problems: dict[str, str] = {}
        if form.get("level") not in LEVELS:
            problems["level"] = "choose a level"
        payload = None
        if not problems:
            payload_input = {
                "level": form["level"],
                "title": form.get("title", ""),
                "description": form.get("description", ""),
                "parentId": form.get("parentId") or None,
            }
            payload, problems = await mutate(
                request, context, "objectives/actions", "CreateObjective", payload_input
            )
        if not problems and payload is not None:
            return RedirectResponse(f"/objectives/{payload['objective']['id']}", status_code=303)
        return await _render_list(request, context, errors=problems, form=form, status_code=422)


async def _render_one(
    request, context, objective_id: str, *, errors=None, form=None, open_form=None,
    status_code=200,
) -> Response:  # fmt: skip
    data = await run_document(request, context, "objectives/objective", {"id": objective_id})
    if data.get("node") is None:
        raise HTTPException(404)
    return request.app.state.templates.TemplateResponse(
        request,
        "objectives/objective.html",
        {
            "viewer": context.viewer,
            "data": data,
            "item": data["node"],
            "errors": errors or {},
            "form": form or {},
            "open_form": open_form,
            "page_document": "objectives/objective",
            **_helpers(),
        },
        status_code=status_code,
    )


async def objective_page(request: Request) -> Response:
    objective_id = global_id(request, "objective_id", "Objective")
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        return await _render_one(request, context, objective_id)


def _action_input(action: str, objective_id: str, form: dict) -> dict[str, Any]:
    if action == "edit":
        return {
            "id": objective_id,
            "title": form.get("title", ""),
            "description": form.get("description", ""),
            "level": form.get("level") if form.get("level") in LEVELS else None,
            "parentId": form.get("parentId") or None,
        }
    if action == "delete":
        return {"id": objective_id}
    found = {"objectiveId": objective_id}
    if form.get("metricId"):
        found["metricId"] = form["metricId"]
    if form.get("initiativeId"):
        found["initiativeId"] = form["initiativeId"]
    return found


async def objective_action(request: Request) -> Response:
    objective_id = global_id(request, "objective_id", "Objective")
    action = request.path_params["action"]
    if action not in ACTIONS:
        raise HTTPException(404)
    form = await form_of(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        payload, problems = await mutate(
            request, context, "objectives/actions", ACTIONS[action],
            _action_input(action, objective_id, form),
        )  # fmt: skip
        if not problems and payload is not None:
            if action == "delete":
                parent = payload.get("parent")
                target = f"/objectives/{parent['id']}" if parent else "/objectives"
                return RedirectResponse(target, status_code=303)
            return RedirectResponse(f"/objectives/{objective_id}", status_code=303)
        if "objectiveId" in problems and "form" not in problems:
            problems["form"] = problems["objectiveId"]
        return await _render_one(
            request, context, objective_id, errors=problems, form=form, open_form=action,
            status_code=422,
        )  # fmt: skip
