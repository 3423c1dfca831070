"""The composition root: `create_app(settings)` wires engine, schema, routes and middleware."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from strawberry import Schema

from schema import build_schema
from schema.core.compiled_documents import CompiledDocuments
from schema.core.executor_check import ExecutorCheck
from server.db import make_async_engine
from server.domain.collaboration.mail_sender import MailRunner
from server.domain.collaboration.reminder_runner import ReminderRunner
from server.domain.collaboration.reminders import Thresholds
from server.domain.collaboration.session_info import session_info_for
from server.domain.collaboration.webhook_sender import Policy, WebhookRunner
from server.domain.imports.worker import ImportWorker
from server.domain.people.authentication import TooManyAttempts
from server.domain.people.passwords import PasswordPool
from server.domain.people.sessions import SessionLifetimes
from server.domain.people.throttle import ThrottleRules
from server.driver_pool import DriverPool
from server.replica import make_replica
from server.settings import Settings
from server.web import (
    balance,
    collaboration,
    engagement,
    governance,
    imports,
    initiatives,
    metrics,
    objectives,
    people,
    plans,
    portfolio,
    search,
    services,
    work,
)
from server.web.core import routes as core_routes
from server.web.core.body_limit import BodyLimit
from server.web.core.cookie_sessions import BrowserSessions
from server.web.core.errors import database_error, http_error, too_many_attempts, unexpected_error
from server.web.core.observability import ObservedRequests
from server.web.core.pipeline import RequestPipeline
from server.web.core.prometheus import Metrics
from server.web.core.request_log import configure_logging
from server.web.core.security_headers import SecurityHeadersMiddleware
from server.web.core.templating import make_templates
from server.web.engagement.feedback_import import MAX_REQUEST_BYTES as FEEDBACK_REQUEST_BYTES
from server.web.imports.measurement_import import MAX_REQUEST_BYTES

# The web door's areas, in the order their routes are tried (no two share an address).
AREAS = (
    work,
    collaboration,
    engagement,
    balance,
    portfolio,
    governance,
    plans,
    services,
    initiatives,
    objectives,
    metrics,
    imports,
    people,
    search,
)


def tune_garbage_collector() -> None:
    """For a serving process: a large report builds tens of thousands of short-lived objects;
    with the default threshold the cyclic collector runs dozens of times per request
    (measured: a fifth of a report's time). Collect less often, and leave the objects made at
    start-up out of every scan."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


@lru_cache(maxsize=4)
def _schema_for(fast: bool, checked: bool) -> tuple[Schema, ExecutorCheck | None]:
    """The schema an app runs and, when the executors are compared, the check installed on it;
    built once per process and kind. Building takes about 0.4 s of CPU and the result holds
    nothing of any one app, and the test suite creates an app per test."""
    schema = build_schema(fast=fast)
    return schema, ExecutorCheck(schema, build_schema) if checked else None


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    schema, executor_check = _schema_for(
        settings.fast_executor, settings.check_executors and settings.fast_executor
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pools = {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow}
        engine = make_async_engine(settings.database_url, **pools)
        app.state.engine = engine
        session_info = session_info_for(settings)
        app.state.sessions = async_sessionmaker(engine, expire_on_commit=False, info=session_info)
        # A tool's read that a compiled statement answers reads on a connection of its own
        # (server/web/core/compiled_reads.py); with a replica, reads go there instead.
        if engine.dialect.name == "postgresql" and not settings.read_database_url:
            app.state.driver_pool = DriverPool(settings.database_url, settings.db_pool_size)
        if settings.read_database_url:
            app.state.replica = make_replica(
                settings.read_database_url, settings.replica_retry_seconds, session_info, **pools
            )
        app.state.import_worker = ImportWorker(settings.database_url)
        app.state.import_worker.nudge()  # imports queued before a restart
        reminder_runner = None
        if settings.reminders:
            reminder_runner = ReminderRunner(
                settings.database_url,
                Thresholds(settings.reminder_stale_days, settings.reminder_decision_days),
                timedelta(minutes=settings.reminder_interval_minutes),
                session_info,
            )
            reminder_runner.start()
        mail_runner = None
        if settings.smtp is not None and settings.mail_sender:
            mail_runner = MailRunner(
                settings.database_url, settings.smtp, settings.mail_from, settings.base_url,
                timedelta(seconds=settings.mail_interval_seconds),
            )  # fmt: skip
            mail_runner.start()
        webhook_runner = None
        if settings.webhooks:
            webhook_runner = WebhookRunner(
                settings.database_url,
                Policy(settings.webhook_allowed_networks, settings.webhook_failure_limit),
                settings.base_url, timedelta(seconds=settings.webhook_interval_seconds),
                settings.smtp is not None,
            )  # fmt: skip
            webhook_runner.start()
        try:
            yield
        finally:
            if reminder_runner is not None:
                await reminder_runner.close()
            if mail_runner is not None:
                await mail_runner.close()
            if webhook_runner is not None:
                await webhook_runner.close()
            await app.state.import_worker.close()
            if app.state.replica is not None:
                await app.state.replica.engine.dispose()
            if app.state.driver_pool is not None:
                await app.state.driver_pool.close()
            await engine.dispose()

    # The GraphQL door and the health check first: the router tries routes in order, and those
    # two take most requests.
    routes = core_routes.routes(schema, settings)
    routes += [route for area in AREAS for route in area.ROUTES]
    middleware = [
        # Text answers (pages, JSON, stylesheets, scripts) go compressed to clients that take
        # gzip; level 6 gets most of level 9's saving for a fraction of its CPU.
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=6),
        Middleware(
            BodyLimit,
            max_bytes=settings.max_body_bytes,
            larger={
                "/measurements/import": MAX_REQUEST_BYTES,
                "/feedback/import": FEEDBACK_REQUEST_BYTES,
            },
        ),
        Middleware(
            BrowserSessions,
            secret_key=settings.secret_key,
            session_cookie="steward_session",
            max_age=settings.session_lifetime_hours * 3600,
            same_site="lax",
            https_only=settings.https_only,
        ),
    ]
    app = Starlette(
        debug=settings.debug,
        routes=routes,
        middleware=middleware,
        exception_handlers={
            HTTPException: http_error,
            DBAPIError: database_error,
            TooManyAttempts: too_many_attempts,
            Exception: unexpected_error,
        },
        lifespan=lifespan,
    )
    # Around the routes, inside the exception handlers: what the pipeline refuses is answered as
    # a route's refusal would be.
    app.router.middleware_stack = RequestPipeline(app.router.middleware_stack)
    app.state.settings = settings
    app.state.replica = None  # reads go to a replica when one is configured (server/replica.py)
    app.state.driver_pool = None  # PostgreSQL: connections of the driver's own (lifespan)
    app.state.schema = schema
    app.state.executor_check = executor_check
    # Read documents answered in one statement each (PostgreSQL), per process.
    app.state.compiled_documents = CompiledDocuments(schema._schema)
    app.state.metrics = Metrics()
    # Outside the whole stack, Starlette's error handler included: a 500 page carries them too,
    # and every request is measured, logged and given its X-Request-ID.
    observed = ObservedRequests(
        app.build_middleware_stack(),
        app.state.metrics,
        lambda: app.state.compiled_documents.counters,
        settings.slow_request_ms,
        settings.trusted_proxies,
    )
    app.middleware_stack = SecurityHeadersMiddleware(observed, settings.https_only)
    app.state.templates = make_templates()
    app.state.passwords = PasswordPool(settings.password_threads)
    app.state.throttle_rules = ThrottleRules(
        window=timedelta(minutes=settings.sign_in_window_minutes),
        account_limit=settings.sign_in_account_limit,
        address_limit=settings.sign_in_address_limit,
        lock_after=settings.sign_in_lock_after,
        lock_for=timedelta(minutes=settings.sign_in_lock_minutes),
        token_address_limit=settings.token_address_limit,
    )
    app.state.session_lifetimes = SessionLifetimes(
        idle=timedelta(minutes=settings.session_idle_minutes),
        absolute=timedelta(hours=settings.session_lifetime_hours),
    )
    return app


def serving_app(settings: Settings | None = None) -> Starlette:
    """The app as `steward serve` runs it, in one process or in each of several workers."""
    app = create_app(settings)
    configure_logging(app.state.settings.log_format)
    tune_garbage_collector()
    return app
