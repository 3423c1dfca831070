"""Rendering a page: read its GraphQL document, render its template for the viewer, the whole
page or, for an htmx request, one block of it (a fragment is a named block of the page's
template, so both come from one place)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from server.web.core.documents import DocumentInputError, run_document
from server.web.core.pipeline import request_state


def is_fragment(request: Request) -> bool:
    """An htmx request for one block of the page (a boosted link wants the whole page)."""
    return bool(request.headers.get("hx-request") and not request.headers.get("hx-boosted"))


async def read(
    request: Request,
    document: str,
    variables: dict[str, Any] | None = None,
    operation: str | None = None,
) -> dict[str, Any]:
    """The data of a page's document; variables the schema refuses (a stale cursor taken from
    the address, say) make a bad request (400)."""
    try:
        return await run_document(request, document, variables, operation)
    except DocumentInputError as error:
        raise HTTPException(400, "; ".join(error.messages)) from None


def found(value: Any) -> Any:
    """The object the address names, or the 404 page when there is none to see."""
    if value is None:
        raise HTTPException(404)
    return value


def render(
    request: Request,
    template: str,
    values: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
    fragments: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    """The template with `values` and the viewer: the whole page, or only `block`. A page that
    answers htmx with fragments (`fragments`) says so to caches (Vary: HX-Request)."""
    values = dict(values or {})
    if "viewer" not in values:
        values["viewer"] = request_state(request).known_context.viewer
    response = request.app.state.templates.TemplateResponse(
        request, template, values, status_code=status_code, block_name=block, headers=headers
    )
    if fragments:
        response.headers["Vary"] = "HX-Request"
    return response


async def document_page(
    request: Request,
    name: str,
    variables: dict[str, Any] | None = None,
    *,
    node: str = "",
    values: dict[str, Any] | None = None,
) -> Response:
    """A page that is its document: run `templates/<name>.graphql` and render `<name>.html`
    with the answer as `data`. `node`: the path parameter whose object the document asks for
    as `node(id: $id)`; when there is none to see, the 404 page."""
    if node:
        variables = {"id": request.path_params[node], **(variables or {})}
    data = await read(request, name, variables)
    if node:
        found(data.get("node"))
    return render(request, f"{name}.html", {"data": data, **(values or {})})
