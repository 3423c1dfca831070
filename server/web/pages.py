"""Page routes: each runs its GraphQL document and renders its template."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.documents import run_document
from server.web.requests import request_context


def sign_in_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?next={quote(target, safe='')}", status_code=303)


async def home(request: Request) -> Response:
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        data = await run_document(request, context, "home/home")
    return request.app.state.templates.TemplateResponse(
        request,
        "home/home.html",
        {"viewer": context.viewer, "data": data, "page_document": "home/home"},
    )
