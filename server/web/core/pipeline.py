"""The request pipeline: one pure ASGI middleware around the routes, inside the exception
handlers (so a refusal it raises is answered like a route's).

For every HTTP request it keeps a `RequestState`: the database session and the viewer, made on
first use and closed when the request ends, so pages and /graphql build their context the same
way, once. Every unsafe request that is not a bearer request must carry the session's CSRF token
before any route runs; the route only says how a refusal is answered (`CsrfPolicy`). Bearer
requests (tools) pass straight through: the session cookie plays no part in them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.db import driver_connection
from server.domain.core.viewer import Viewer
from server.statement_batch import StatementBatch
from server.web.core.authentication import authenticate, is_bearer
from server.web.core.client_address import client_address
from server.web.core.csrf import CSRF_FIELD, CSRF_HEADER, EXPIRED_FORM, FORM_POSTS, token_matches
from server.web.core.read_routing import SAFE_METHODS, remember_write, replica_session, wrote
from server.web.core.request_ids import request_id_of
from server.web.core.schema_api import Context

STATE_KEY = "steward.request"
FORM_KEY = "steward.form"  # the form the pipeline read to find the token, for the route


class RequestState:
    """One request's database session and context (viewer included), made on first use. The
    session closes (rolling back what was not committed) when the request ends, or earlier, as
    its response starts; the context, and so the viewer, stays known after that."""

    def __init__(self, connection: HTTPConnection) -> None:
        self.connection = connection
        self._session: AsyncSession | None = None
        self._replica_session: AsyncSession | None = None
        self._context: Context | None = None
        self._noted_viewer: Viewer | None = None

    async def session(self) -> AsyncSession:
        if self._session is None:
            sessions: async_sessionmaker[AsyncSession] = self.connection.app.state.sessions
            self._session = sessions()
        return self._session

    async def context(self) -> Context:
        """The GraphQL context of the request, as /graphql and every page document see it."""
        if self._context is None:
            session = await self.session()
            state = self.connection.app.state
            autocommit = self._reads_first(session)
            batch = None
            if autocommit:
                driver = await driver_connection(session, {"isolation_level": "AUTOCOMMIT"})
                if state.settings.batch_reads:
                    # Reads the request makes at the same moment go to the database together.
                    batch = StatementBatch(driver)
            viewer = await authenticate(self.connection, session)
            reads = None
            replica = getattr(state, "replica", None)
            if autocommit and replica is not None:
                reads = self._replica_session = await replica_session(
                    self.connection, viewer, replica
                )
                if reads is not None:
                    await session.commit()  # the primary's connection back to its pool
                    batch = None
            worker = getattr(state, "import_worker", None)
            self._context = Context(
                viewer=viewer,
                session=reads or session,
                primary=session if reads is not None else None,
                replica_failed=replica.mark_down if reads is not None else None,
                wake_import_worker=worker.nudge if worker is not None else None,
                passwords=state.passwords,
                throttle_rules=state.throttle_rules,
                client_address=client_address(self.connection, state.settings.trusted_proxies),
                session_lifetimes=state.session_lifetimes,
                reads_autocommit=autocommit,
                request_id=request_id_of(self.connection.scope),
                batch=batch,
            )
            if batch is not None:
                batch.install()
        return self._context

    def _reads_first(self, session: AsyncSession) -> bool:
        """Whether this request starts on an autocommit connection: on PostgreSQL, a page read
        or a GraphQL request (whose mutations leave it before writing, see
        `Context.begin_writes`). At READ COMMITTED every statement sees its own snapshot either
        way, so a read answers the same; it only saves the BEGIN and ROLLBACK round trips.
        Form posts keep one transaction from their first statement."""
        bind = session.bind
        if bind is None or bind.dialect.name != "postgresql":
            return False
        scope = self.connection.scope
        return scope.get("method") in SAFE_METHODS or scope.get("path") == "/graphql"

    async def viewer(self) -> Viewer | None:
        return (await self.context()).viewer

    def note_viewer(self, viewer: Viewer) -> None:
        """Who asked, found without a context (server/web/core/compiled_reads.py)."""
        self._noted_viewer = viewer

    @property
    def known_viewer(self) -> Viewer | None:
        """Who asked, if the request looked it up (for its log line; never looks it up)."""
        return self._context.viewer if self._context is not None else self._noted_viewer

    @property
    def known_context(self) -> Context:
        """The context a guarded route loaded before it ran."""
        assert self._context is not None, "the route's guard loads the context first"
        return self._context

    @property
    def wrote(self) -> bool:
        """Whether the request wrote (a form post, or a mutation)."""
        mutated = self._context is not None and self._context.wrote
        return wrote(self.connection.scope, mutated)

    async def close(self) -> None:
        if self._replica_session is not None:
            replica, self._replica_session = self._replica_session, None
            await replica.close()
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()


def request_state(connection: HTTPConnection) -> RequestState:
    return connection.scope[STATE_KEY]


class RequestPipeline:
    """Pure ASGI middleware: the request state for every HTTP request, and the CSRF check for
    every unsafe one that is not a bearer request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        state = scope[STATE_KEY] = RequestState(request)
        if getattr(request.app.state, "replica", None) is not None:
            send = _remembering_writes(state, send)
        try:
            if scope["method"] not in SAFE_METHODS and not is_bearer(request):
                refused = await self.refusal(request)
                if refused is not None:
                    await refused(scope, receive, send)
                    return
                if FORM_KEY in scope:
                    receive = _body_already_read
            await self.app(scope, receive, send)
        finally:
            form: FormData | None = scope.pop(FORM_KEY, None)
            if form is not None:
                await form.close()
            await state.close()

    async def refusal(self, request: Request) -> Response | None:
        """None when the request carries this session's token (or no route would run, or its
        guard will turn a stranger away); else the route's answer, or the 403 "form had
        expired" page."""
        route = _route_for(request.scope)
        if route is None:
            return None  # the router answers: not found, method not allowed, or a redirect
        request.scope["route"] = route  # as the router would: a refusal is counted by route
        policy = getattr(route, "csrf", FORM_POSTS)
        if policy.strangers_first and await request_state(request).viewer() is None:
            return None  # the route's guard turns the stranger away
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and policy.in_form:
            form = await request.form(**getattr(route, "form_limits", {}))
            request.scope[FORM_KEY] = form
            sent = form.get(CSRF_FIELD)
        if token_matches(request, sent):
            return None
        if policy.refuse is None:
            raise HTTPException(403, EXPIRED_FORM)
        return await policy.refuse(request)


def _remembering_writes(state: RequestState, send: Send) -> Send:
    """With a read replica: after a browser's write, its cookie gets the primary's WAL position
    as the response starts (read_routing.remember_write), so its next reads wait for it."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start" and state.wrote:
            await remember_write(state.connection.scope, state.connection.app.state.engine)
        await send(message)

    return sending


def _route_for(scope: Scope) -> Route | None:
    """The route the router will run for this request, as it finds it: the first full match.
    A mounted app (the static files) answers every method itself."""
    for route in scope["app"].routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route if isinstance(route, Route) else None
    return None


async def _body_already_read() -> Message:
    raise RuntimeError(
        "The request pipeline read this request's form to check its CSRF token: take it with "
        "server.web.core.forms.form_of(request), not request.form()."
    )
