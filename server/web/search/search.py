"""`/search?q=…&kind=…`: what the header's search box finds, best first, with the matched words
marked, a filter by kind with the count of each, and a page at a time."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from server.web.core.documents import DocumentInputError, run_document
from server.web.core.pages import render

PER_PAGE = 20
KINDS = {
    "INITIATIVE": ("Initiative", "Initiatives"),
    "SUGGESTION": ("Suggestion", "Suggestions"),
    "METRIC": ("Metric", "Metrics"),
    "SERVICE": ("Service", "Services"),
    "PROCESS": ("Process", "Processes"),
    "OBJECTIVE": ("Objective", "Objectives"),
    "STAKEHOLDER": ("Stakeholder", "Stakeholders"),
    "PERSON": ("Person", "People"),
}


async def search_page(request: Request) -> Response:
    words = request.query_params.get("q", "").strip()
    kind = request.query_params.get("kind", "")
    if kind and kind not in KINDS:
        raise HTTPException(400, f"kind must be one of {', '.join(KINDS)}")
    values: dict[str, Any] = {"q": words, "kind": kind, "kinds": KINDS, "data": None,
                              "problem": None}  # fmt: skip
    if words:
        variables = {
            "query": words[:200],
            "kinds": [kind] if kind else None,
            "first": PER_PAGE,
            "after": request.query_params.get("after") or None,
        }
        try:
            values["data"] = await run_document(request, "search/search", variables)
        except DocumentInputError as error:  # too many words, a stale cursor: said on the page
            values["problem"] = "; ".join(error.messages)
            return render(request, "search/search.html", values, status_code=400)
        values["counts"] = {c["kind"]: c["count"] for c in values["data"]["search"]["counts"]}
    return render(request, "search/search.html", values)
