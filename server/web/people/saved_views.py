"""Saved views on the list pages: POST /views keeps the page's query under a name, POST
/views/{id}/delete removes one; both come back to the page. The rules are in
server/domain/people/saved_views.py; each page's document lists its views (`savedViews`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.domain.people.saved_views import clean_query
from server.web.core.flash import flash
from server.web.core.forms import form_text, run_mutation
from server.web.people.sign_in import safe_next

FIELD_NAMES = {"name": "its name", "path": "the page", "query": "the filters"}


def view_query(request: Request) -> str:
    """The page's query as a view keeps it (no paging cursor), for the save form."""
    return clean_query(urlencode(list(request.query_params.multi_items())))


def bar_values(request: Request, data: dict[str, Any], path: str = "") -> dict[str, Any]:
    """What a list page's saved-views bar shows (templates/macros/views.html): the views its
    document read as `views`, the page's path (`path`, else the request's) and its query as a
    view would keep it."""
    return {
        "views": data["views"]["nodes"],
        "view_path": path or request.url.path,
        "view_query": view_query(request),
    }


def _back(path: str, query: str = "") -> RedirectResponse:
    target = safe_next(path)
    return RedirectResponse(target + (f"?{query}" if query else ""), status_code=303)


async def save_view(request: Request) -> Response:
    form = await form_text(request)
    path, query = form.get("path", ""), form.get("query", "")
    outcome = await run_mutation(
        request, "views/actions", "SaveView",
        {"path": path, "name": form.get("name", ""), "query": query,
         "shared": form.get("shared") == "yes"},
    )  # fmt: skip
    if outcome.ok:
        flash(request, f"The view \u201c{form.get('name', '').strip()}\u201d is saved.")
        return _back(path, clean_query(query))
    field, message = next(iter(outcome.problems.items()))
    flash(request, f"The view was not saved: {FIELD_NAMES.get(field, 'it')} {message}.")
    return _back(path, clean_query(query))


async def delete_view(request: Request) -> Response:
    form = await form_text(request)
    outcome = await run_mutation(
        request, "views/actions", "DeleteSavedView", {"id": request.path_params["view_id"]},
        subject=("id",),
    )  # fmt: skip
    flash(request, "The view is deleted." if outcome.ok else "The view was not deleted.")
    return _back(form.get("back", "/"))
