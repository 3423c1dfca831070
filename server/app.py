"""The composition root: `create_app(settings)` wires engine, schema, routes and middleware."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from schema import build_schema
from schema.core.executor_check import ExecutorCheck
from server.auth import TooManyAttempts
from server.db import make_async_engine
from server.domain.imports.worker import ImportWorker
from server.domain.people.passwords import PasswordPool
from server.domain.people.sessions import SessionLifetimes
from server.domain.people.throttle import ThrottleRules
from server.settings import PROJECT_ROOT, Settings
from server.web import (
    account,
    gaps,
    health,
    initiative_forms,
    initiatives,
    measurement_import,
    metric_forms,
    metrics,
    objectives,
    overview,
    plans,
    session_routes,
)
from server.web.admin_routes import ROUTES as ADMIN_AND_TOKEN_ROUTES
from server.web.body_limit import BodyLimit
from server.web.errors import database_error, http_error, too_many_attempts, unexpected_error
from server.web.graphql_view import GraphQLView
from server.web.security_headers import SecurityHeadersMiddleware
from server.web.templating import make_templates


def tune_garbage_collector() -> None:
    """For a serving process: a large report builds tens of thousands of short-lived objects;
    with the default threshold the cyclic collector runs dozens of times per request
    (measured: a fifth of a report's time). Collect less often, and leave the objects made at
    start-up out of every scan."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    schema = build_schema(fast=settings.fast_executor)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_async_engine(settings.database_url)
        app.state.engine = engine
        app.state.sessions = async_sessionmaker(engine, expire_on_commit=False)
        app.state.import_worker = ImportWorker(settings.database_url)
        app.state.import_worker.nudge()  # imports queued before a restart
        try:
            yield
        finally:
            await app.state.import_worker.close()
            await engine.dispose()

    routes = [
        Route("/", overview.my_work, name="home"),
        Route("/plans", overview.plans, name="plans"),
        Route("/services", overview.services, name="services"),
        Route("/services/{id}", overview.service, name="service"),
        Route("/processes", overview.processes, name="processes"),
        Route("/processes/{id}", overview.process, name="process"),
        Route("/plans/{plan_id}", plans.plan_page, name="plan"),
        Route("/initiatives/{initiative_id}", initiatives.initiative_page, name="initiative"),
        Route(
            "/initiatives/{initiative_id}/actions/{action}",
            initiatives.initiative_action,
            methods=["POST"],
        ),
        # objectives, metric definitions, gaps (before any /metrics/{metric_id} route)
        Route("/objectives", objectives.objectives_page, name="objectives"),
        Route("/objectives", objectives.create_objective, methods=["POST"]),
        Route("/objectives/{objective_id}", objectives.objective_page, name="objective"),
        Route("/objectives/{objective_id}/{action}", objectives.objective_action, methods=["POST"]),
        Route("/metrics/new", metric_forms.new_metric_page, name="new_metric"),
        Route("/metrics/new", metric_forms.create_metric, methods=["POST"]),
        Route("/metrics/{metric_id}/edit", metric_forms.edit_metric_page, name="edit_metric"),
        Route("/metrics/{metric_id}/edit", metric_forms.update_metric, methods=["POST"]),
        Route(
            "/metrics/{metric_id}/corrective-action",
            metric_forms.raise_corrective_action,
            methods=["POST"],
        ),
        Route("/gaps", gaps.gaps_page, name="gaps"),
        Route("/metrics", metrics.metrics_list, name="metrics"),
        Route("/metrics/{metric_id}", metrics.metric_page, name="metric"),
        Route("/metrics/{metric_id}/measurements", metrics.record_measurement, methods=["POST"]),
        Route("/metrics/{metric_id}/decide-change", metrics.decide_change, methods=["POST"]),
        Route("/plans/{plan_id}/propose", initiative_forms.propose_page, methods=["GET", "POST"]),
        Route(
            "/initiatives/{initiative_id}/edit",
            initiative_forms.edit_page,
            methods=["GET", "POST"],
        ),
        *ADMIN_AND_TOKEN_ROUTES,
        Route("/measurements/import", measurement_import.upload_page, name="measurement_import"),
        Route("/measurements/import", measurement_import.upload, methods=["POST"]),
        Route("/measurements/import/example.csv", measurement_import.example_file),
        Route("/measurements/import/{import_id}", measurement_import.status_page),
        Route("/measurements/import/{import_id}/start", measurement_import.start, methods=["POST"]),
        Route("/sign-in", session_routes.sign_in_page, methods=["GET"], name="sign_in"),
        Route("/sign-in", session_routes.sign_in, methods=["POST"]),
        Route("/sign-out", session_routes.sign_out, methods=["POST"], name="sign_out"),
        *account.ROUTES,
        Route("/healthz", health.healthz, name="healthz"),
        Route("/graphql", GraphQLView(schema, graphql_ide=None, allow_queries_via_get=True)),
        Mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static"),
    ]
    middleware = [
        Middleware(
            BodyLimit,
            max_bytes=settings.max_body_bytes,
            larger={"/measurements/import": measurement_import.MAX_REQUEST_BYTES},
        ),
        Middleware(
            SessionMiddleware,
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
    # Outside the whole stack, Starlette's error handler included: a 500 page carries them too.
    app.middleware_stack = SecurityHeadersMiddleware(
        app.build_middleware_stack(), settings.https_only
    )
    app.state.settings = settings
    app.state.schema = schema
    app.state.executor_check = (
        ExecutorCheck(schema, build_schema)
        if settings.check_executors and settings.fast_executor
        else None
    )
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
    tune_garbage_collector()
    return app
