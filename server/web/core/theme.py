"""Which theme a page is drawn in: the signed-in person's choice, else the one a signed-out
browser chose (a cookie), else the system's. base.html puts it on <html data-theme>."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

THEME_COOKIE = "steward_theme"
THEMES = ("system", "light", "dark")
THEME_COOKIE_SECONDS = 400 * 24 * 3600  # browsers keep a cookie at most about this long


def remember_theme(request: Request, response: Response, theme: str) -> None:
    """This browser keeps the theme (the sign-in page and other signed-out pages use it)."""
    response.set_cookie(
        THEME_COOKIE, theme, max_age=THEME_COOKIE_SECONDS, httponly=True, samesite="lax",
        secure=request.url.scheme == "https",
    )  # fmt: skip


def page_theme(request: Request, viewer: Any) -> str:
    chosen = viewer.theme if viewer is not None else request.cookies.get(THEME_COOKIE)
    return chosen if chosen in THEMES else "system"
