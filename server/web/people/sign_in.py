"""Signing in and out with an e-mail address and password. The checks themselves (the throttle,
the password, the new session's row) are the domain's: server/domain/people/authentication.py."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.domain.people import authentication
from server.web.core.authentication import SESSION_KEY
from server.web.core.client_address import client_address
from server.web.core.csrf import csrf_token
from server.web.core.flash import take_flash
from server.web.core.forms import form_text
from server.web.core.pages import render
from server.web.core.pipeline import request_state

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
) -> Response:
    return render(
        request,
        "auth/sign_in.html",
        {
            "viewer": None,
            "email": email,
            "error": error,
            "next": safe_next(request.query_params.get("next")),
            "flash": take_flash(request),
        },
        status_code=status,
        headers=headers,
    )


async def sign_in_page(request: Request) -> Response:
    if await request_state(request).viewer() is not None:  # signed in already: carry on
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    csrf_token(request)
    return _form(request)


async def expired_form(request: Request) -> Response:
    """A sign-in without the session's CSRF token: the form again, as it was filled."""
    email = (await form_text(request)).get("email", "").strip()
    return _form(request, email=email, error=EXPIRED_FORM, status=400)


async def sign_in(request: Request) -> Response:
    form = await form_text(request)
    email = form.get("email", "").strip()
    password = form.get("password", "")
    if not email or not password:
        return _form(request, email=email, error=WRONG_CREDENTIALS, status=401)
    state = request.app.state
    outcome = await authentication.sign_in(
        await request_state(request).session(),
        state.passwords,
        state.throttle_rules,
        state.session_lifetimes,
        email=email,
        password=password,
        address=client_address(request, state.settings.trusted_proxies),
        user_agent=request.headers.get("user-agent", ""),
    )
    if outcome.refusal is not None:
        state.metrics.sign_in_refused("locked" if outcome.refusal.locked else "password")
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
    request.session[SESSION_KEY] = outcome.key
    csrf_token(request)
    return RedirectResponse(safe_next(form.get("next", "/")), status_code=303)


async def signed_out(request: Request) -> Response:
    """Where signing out ends, also when the form had expired (nothing is signed out then)."""
    return RedirectResponse("/sign-in", status_code=303)


async def sign_out(request: Request) -> Response:
    key = request.session.get(SESSION_KEY)
    if isinstance(key, str) and key:
        await authentication.sign_out(await request_state(request).session(), key)
    request.session.clear()
    return await signed_out(request)
