"""My account, for everyone signed in: change one's own password, see and end one's signed-in
sessions (this one marked), sign out everywhere, and one's API tokens. Every form runs one
mutation of templates/account/actions.graphql."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from schema.core.context import Context
from schema.core.ids import from_global_id
from server.web.documents import run_document
from server.web.flash import flash, take_flash
from server.web.forms import posted_form, run_mutation
from server.web.pages import sign_in_redirect
from server.web.requests import request_context

ACTIONS = "account/actions"
SCOPES = {"READ": "Read only", "READ_WRITE": "Read and write"}


async def _render(
    request: Request,
    context: Context,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    data = await run_document(request, context, "account/account")
    response = request.app.state.templates.TemplateResponse(
        request,
        "account/account.html",
        {
            "viewer": context.viewer,
            "me": data["viewer"],
            "tokens": data["apiTokens"],
            "scopes": SCOPES,
            "errors": errors or {},
            "flash": take_flash(request),
            "page_document": "account/account",
        },
        status_code=status_code,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


async def account_page(request: Request) -> Response:
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        return await _render(request, context)


def _signed_out(request: Request, message: str) -> Response:
    request.session.clear()
    flash(request, message)
    return RedirectResponse("/sign-in", status_code=303)


async def change_password(request: Request) -> Response:
    form = await posted_form(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        input_ = {
            "currentPassword": form.get("currentPassword", ""),
            "newPassword": form.get("newPassword", ""),
        }
        problems: dict[str, str] = {}
        if input_["newPassword"] != form.get("repeatPassword", ""):
            problems["repeatPassword"] = "does not match the new password"
        else:
            outcome = await run_mutation(request, context, ACTIONS, "ChangeMyPassword", input_)
            problems = outcome.problems
        if problems:
            return await _render(request, context, errors={"password": problems}, status_code=422)
    flash(request, "Your password was changed. Your other sessions were signed out.")
    return RedirectResponse("/account", status_code=303)


async def end_session(request: Request) -> Response:
    session_id = request.path_params["session_id"]
    decoded = from_global_id(session_id)
    if decoded is None or decoded[0] != "Session":
        raise HTTPException(404)
    await posted_form(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        outcome = await run_mutation(request, context, ACTIONS, "EndSession", {"id": session_id})
        if outcome.code == "NOT_FOUND":
            raise HTTPException(404)
        if not outcome.ok:
            return await _render(request, context, errors={"sessions": outcome.problems},
                                 status_code=422)  # fmt: skip
        if decoded[1] == context.viewer.session_id:
            return _signed_out(request, "You signed out.")
    flash(request, "The session was signed out.")
    return RedirectResponse("/account", status_code=303)


async def sign_out_everywhere(request: Request) -> Response:
    await posted_form(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        outcome = await run_mutation(
            request, context, ACTIONS, "SignOutEverywhere", {"keepThisSession": False}
        )
        if not outcome.ok:
            return await _render(request, context, errors={"everywhere": outcome.problems},
                                 status_code=422)  # fmt: skip
    return _signed_out(request, "You signed out everywhere.")


ROUTES = [
    Route("/account", account_page, methods=["GET"], name="account"),
    Route("/account/password", change_password, methods=["POST"]),
    Route("/account/sessions/{session_id}/end", end_session, methods=["POST"]),
    Route("/account/sign-out-everywhere", sign_out_everywhere, methods=["POST"]),
]
