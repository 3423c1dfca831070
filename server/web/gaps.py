"""The gap analysis page (step 2 of the improvement process): each group with its count."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from server.web.documents import run_document
from server.web.objectives import LEVEL_LABELS
from server.web.pages import sign_in_redirect
from server.web.requests import request_context


async def gaps_page(request: Request) -> Response:
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        data = await run_document(request, context, "gaps/gaps")
    return request.app.state.templates.TemplateResponse(
        request,
        "gaps/gaps.html",
        {
            "viewer": context.viewer,
            "data": data,
            "level_label": LEVEL_LABELS,
            "page_document": "gaps/gaps",
        },
    )
