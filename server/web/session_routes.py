"""Signing in and out with an e-mail address and password."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.auth import SESSION_KEY, check_password
from server.web.csrf import csrf_ok, csrf_token
from server.web.requests import request_context

WRONG_CREDENTIALS = "That e-mail address and password do not match an active account."
EXPIRED_FORM = "The form had expired. Please try again."


def safe_next(target: str | None) -> str:
    """Only a path on this site, so the sign-in form cannot send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(request: Request, *, email: str = "", error: str | None = None, status: int = 200):
    return request.app.state.templates.TemplateResponse(
        request,
        "auth/sign_in.html",
        {
            "viewer": None,
            "email": email,
            "error": error,
            "next": safe_next(request.query_params.get("next")),
            "page_document": None,
        },
        status_code=status,
    )


async def sign_in_page(request: Request) -> Response:
    async with request_context(request) as context:
        if context.viewer is not None:
            return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    csrf_token(request)
    return _form(request)


async def sign_in(request: Request) -> Response:
    form = await request.form()
    email = str(form.get("email", "")).strip()
    password = str(form.get("password", ""))
    if not await csrf_ok(request):
        return _form(request, email=email, error=EXPIRED_FORM, status=400)
    async with request.app.state.sessions() as session:
        person_id = await check_password(session, email, password) if email and password else None
    if person_id is None:
        return _form(request, email=email, error=WRONG_CREDENTIALS, status=401)
    request.session.clear()  # a new session on sign-in, so an old cookie cannot be fixed on us
    request.session[SESSION_KEY] = person_id
    csrf_token(request)
    return RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)


async def sign_out(request: Request) -> Response:
    if await csrf_ok(request):
        request.session.clear()
    return RedirectResponse("/sign-in", status_code=303)
