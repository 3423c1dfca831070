"""A one-time message shown on the page a form redirects to ("The role was assigned.")."""

from __future__ import annotations

from starlette.requests import Request

FLASH_KEY = "flash"


def flash(request: Request, message: str) -> None:
    request.session[FLASH_KEY] = message


def take_flash(request: Request) -> str | None:
    """The waiting message, removed so it shows once."""
    return request.session.pop(FLASH_KEY, None)
