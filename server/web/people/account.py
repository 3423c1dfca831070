"""My account, for everyone signed in: change one's own password, see and end one's signed-in
sessions (this one marked), sign out everywhere, and one's API tokens. Every form runs one
mutation of templates/account/actions.graphql."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.domain.core.errors import RuleViolation
from server.domain.people.preferences import parse_theme
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_text, run_mutation
from server.web.core.ids import id_number
from server.web.core.pages import read, render
from server.web.core.pipeline import request_state
from server.web.core.theme import THEMES, remember_theme
from server.web.people.sign_in import safe_next

ACTIONS = "account/actions"
SCOPES = {"READ": "Read only", "READ_WRITE": "Read and write"}
MAIL_KINDS = {
    "AWAITING_DECISION": "Something waits for my decision",
    "DECIDED": "A decision was made on my initiative or suggestion",
    "MENTIONED": "Someone mentioned me",
    "COMMENTED": "A comment on something I watch",
    "CHANGED": "Something I watch moved on",
    "REMINDER": "A reminder fell due",
}
DELIVERIES = {"IMMEDIATE": "At once", "DIGEST": "In the daily digest", "OFF": "Not by mail"}


async def _render(
    request: Request, *, errors: dict[str, dict[str, str]] | None = None, status_code: int = 200
) -> Response:
    data = await read(request, "account/account")
    return render(
        request,
        "account/account.html",
        {
            "me": data["viewer"],
            "tokens": data["apiTokens"],
            "scopes": SCOPES,
            "kinds": MAIL_KINDS,
            "deliveries": DELIVERIES,
            "errors": errors or {},
            "flash": take_flash(request),
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


async def account_page(request: Request) -> Response:
    return await _render(request)


def _signed_out(request: Request, message: str) -> Response:
    request.session.clear()
    flash(request, message)
    return RedirectResponse("/sign-in", status_code=303)


async def change_password(request: Request) -> Response:
    form = await form_text(request)
    input_ = {
        "currentPassword": form.get("currentPassword", ""),
        "newPassword": form.get("newPassword", ""),
    }
    if input_["newPassword"] != form.get("repeatPassword", ""):
        problems = {"repeatPassword": "does not match the new password"}
    else:
        problems = (await run_mutation(request, ACTIONS, "ChangeMyPassword", input_)).problems
    if problems:
        return await _render(request, errors={"password": problems}, status_code=422)
    flash(request, "Your password was changed. Your other sessions were signed out.")
    return RedirectResponse("/account", status_code=303)


async def end_session(request: Request) -> Response:
    session_id = request.path_params["session_id"]
    outcome = await run_mutation(
        request, ACTIONS, "EndSession", {"id": session_id}, subject=("id",)
    )
    if not outcome.ok:
        return await _render(request, errors={"sessions": outcome.problems}, status_code=422)
    if id_number(session_id) == request_state(request).known_context.viewer.session_id:
        return _signed_out(request, "You signed out.")
    flash(request, "The session was signed out.")
    return RedirectResponse("/account", status_code=303)


async def sign_out_everywhere(request: Request) -> Response:
    outcome = await run_mutation(request, ACTIONS, "SignOutEverywhere", {"keepThisSession": False})
    if not outcome.ok:
        return await _render(request, errors={"everywhere": outcome.problems}, status_code=422)
    return _signed_out(request, "You signed out everywhere.")


async def change_mail(request: Request) -> Response:
    form = await form_text(request)
    hour = form.get("digestHour", "").strip()
    input_: dict = {
        "preferences": [
            {"kind": kind, "delivery": form[f"mail.{kind}"]}
            for kind in MAIL_KINDS
            if form.get(f"mail.{kind}") in DELIVERIES
        ],
        "timeZone": form.get("timeZone", "").strip() or None,
        "digestHour": int(hour)
        if hour.isdigit() and len(hour) <= 2
        else (None if not hour else -1),
    }
    problems = (await run_mutation(request, ACTIONS, "UpdateMailSettings", input_)).problems
    if problems:
        return await _render(request, errors={"mail": problems}, status_code=422)
    flash(request, "Your e-mail choices were saved.")
    return RedirectResponse("/account#mail", status_code=303)


async def choose_theme(request: Request) -> Response:
    """Light, dark or as the system is set: kept with the person when signed in (the same
    mutation the API offers), and in a cookie for this browser either way."""
    form = await form_text(request)
    back = safe_next(form.get("next"))
    try:
        theme = parse_theme(form.get("theme"), "theme")
    except RuleViolation as refused:
        flash(request, f"The theme was not changed: it {refused.message}.")
        return RedirectResponse(back, status_code=303)
    if await request_state(request).viewer() is not None:
        outcome = await run_mutation(request, ACTIONS, "UpdateMyPreferences", {"theme": theme.name})
        if not outcome.ok:
            message = "; ".join(outcome.problems.values()) or "it was refused"
            flash(request, f"The theme was not changed: {message}.")
            return RedirectResponse(back, status_code=303)
    response = RedirectResponse(back, status_code=303)
    remember_theme(request, response, theme.value)
    return response


async def api_help(request: Request) -> Response:
    """How to read the register from a reporting tool: a token, a first query, the explorer."""
    return render(request, "help/api.html", {"base_url": str(request.base_url).rstrip("/")})


async def change_preferences(request: Request) -> Response:
    """The account page's theme and locale, through the same mutation; the theme's cookie
    follows, so the sign-in page looks the same."""
    form = await form_text(request)
    input_: dict[str, str | None] = {"locale": form.get("locale", "").strip()}
    if form.get("theme"):
        input_["theme"] = form["theme"]
    problems = (await run_mutation(request, ACTIONS, "UpdateMyPreferences", input_)).problems
    if problems:
        return await _render(request, errors={"preferences": problems}, status_code=422)
    flash(request, "How the pages look was saved.")
    response = RedirectResponse("/account#appearance", status_code=303)
    if (theme := (input_.get("theme") or "").lower()) in THEMES:
        remember_theme(request, response, theme)
    return response
