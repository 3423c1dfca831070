"""Error pages in the product's style; unexpected failures are logged, never shown."""

from __future__ import annotations

import logging
from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from server.db import RETRY_AFTER_SECONDS, database_unavailable
from server.web.core.pipeline import STATE_KEY
from server.web.core.request_ids import request_id_of

log = logging.getLogger("steward.errors")

TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Page not found",
    405: "Method not allowed",
    413: "Too large",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Temporarily unavailable",
}

UNAVAILABLE = (
    "The database is not answering just now. Nothing was changed; "
    "please try again in a few seconds."
)


def _wants_html(request: Request) -> bool:
    """A browser's page, or htmx (which swaps the answer into a page)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept or bool(request.headers.get("hx-request"))


async def _viewer_or_none(request: Request):
    """Who is signed in, so an error page keeps the navigation; None when that cannot be told.
    The request's own state knows, if the route got that far; else it asks once more."""
    state = request.scope.get(STATE_KEY)
    if state is None:
        return None
    try:
        return await state.viewer()
    except Exception:  # the database may be the very thing failing
        return None
    finally:
        await state.close()


def render_error(
    request: Request,
    status: int,
    message: str,
    request_id: str | None = None,
    viewer=None,
):
    if not _wants_html(request):
        if request.url.path.startswith("/graphql"):
            body = {"errors": [{"message": message}]}
            if request_id:
                body["errors"][0]["extensions"] = {"requestId": request_id}
            return JSONResponse(body, status_code=status)
        return PlainTextResponse(message, status_code=status)
    request.state.page_query = None  # the footer links no query from an error page
    return request.app.state.templates.TemplateResponse(
        request,
        "errors/error.html",
        {
            "viewer": viewer,
            "status": status,
            "title": TITLES.get(status, "Error"),
            "message": message,
            "request_id": request_id,
        },
        status_code=status,
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {
        404: "There is nothing at this address. It may have moved, or never existed.",
        403: "Your roles do not allow this.",
        405: "This address does not accept that kind of request.",
    }
    message = messages.get(exc.status_code, str(exc.detail))
    if exc.status_code == 403 and exc.detail != HTTPStatus.FORBIDDEN.phrase:
        message = str(exc.detail)  # a reason given on purpose, such as an expired form
    viewer = None
    if exc.status_code in (403, 404) and _wants_html(request):
        viewer = await _viewer_or_none(request)
    return render_error(request, exc.status_code, message, viewer=viewer)


async def database_error(request: Request, exc: Exception) -> Response:
    """The database failed: 503 with Retry-After when it could not answer (as /healthz says),
    else an unexpected error like any other."""
    if not database_unavailable(exc):
        return await unexpected_error(request, exc)
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    response = render_error(request, 503, UNAVAILABLE)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def too_many_attempts(request: Request, exc: Exception) -> Response:
    """429 with Retry-After: the client sent too many invalid credentials lately."""
    request.app.state.metrics.sign_in_refused("token")
    retry_after = str(getattr(exc, "retry_after", 60))
    if request.url.path.startswith("/graphql") and not _wants_html(request):
        body = {"errors": [{"message": str(exc), "extensions": {"code": "TOO_MANY_ATTEMPTS"}}]}
        response: Response = JSONResponse(body, status_code=429)
    else:
        response = render_error(request, 429, str(exc))
    response.headers["Retry-After"] = retry_after
    return response


async def unexpected_error(request: Request, exc: Exception) -> Response:
    request_id = request_id_of(request.scope)
    log.exception("unexpected error [%s] on %s %s", request_id, request.method, request.url.path)
    return render_error(
        request,
        500,
        "Steward hit an unexpected error. Nothing was changed. "
        f"If it happens again, give your administrator this reference: {request_id}.",
        request_id,
    )
