"""The objectives pages: the tree with each goal's metrics and initiatives, the coverage lists,
and one objective's dashboard; forms to create, edit, delete and link post to routes that run
one mutation each (administrators and the steering committee see them).

The tree searches by words (`q`), sorts each goal's branches by a "Sort by" choice, keeps
saved views and exports as CSV or XLSX. The API has no search over objectives: the page reads
them whole, so the search keeps here the objectives whose title or description holds the words
(one whose parent is not kept stands at the top of the tree), and the page sorts them here."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.exports import Column, export_format
from server.web.core.forms import form_values, run_mutation
from server.web.core.list_exports import list_export, matches, search_words
from server.web.core.pages import found, read, render
from server.web.core.paging import query_string
from server.web.core.schema_api import ObjectiveLevel
from server.web.core.sorting import SortKey, Sorts
from server.web.people.saved_views import bar_values

LEVELS = [level.name for level in ObjectiveLevel]
LEVEL_LABELS = {
    "VISION": "Vision",
    "STRATEGY": "Strategy",
    "TACTICAL": "Tactical goal",
    "OPERATIONAL": "Operational goal",
}
# The order of the goals on one level of the tree (and of the export).
ORDERS = Sorts(
    {
        "added": SortKey("The order they were added"),  # the order the API lists them in
        "title": SortKey("Title", value=lambda o: o["title"]),
        "metrics": SortKey(
            "Most metrics first", value=lambda o: len(o["metrics"]["nodes"]), descending=True
        ),
        "initiatives": SortKey(
            "Most initiatives first",
            value=lambda o: len(o["initiatives"]["nodes"]),
            descending=True,
        ),
    },
    "added",
)
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


def rag_label(rag: str) -> str:
    return {"RED": "Red", "AMBER": "Amber", "GREEN": "Green"}.get(rag, "No data")


def _helpers() -> dict[str, Any]:
    return {"rag_label": rag_label, "levels": LEVELS, "level_label": LEVEL_LABELS}


def _found(words: str):
    def keep(node: dict[str, Any]) -> bool:
        return matches(words, node["title"], node["description"])

    return keep


EXPORT_COLUMNS = [
    Column("Objective", lambda o: o["title"]),
    Column("Level", lambda o: LEVEL_LABELS.get(o["level"], o["level"])),
    Column("Serves", lambda o: (o["parent"] or {}).get("title", "")),
    Column(
        "Metrics",
        lambda o: "; ".join(
            f"{m['name']} ({rag_label(m['status']['rag'])})" for m in o["metrics"]["nodes"]
        ),
    ),
    Column("Initiatives", lambda o: len(o["initiatives"]["nodes"])),
    Column("Description", lambda o: o["description"] or ""),
]


async def _render_list(request, *, errors=None, form=None, status_code=200) -> Response:
    words = search_words(request)
    sort = ORDERS.from_query(request.query_params)
    data = await read(request, "objectives/objectives", {"viewPath": "/objectives"})
    roots, children = tree(sort.rows([n for n in data["objectives"]["nodes"] if _found(words)(n)]))
    return render(
        request,
        "objectives/objectives.html",
        {
            "data": data,
            "roots": roots,
            "children": children,
            "q": words,
            "sort": sort,
            "export_query": query_string({"q": words, **sort.values()}),
            **bar_values(request, data),
            "errors": errors or {},
            "form": form or {},
            **_helpers(),
        },
        status_code=status_code,
    )


async def objectives_page(request: Request) -> Response:
    if fmt := export_format(request):
        return await list_export(
            request, fmt, "objectives/objectives", {"viewPath": "/objectives"}, ("objectives",),
            EXPORT_COLUMNS, "objectives", keep=_found(search_words(request)),
            order=ORDERS.from_query(request.query_params).rows,
        )  # fmt: skip
    return await _render_list(request)


async def create_objective(request: Request) -> Response:
    form = await form_values(request)
    if form.get("level") not in LEVELS:
        return await _render_list(
            request, errors={"level": "choose a level"}, form=form, status_code=422
        )
    payload_input = {
        "level": form["level"],
        "title": form.get("title", ""),
        "description": form.get("description", ""),
        "parentId": form.get("parentId") or None,
    }
    outcome = await run_mutation(
        request, "objectives/actions", "CreateObjective", payload_input, subject=("id",)
    )
    if outcome.ok:
        objective = outcome.payload["objective"]
        return RedirectResponse(f"/objectives/{objective['id']}", status_code=303)
    return await _render_list(request, errors=outcome.problems, form=form, status_code=422)


async def _render_one(
    request, objective_id: str, *, errors=None, form=None, open_form=None, status_code=200
) -> Response:
    data = await read(request, "objectives/objective", {"id": objective_id})
    return render(
        request,
        "objectives/objective.html",
        {
            "data": data,
            "item": found(data.get("node")),
            "errors": errors or {},
            "form": form or {},
            "open_form": open_form,
            **_helpers(),
        },
        status_code=status_code,
    )


async def objective_page(request: Request) -> Response:
    return await _render_one(request, request.path_params["objective_id"])


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
    objective_id = request.path_params["objective_id"]
    action = request.path_params["action"]
    form = await form_values(request)
    outcome = await run_mutation(
        request, "objectives/actions", ACTIONS[action],
        _action_input(action, objective_id, form), subject=("id",),
    )  # fmt: skip
    if outcome.ok:
        if action == "delete":
            parent = outcome.payload.get("parent")
            target = f"/objectives/{parent['id']}" if parent else "/objectives"
            return RedirectResponse(target, status_code=303)
        return RedirectResponse(f"/objectives/{objective_id}", status_code=303)
    problems = outcome.problems
    if "objectiveId" in problems and "form" not in problems:
        problems["form"] = problems["objectiveId"]
    return await _render_one(
        request, objective_id, errors=problems, form=form, open_form=action, status_code=422
    )
