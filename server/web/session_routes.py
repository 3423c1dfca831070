"""Signing in and out with an e-mail address and password."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server import auth
from server.client_address import client_address
from server.web.csrf import csrf_ok, csrf_token
from server.web.flash import take_flash
from server.web.requests import request_context

WRONG_CREDENTIALS = "That e-mail address and password do not match an active account."
EXPIRED_FORM = "The form had expired. Please try again."


def safe_next(target: str | None) -> str:
    """Only a path on this site, so the sign-in form cannot send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(
    request: Request,
    *,
    email: str = "",
    error: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
):
    return request.app.state.templates.TemplateResponse(
        request,
        "auth/sign_in.html",
        {
            "viewer": None,
            "email": email,
            "error": error,
            "next": safe_next(request.query_params.get("next")),
            "flash": take_flash(request),
            "page_document": None,
        },
        status_code=status,
        headers=headers,
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
    if not email or not password:
        return _form(request, email=email, error=WRONG_CREDENTIALS, status=401)
    state = request.app.state
    async with state.sessions() as session:
        outcome = await auth.sign_in(
            session,
            state.passwords,
            state.throttle_rules,
            state.session_lifetimes,
            email=email,
            password=password,
            address=client_address(request, state.settings.trusted_proxies),
            user_agent=request.headers.get("user-agent", ""),
        )
    if outcome.refusal is not None:
        return _form(
            request,
            email=email,
            error=outcome.refusal.message,
            status=429,
            headers={"Retry-After": str(outcome.refusal.retry_after)},
        )
    if outcome.key is None:
        return _form(request, email=email, error=WRONG_CREDENTIALS, status=401)
    request.session.clear()  # a new session on sign-in, so an old cookie cannot be fixed on us
    request.session[auth.SESSION_KEY] = outcome.key
    csrf_token(request)
    return RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)


async def sign_out(request: Request) -> Response:
    if await csrf_ok(request):
        key = request.session.get(auth.SESSION_KEY)
        if isinstance(key, str) and key:
            async with request.app.state.sessions() as session:
                await auth.sign_out(session, key)
        request.session.clear()
    return RedirectResponse("/sign-in", status_code=303)
