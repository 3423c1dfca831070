"""My API tokens, for everyone signed in: the list of one's own tokens, a form to create one
(its secret shown once, in the reply to that form only) and revoking with a confirmation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_text, run_mutation
from server.web.core.pages import read, render
from server.web.core.paging import Paging, query_string

PAGE_SIZE = 25
ACTIONS = "tokens/actions"
SCOPES = {"READ": "Read only", "READ_WRITE": "Read and write"}


async def _render(
    request: Request,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    new_token: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    paging = Paging.from_query(request.query_params, PAGE_SIZE)
    data = await read(request, "tokens/tokens", paging.variables())
    return render(
        request,
        "tokens/tokens.html",
        {
            "tokens": data["apiTokens"],
            "query": lambda **changes: query_string({}, **changes),
            "scopes": SCOPES,
            "now": datetime.now(UTC).isoformat(),  # API times are ISO 8601 in UTC too
            "errors": errors or {},
            "form": form or {},
            "new_token": new_token,
            "flash": take_flash(request),
        },
        status_code=status_code,
        # the secret must not be kept anywhere
        headers={"Cache-Control": "no-store"} if new_token is not None else None,
    )


async def tokens_page(request: Request) -> Response:
    return await _render(request)


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
    form = await form_text(request)
    input_, problems = _create_input(form)
    if not problems:
        outcome = await run_mutation(request, ACTIONS, "CreateApiToken", input_)
        if outcome.ok:
            created = {"name": outcome.payload["token"]["name"]}
            created["secret"] = outcome.payload["secret"]
            return await _render(request, new_token=created)
        problems = outcome.problems
    return await _render(request, errors=problems, form=form, status_code=422)


async def revoke_token(request: Request) -> Response:
    token_id = request.path_params["token_id"]
    outcome = await run_mutation(
        request, ACTIONS, "RevokeApiToken", {"id": token_id}, subject=("id",)
    )
    if not outcome.ok:
        return await _render(request, errors=outcome.problems, status_code=422)
    flash(request, "The token was revoked; it no longer works.")
    return RedirectResponse("/tokens", status_code=303)
