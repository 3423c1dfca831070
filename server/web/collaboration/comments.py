"""The comment forms. Each runs one mutation (templates/collaboration/actions.graphql) and goes
back to the page it was sent from (`back`, a path on this site) at the comment, which shows
what was done; refused, it shows the comment again with the errors beside it, so nothing typed
is lost."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.core.forms import form_values, run_mutation
from server.web.core.pages import read, render

ACTIONS = "collaboration/actions"


def back_to(form: dict[str, Any]) -> str:
    """Where to go back: a path on this site, never another site (`//host`, `\\`)."""
    back = str(form.get("back", ""))
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:
        return back.split("#")[0]
    return "/"


def _mentions(form: dict[str, Any]) -> list[str]:
    chosen = form.get("mentionIds", [])
    return [pk for pk in (chosen if isinstance(chosen, list) else [chosen]) if pk]


async def _again(
    request: Request, form: dict[str, Any], problems: dict[str, str], action: str,
    hidden: dict[str, str],
) -> Response:  # fmt: skip
    subject = str(form.get("subjectId", ""))
    people: list[dict[str, str]] = []
    if subject:
        try:
            data = await read(request, ACTIONS, {"subject": subject}, "Mentionable")
            people = data["mentionable"]["nodes"]
        except HTTPException:  # a malformed id: no one to mention; the error says why
            people = []
    return render(
        request,
        "collaboration/comment_form.html",
        {
            "errors": problems, "form": form, "action": action, "hidden": hidden,
            "back": back_to(form), "mentionable": people, "chosen": _mentions(form),
        },
        status_code=422,
    )  # fmt: skip


def _problems(problems: dict[str, str]) -> dict[str, str]:
    """Errors about a mention or the thing go to the whole form's list."""
    for name in ("subjectId", "expectedVersion", "0"):
        if name in problems:
            problems["form"] = problems.pop(name)
    return problems


async def add(request: Request) -> Response:
    form = await form_values(request)
    fields = {"subjectId": str(form.get("subjectId", "")), "body": str(form.get("body", "")),
              "mentionIds": _mentions(form)}  # fmt: skip
    outcome = await run_mutation(request, ACTIONS, "AddComment", fields)
    if outcome.ok:
        comment_id = outcome.payload["comment"]["id"]
        return RedirectResponse(f"{back_to(form)}#comment-{comment_id}", status_code=303)
    hidden = {"subjectId": fields["subjectId"]}
    return await _again(request, form, _problems(outcome.problems), "/comments", hidden)


async def edit(request: Request) -> Response:
    form = await form_values(request)
    comment_id = request.path_params["comment_id"]
    fields: dict[str, Any] = {"id": comment_id, "body": str(form.get("body", "")),
                              "mentionIds": _mentions(form)}  # fmt: skip
    version = str(form.get("expectedVersion", ""))
    if version.isdigit():
        fields["expectedVersion"] = int(version)
    outcome = await run_mutation(request, ACTIONS, "EditComment", fields, subject=("id",))
    if outcome.ok:
        return RedirectResponse(f"{back_to(form)}#comment-{comment_id}", status_code=303)
    hidden = {"subjectId": str(form.get("subjectId", ""))}
    return await _again(request, form, _problems(outcome.problems), f"/comments/{comment_id}",
                        hidden)  # fmt: skip


async def delete(request: Request) -> Response:
    form = await form_values(request)
    fields: dict[str, Any] = {"id": request.path_params["comment_id"]}
    version = str(form.get("expectedVersion", ""))
    if version.isdigit():
        fields["expectedVersion"] = int(version)
    outcome = await run_mutation(request, ACTIONS, "DeleteComment", fields, subject=("id",))
    if outcome.ok:
        return RedirectResponse(f"{back_to(form)}#comments-heading", status_code=303)
    message = outcome.problems.get("form") or next(iter(outcome.problems.values()))
    return render(request, "collaboration/refused.html",
                  {"message": message, "back": back_to(form)}, status_code=409)  # fmt: skip
