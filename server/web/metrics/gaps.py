"""The gap analysis page (step 2 of the improvement process): each group with its count."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from server.web.core.pages import document_page
from server.web.objectives.objectives import LEVEL_LABELS


async def gaps_page(request: Request) -> Response:
    return await document_page(request, "gaps/gaps", values={"level_label": LEVEL_LABELS})
