"""The notifications page (`/notifications`), one notification's address (on to its thing), the
header's unread count that htmx refreshes
(`/notifications/count`), marking read, and watching a thing (the button beside its
comments)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from server.web.collaboration.comments import back_to
from server.web.core.flash import flash, take_flash
from server.web.core.forms import form_values, run_mutation
from server.web.core.pages import found, read, render

DOCUMENT = "collaboration/notifications"
PER_PAGE = 50


async def notifications(request: Request) -> Response:
    unread_only = request.query_params.get("unread") == "1"
    variables: dict[str, Any] = {
        "unread": True if unread_only else None,
        "first": PER_PAGE,
        "after": request.query_params.get("after") or None,
    }
    data = await read(request, DOCUMENT, variables, "Notifications")
    return render(
        request,
        "collaboration/notifications.html",
        {"data": data, "unread_only": unread_only, "flash": take_flash(request)},
    )


async def open_one(request: Request) -> Response:
    """A notification's own address, which mails link to: on to the thing it is about (after
    signing in, when need be). Someone else's notification is not found."""
    variables = {"id": request.path_params["notification_id"]}
    data = await read(request, DOCUMENT, variables, "NotificationLink")
    target = found(data.get("node")).get("link")
    if not target:
        raise HTTPException(404)
    return RedirectResponse(target, status_code=303)


async def count(request: Request) -> Response:
    """The header's count alone, for htmx to swap in."""
    data = await read(request, DOCUMENT, {}, "UnreadCount")
    return render(
        request,
        "collaboration/_unread.html",
        {"unread": data["viewer"]["unreadNotificationCount"]},
        headers={"Cache-Control": "no-store"},
    )


async def mark_read(request: Request) -> Response:
    form = await form_values(request)
    if form.get("all") == "yes":
        fields: dict[str, Any] = {"all": True}
    else:
        ids = form.get("ids", [])
        fields = {"ids": ids if isinstance(ids, list) else [ids]}
    outcome = await run_mutation(request, DOCUMENT, "MarkNotificationsRead", fields)
    flash(request, "Marked read." if outcome.ok else next(iter(outcome.problems.values())))
    return RedirectResponse("/notifications", status_code=303)


async def watching(request: Request) -> Response:
    """Start or stop watching a thing; back to its page."""
    form = await form_values(request)
    fields = {
        "subjectId": str(form.get("subjectId", "")),
        "watching": form.get("watching") == "yes",
    }
    outcome = await run_mutation(request, DOCUMENT, "SetWatching", fields, subject=("subjectId",))
    back = back_to(form)
    if not outcome.ok:
        return RedirectResponse(back, status_code=303)
    return RedirectResponse(f"{back}#comments-heading", status_code=303)
