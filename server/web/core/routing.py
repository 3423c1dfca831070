"""Routes that declare what they need: who may use them (`needs`), what their path must hold
(`params`), how a request without the CSRF token is answered (`csrf`) and the limits of their
form (`form_limits`). The guard enforces the first two before the route runs, in the order a
visitor meets them: an address that names nothing is not found (404), a stranger is sent to sign
in, and someone without the role gets the 403 page. The request pipeline enforces the third."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from enum import Enum
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.domain.core.permissions import Action, can
from server.web.core.csrf import FORM_POSTS, CsrfPolicy
from server.web.core.ids import is_global_id
from server.web.core.pipeline import request_state


class Needs(Enum):
    """Who may use a route."""

    ANYONE = "anyone"  # sign-in, sign-out, health, the example file: no viewer is looked up
    SIGNED_IN = "signed in"
    ADMIN = "administrator"  # people, roles and the audit log


ANYONE, SIGNED_IN, ADMIN = Needs.ANYONE, Needs.SIGNED_IN, Needs.ADMIN

# A path parameter's rule: the name of the type its global id must be, or the words it may be.
Param = str | Collection[str]
Strangers = Callable[[Request], Response]


def sign_in_redirect(request: Request) -> RedirectResponse:
    """To the sign-in page, coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?next={quote(target, safe='')}", status_code=303)


class Guard:
    """Pure ASGI middleware of one route: its path parameters, then who is asking. The request's
    database session is released as the route's response starts."""

    def __init__(
        self, app: ASGIApp, needs: Needs, params: Mapping[str, Param], strangers: Strangers
    ) -> None:
        self.app = app
        self.needs = needs
        self.params = params
        self.strangers = strangers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        for name, rule in self.params.items():
            if not _holds(request.path_params[name], rule):
                raise HTTPException(404)
        state = request_state(request)
        if self.needs is not ANYONE:
            viewer = await state.viewer()
            if viewer is None:
                await self.strangers(request)(scope, receive, send)
                return
            if self.needs is ADMIN and not can(viewer, Action.ADMINISTER):
                raise HTTPException(403)

        async def send_released(message: Message) -> None:
            if message["type"] == "http.response.start":
                await state.close()
            await send(message)

        await self.app(scope, receive, send_released)


def _holds(value: str, rule: Param) -> bool:
    return is_global_id(value, rule) if isinstance(rule, str) else value in rule


class GuardedRoute(Route):
    """A route with its needs, path rules and CSRF policy declared (see the module's doc)."""

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        needs: Needs,
        methods: Collection[str] | None = None,
        name: str | None = None,
        params: Mapping[str, Param] | None = None,
        csrf: CsrfPolicy = FORM_POSTS,
        strangers: Strangers = sign_in_redirect,
        form_limits: Mapping[str, int] | None = None,
        ahead_of_guard: Sequence[Middleware] = (),
    ) -> None:
        assert needs is not ANYONE or not csrf.strangers_first, "no guard would turn them away"
        self.needs = needs
        self.csrf = csrf
        self.form_limits = dict(form_limits or {})  # max_files, max_fields of request.form()
        guard = Middleware(Guard, needs=needs, params=params or {}, strangers=strangers)
        super().__init__(
            path, endpoint, methods=methods, name=name, middleware=[*ahead_of_guard, guard]
        )


def page(
    path: str,
    handler: Callable[[Request], Any],
    *,
    needs: Needs,
    methods: Collection[str] = ("GET",),
    name: str | None = None,
    params: Mapping[str, Param] | None = None,
    csrf: CsrfPolicy = FORM_POSTS,
    form_limits: Mapping[str, int] | None = None,
) -> GuardedRoute:
    """A page or a form's route: `handler(request)` runs once the guard let the request in."""
    return GuardedRoute(
        path,
        handler,
        needs=needs,
        methods=methods,
        name=name,
        params=params,
        csrf=csrf,
        form_limits=form_limits,
    )
