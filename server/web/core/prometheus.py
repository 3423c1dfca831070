"""The Prometheus metrics (prometheus_client) and their scrape, GET /-/metrics.

Per request (`Metrics.observe`, called by the request middleware): counts and latency by
route template (never the raw path) and method, by GraphQL operation for /graphql, and the SQL
statements and time. Label values are bounded: routes are the app's own templates (a request
no route answers is "unmatched"), methods a fixed list, operation names the first
`MAX_OPERATIONS` well-formed names a process sees ("other" after that). Besides: the compiled
documents' outcomes, sign-in throttling refusals, and, read at scrape time with one statement,
the lengths of the import, mail and webhook queues.

Under `steward serve` every worker writes its metrics to one shared folder
(server/web/core/metrics_files.py) and a scrape, whichever worker answers it, sums them all;
elsewhere a process's metrics live in its own registry.

The route answers an administrator (an API token, normally: what Prometheus sends as
`authorization: Bearer`), or anyone with STEWARD_METRICS_OPEN=1 (for a scraper on a private
network).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from server.domain.core.queue_lengths import queue_lengths
from server.web.core.metrics_files import shared_directory
from server.web.core.pipeline import request_state
from server.web.core.request_log import RequestRecord
from server.web.core.routing import ADMIN, ANYONE, GuardedRoute

log = logging.getLogger("steward.metrics")

PATH = "/-/metrics"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89)
SQL_SECONDS_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
MAX_OPERATIONS = 200
OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
ANONYMOUS = "anonymous"


class Metrics:
    """The metrics one app records (see the module)."""

    def __init__(self) -> None:
        self.directory = shared_directory()
        self.registry = CollectorRegistry(auto_describe=False)
        registry = self.registry
        self.requests = Counter(
            "steward_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.request_seconds = Histogram(
            "steward_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.graphql_requests = Counter(
            "steward_graphql_requests",
            "Requests to /graphql, by operation name and HTTP status.",
            ["operation", "status"],
            registry=registry,
        )
        self.graphql_seconds = Histogram(
            "steward_graphql_request_duration_seconds",
            "Time to answer a request to /graphql, by operation name.",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.sql_statements = Counter(
            "steward_sql_statements",
            "SQL statements sent while answering requests, by route template.",
            ["route"],
            registry=registry,
        )
        self.sql_seconds = Counter(
            "steward_sql_seconds",
            "Time spent waiting for SQL statements while answering requests, by route template.",
            ["route"],
            registry=registry,
        )
        self.statements_per_request = Histogram(
            "steward_sql_statements_per_request",
            "SQL statements one request sent.",
            buckets=STATEMENT_BUCKETS,
            registry=registry,
        )
        self.sql_seconds_per_request = Histogram(
            "steward_sql_seconds_per_request",
            "Time one request spent waiting for its SQL statements.",
            buckets=SQL_SECONDS_BUCKETS,
            registry=registry,
        )
        self.compiled_documents = Counter(
            "steward_compiled_documents",
            "Read documents by how they were answered: answered (a hit: its compiled "
            "statement), stock (a miss: the planner), compiled (statements compiled), marked "
            "and failed (the compiled answer was not used).",
            ["outcome"],
            registry=registry,
        )
        self.sign_in_refusals = Counter(
            "steward_sign_in_refusals",
            "Attempts the throttle refused (429): password sign-ins, sign-ins to a locked "
            "account, and API tokens from an address that sent too many invalid ones.",
            ["kind"],
            registry=registry,
        )
        self._operations: set[str] = set()
        self._compiled_source: object = None
        self._compiled_seen: dict[str, int] = {}

    # -- per request ---------------------------------------------------------------------------

    def observe(self, record: RequestRecord) -> None:
        route = record.route
        method = record.method if record.method in METHODS else "other"
        status = str(record.status)
        self.requests.labels(route, method, status).inc()
        self.request_seconds.labels(route, method).observe(record.seconds)
        tally = record.tally
        if tally.statements:
            self.sql_statements.labels(route).inc(tally.statements)
            self.sql_seconds.labels(route).inc(tally.seconds)
        self.statements_per_request.observe(tally.statements)
        self.sql_seconds_per_request.observe(tally.seconds)
        if route == "/graphql":
            operation = self.operation_label(record.operation)
            self.graphql_requests.labels(operation, status).inc()
            self.graphql_seconds.labels(operation).observe(record.seconds)

    def operation_label(self, name: str | None) -> str:
        """The operation's name, while the names seen stay few; "other" past that."""
        if not name:
            return ANONYMOUS
        if name in self._operations:
            return name
        if len(self._operations) >= MAX_OPERATIONS or not OPERATION_NAME.fullmatch(name):
            return "other"
        self._operations.add(name)
        return name

    def count_compiled(self, counters: Any) -> None:
        """Carry the compiled documents' counters (schema/core/compiled_documents.Counters, the
        process's totals) over by what they grew since last time; a new counters object (the
        cache was cleared) starts from zero."""
        seen = self._compiled_seen if counters is self._compiled_source else {}
        now = {field.name: getattr(counters, field.name) for field in fields(counters)}
        for outcome, value in now.items():
            grown = value - seen.get(outcome, 0)
            if grown > 0:
                self.compiled_documents.labels(outcome).inc(grown)
        self._compiled_source, self._compiled_seen = counters, now

    def sign_in_refused(self, kind: str) -> None:
        """kind: "password", "locked" or "token"."""
        self.sign_in_refusals.labels(kind).inc()

    # -- the scrape ----------------------------------------------------------------------------

    def exposition(self, *more: Collector) -> bytes:
        """The text format: every worker's metrics (or this process's), then `more`."""
        sources: list[Collector] = []
        if self.directory is not None:
            sources.append(MultiProcessCollector(None, path=self.directory))
        else:
            sources.append(self.registry)
        return generate_latest(_Together(*sources, *more))


class _Together(Collector):
    def __init__(self, *sources: Collector) -> None:
        self.sources = sources

    def collect(self) -> Iterable[Metric]:
        for source in self.sources:
            yield from source.collect()


class QueueGauges(Collector):
    """The queues' lengths as read for this scrape."""

    def __init__(self, lengths: dict[str, int]) -> None:
        self.lengths = lengths

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "steward_queue_length",
            "Work waiting when scraped: imports queued or running, mails in the outbox, "
            "webhook deliveries not yet made.",
            labels=["queue"],
        )
        for queue, length in self.lengths.items():
            gauge.add_metric([queue], length)
        yield gauge


async def scrape(request: Request) -> Response:
    metrics: Metrics = request.app.state.metrics
    more: list[Collector] = []
    try:
        lengths = await queue_lengths(await request_state(request).session())
        more.append(QueueGauges(lengths.by_queue()))
    except (SQLAlchemyError, OSError) as error:  # the rest is worth having all the same
        log.warning("metrics: the queues' lengths could not be read: %s", error)
    return Response(metrics.exposition(*more), media_type=CONTENT_TYPE_PLAIN_0_0_4)


def _unauthorized(request: Request) -> Response:
    return PlainTextResponse(
        "Send an administrator's API token as `Authorization: Bearer <token>`.",
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="steward"'},
    )


def metrics_route(open_to_anyone: bool) -> GuardedRoute:
    """/-/metrics: for administrators, or for anyone when STEWARD_METRICS_OPEN=1."""
    return GuardedRoute(
        PATH,
        scrape,
        needs=ANYONE if open_to_anyone else ADMIN,
        methods=["GET"],
        name="prometheus_metrics",
        strangers=_unauthorized,
    )
