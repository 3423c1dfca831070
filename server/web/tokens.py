"""My API tokens, for everyone signed in: the list of one's own tokens, a form to create one
(its secret shown once, in the reply to that form only) and revoking with a confirmation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from schema.core.context import Context
from schema.core.ids import from_global_id
from server.web.documents import DocumentInputError, run_document
from server.web.flash import flash, take_flash
from server.web.forms import Paging, posted_form, query_string, run_mutation
from server.web.pages import sign_in_redirect
from server.web.requests import request_context

PAGE_SIZE = 25
ACTIONS = "tokens/actions"
SCOPES = {"READ": "Read only", "READ_WRITE": "Read and write"}


async def _render(
    request: Request,
    context: Context,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    new_token: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    paging = Paging.from_query(request.query_params, PAGE_SIZE)
    try:
        data = await run_document(request, context, "tokens/tokens", paging.variables())
    except DocumentInputError as error:
        raise HTTPException(400, "; ".join(error.messages)) from None
    response = request.app.state.templates.TemplateResponse(
        request,
        "tokens/tokens.html",
        {
            "viewer": context.viewer,
            "tokens": data["apiTokens"],
            "query": lambda **changes: query_string({}, **changes),
            "scopes": SCOPES,
            "now": datetime.now(UTC).isoformat(),  # API times are ISO 8601 in UTC too
            "errors": errors or {},
            "form": form or {},
            "new_token": new_token,
            "flash": take_flash(request),
            "page_document": "tokens/tokens",
        },
        status_code=status_code,
    )
    if new_token is not None:
        response.headers["Cache-Control"] = "no-store"  # the secret must not be kept anywhere
    return response


async def tokens_page(request: Request) -> Response:
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        return await _render(request, context)


def _create_input(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    problems: dict[str, str] = {}
    scope = form.get("scope", "READ")
    if scope not in SCOPES:
        problems["scope"] = "choose read only, or read and write"
    expiry = form.get("expiresInDays", "").strip()
    days = None
    if expiry:
        if expiry.isdigit():
            days = int(expiry)
        else:
            problems["expiresInDays"] = "must be a whole number of days"
    return {"name": form.get("name", ""), "scope": scope, "expiresInDays": days}, problems


async def create_token(request: Request) -> Response:
    form = await posted_form(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        input_, problems = _create_input(form)
        if not problems:
            outcome = await run_mutation(request, context, ACTIONS, "CreateApiToken", input_)
            if outcome.ok:
                created = {"name": outcome.payload["token"]["name"]}
                created["secret"] = outcome.payload["secret"]
                return await _render(request, context, new_token=created)
            problems = outcome.problems
        return await _render(request, context, errors=problems, form=form, status_code=422)


async def revoke_token(request: Request) -> Response:
    token_id = request.path_params["token_id"]
    decoded = from_global_id(token_id)
    if decoded is None or decoded[0] != "ApiToken":
        raise HTTPException(404)
    await posted_form(request)
    async with request_context(request) as context:
        if context.viewer is None:
            return sign_in_redirect(request)
        outcome = await run_mutation(request, context, ACTIONS, "RevokeApiToken", {"id": token_id})
        if outcome.code == "NOT_FOUND":
            raise HTTPException(404)
        if not outcome.ok:
            return await _render(request, context, errors=outcome.problems, status_code=422)
    flash(request, "The token was revoked; it no longer works.")
    return RedirectResponse("/tokens", status_code=303)
