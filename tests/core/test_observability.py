"""Watching Steward: the Prometheus metrics at /-/metrics, one log line per request (JSON lines
when asked), the request id in X-Request-ID and in "Unexpected error" answers, and /readyz."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from ipaddress import ip_network

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from starlette.testclient import TestClient

from server.app import create_app
from server.db import make_sync_engine
from server.web.core.request_log import JsonLines, RequestIdFilter
from tests.support.clients import ApiClient, StatementCounter, settings_for
from tests.support.databases import TEMPLATES
from tests.support.demo import STRATEGIC, demo_email, demo_id
from tests.support.pages import HTML, sign_in
from tests.support.processes import free_port, healthy

TITLE = "Introduce a self-service portal"
PLAN_NAMES = "query PlanNames { plans(first: 2) { nodes { name } } }"


# -- helpers -------------------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def scrape(client: TestClient, token: str | None = None) -> dict[tuple, float]:
    """Every sample of a scrape, by (name, sorted labels), read with the library's parser."""
    response = client.get("/-/metrics", headers=bearer(token) if token else {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[tuple, float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def client_with(url: str, tmp_path, **overrides) -> TestClient:
    app = create_app(settings_for(url, tmp_path, **overrides))
    return TestClient(app, follow_redirects=False, raise_server_exceptions=False)


def run_sql(url: str, statement: str, **parameters) -> list:
    engine = make_sync_engine(url, pooled=False)
    with engine.begin() as connection:
        result = connection.execute(text(statement), parameters)
        rows = list(result) if result.returns_rows else []
    engine.dispose()
    return rows


def token_id_of(url: str, person: str) -> tuple[int, int]:
    """The person's id and the id of their newest API token."""
    rows = run_sql(
        url,
        "SELECT people.id, api_tokens.id FROM api_tokens JOIN people "
        "ON people.id = api_tokens.person_id WHERE people.email = :email "
        "ORDER BY api_tokens.id DESC",
        email=demo_email(person),
    )
    return rows[0][0], rows[0][1]


class JsonLog(logging.Handler):
    """Steward's log as STEWARD_LOG_FORMAT=json writes it, one parsed object a line."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonLines())
        self.addFilter(RequestIdFilter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))

    def requests(self) -> list[dict]:
        return [line for line in self.lines if line["logger"] == "steward.requests"]


@pytest.fixture
def json_log():
    logger = logging.getLogger("steward")
    handler, level = JsonLog(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def api_client(demo_client, demo_url) -> ApiClient:
    """Tokens for the demo people (the requests go through `demo_client` directly)."""
    return ApiClient(demo_client, demo_url)


# -- /-/metrics ----------------------------------------------------------------------------------


def test_an_administrators_token_scrapes_counts_by_route_and_operation(demo_client, api_client):
    admin, nora = api_client.token("ada"), api_client.token("nora")
    before = scrape(demo_client, admin)
    answered = demo_client.post("/graphql", json={"query": PLAN_NAMES}, headers=bearer(nora))
    assert answered.status_code == 200 and answered.json()["data"]["plans"]["nodes"]
    missing = demo_client.get("/initiatives/no-such-id", headers={**HTML, **bearer(nora)})
    assert missing.status_code == 404
    assert demo_client.get("/wp-login.php?user=x", headers=HTML).status_code == 404
    after = scrape(demo_client, admin)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    graphql = {"route": "/graphql", "method": "POST"}
    assert grew("steward_http_requests_total", **graphql, status="200") == 1
    assert grew("steward_http_request_duration_seconds_count", **graphql) == 1
    assert grew("steward_graphql_requests_total", operation="PlanNames", status="200") == 1
    assert grew("steward_graphql_request_duration_seconds_count", operation="PlanNames") == 1
    assert grew("steward_sql_statements_total", route="/graphql") >= 1
    assert grew("steward_sql_statements_per_request_count") >= 3
    # By the route's template, never the address asked for; an address no route answers is
    # "unmatched" however many there are.
    page = {"route": "/initiatives/{initiative_id}", "method": "GET", "status": "404"}
    assert grew("steward_http_requests_total", **page) == 1
    assert grew("steward_http_requests_total", route="unmatched", method="GET", status="404") == 1
    labels = {v for (_, pairs) in after for _, v in pairs}
    assert not any("no-such-id" in label or "wp-login" in label for label in labels)
    # The scrape before this one was counted too.
    assert grew("steward_http_requests_total", route="/-/metrics", method="GET", status="200") == 1


def test_strangers_and_people_who_are_not_administrators_are_refused(demo_client, api_client):
    stranger = demo_client.get("/-/metrics")
    assert stranger.status_code == 401
    assert stranger.headers["www-authenticate"] == 'Bearer realm="steward"'
    assert demo_client.get("/-/metrics", headers=bearer("stw_nope_nope")).status_code == 401
    refused = demo_client.get("/-/metrics", headers=bearer(api_client.token("nora")))
    assert refused.status_code == 403
    assert "steward_" not in stranger.text + refused.text


def test_with_the_setting_anyone_may_scrape(demo_url, tmp_path):
    with client_with(demo_url, tmp_path, metrics_open=True) as client:
        client.get("/healthz")
        samples = scrape(client)
    assert value(
        samples, "steward_http_requests_total", route="/healthz", method="GET", status="200"
    )


def test_the_queues_lengths_are_read_when_scraped(demo_client, api_client, demo_url):
    admin = api_client.token("ada")
    before = scrape(demo_client, admin)
    now = datetime.now(UTC)
    run_sql(
        demo_url,
        "INSERT INTO outbox_mails (to_address, subject, text_body, html_body, created_at, "
        "attempts, next_attempt_at, last_error) VALUES ('x@example.org', 'Hello', 'Hi', "
        "'<p>Hi</p>', :now, 0, :now, '')",
        now=now,
    )
    after = scrape(demo_client, admin)
    for queue in ("imports", "mail", "webhooks"):
        assert ("steward_queue_length", (("queue", queue),)) in after
    mail = value(after, "steward_queue_length", queue="mail")
    assert mail == value(before, "steward_queue_length", queue="mail") + 1


def test_throttled_sign_ins_and_tokens_are_counted(demo_url, tmp_path):
    limits = {"metrics_open": True, "sign_in_account_limit": 2, "token_address_limit": 2}
    with client_with(demo_url, tmp_path, **limits) as client:
        statuses = [sign_in(client, "nora", "not her password").status_code for _ in range(3)]
        tokens = [
            client.post("/graphql", json={"query": PLAN_NAMES}, headers=bearer("stw_x_y"))
            for _ in range(3)
        ]
        samples = scrape(client)
    assert statuses[-1] == 429 and tokens[-1].status_code == 429
    assert value(samples, "steward_sign_in_refusals_total", kind="password") >= 1
    assert value(samples, "steward_sign_in_refusals_total", kind="token") >= 1


def test_compiled_documents_count_their_hits_and_misses(demo_client, api_client, backend):
    admin, nora = api_client.token("ada"), api_client.token("nora")
    for _ in range(2):
        if backend == "postgresql":  # a JSON POST the compiled statement answers
            demo_client.post("/graphql", json={"query": PLAN_NAMES}, headers=bearer(nora))
        else:  # SQLite has no compiled statements: the stock way answers
            demo_client.get("/graphql", params={"query": PLAN_NAMES}, headers=bearer(nora))
    samples = scrape(demo_client, admin)
    outcome = "answered" if backend == "postgresql" else "stock"
    assert value(samples, "steward_compiled_documents_total", outcome=outcome) >= 1


# -- the log line and the request id ---------------------------------------------------------------


def test_each_request_writes_one_json_line_with_who_what_and_how_long(
    demo_client, api_client, demo_url, json_log
):
    secret = api_client.token("nora")
    person_id, token_id = token_id_of(demo_url, "nora")
    counter = StatementCounter(demo_client)
    counter.count = 0
    response = demo_client.post("/graphql", json={"query": PLAN_NAMES}, headers=bearer(secret))
    counter.close()
    (line,) = json_log.requests()
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["level"] == "INFO" and line["logger"] == "steward.requests"
    assert line["method"] == "POST" and line["route"] == "/graphql" and line["status"] == 200
    assert line["person_id"] == person_id and line["token_id"] == token_id
    assert line["operation"] == "PlanNames"
    assert line["sql"] == counter.count  # every statement the request sent, however it went
    assert isinstance(line["ms"], float) and line["ms"] > 0 and line["sql_ms"] <= line["ms"]
    assert secret not in json.dumps(line) and secret.split("_")[-1] not in json.dumps(line)


def test_a_page_request_names_the_person_and_its_route(signed_in, json_log):
    client = signed_in("nora")
    json_log.lines.clear()
    client.get(f"/plans/{STRATEGIC}", headers=HTML)
    (line,) = json_log.requests()
    assert line["route"] == "/plans/{plan_id}" and line["path"] == f"/plans/{STRATEGIC}"
    assert line["person_id"] and "token_id" not in line and line["sql"] >= 1


def test_slow_requests_are_warnings_with_their_operation(demo_url, tmp_path, json_log):
    token = ApiClient(None, demo_url).token("nora")
    with client_with(demo_url, tmp_path, slow_request_ms=1) as client:
        client.post("/graphql", json={"query": PLAN_NAMES}, headers=bearer(token))
    (line,) = json_log.requests()
    assert line["level"] == "WARNING" and line["operation"] == "PlanNames"
    assert line["message"].startswith("slow request: POST /graphql")
    assert "operation=PlanNames" in line["message"]


def test_every_answer_carries_its_request_id(demo_client):
    seen = set()
    for path in ("/sign-in", "/healthz", "/no-such-page", "/graphql"):
        response = demo_client.get(path)
        assert re.fullmatch(r"[0-9a-f]{16}", response.headers["x-request-id"]), path
        seen.add(response.headers["x-request-id"])
    assert len(seen) == 4


def test_only_a_trusted_proxy_may_name_the_request(demo_url, tmp_path):
    proxy = ("10.0.0.5", 4000)
    sent = {"x-request-id": "lb-7f3a.91_c2"}
    trusting = settings_for(demo_url, tmp_path, trusted_proxies=(ip_network("10.0.0.0/8"),))
    with TestClient(create_app(trusting), client=proxy) as client:
        assert client.get("/healthz", headers=sent).headers["x-request-id"] == "lb-7f3a.91_c2"
        for bad in ("has space", "x" * 65, "a/b", "é"):
            answered = client.get("/healthz", headers={"x-request-id": bad.encode()})
            assert re.fullmatch(r"[0-9a-f]{16}", answered.headers["x-request-id"]), bad
    with TestClient(create_app(settings_for(demo_url, tmp_path)), client=proxy) as client:
        answered = client.get("/healthz", headers=sent)
        assert re.fullmatch(r"[0-9a-f]{16}", answered.headers["x-request-id"])


def test_an_unexpected_error_names_the_request_id_the_client_got(demo_url, tmp_path, json_log):
    token = ApiClient(None, demo_url).token("nora")
    run_sql(demo_url, "DROP TABLE initiative_tags")
    query = "{ initiatives(first: 3) { nodes { title tags } } }"
    with client_with(demo_url, tmp_path) as client:
        sign_in(client, "nora")
        page = client.get(f"/initiatives/{demo_id(TITLE)}", headers=HTML)
        graphql = client.post("/graphql", json={"query": query}, headers=bearer(token))
    assert page.status_code == 500
    on_page = page.headers["x-request-id"]
    assert f"give your administrator this reference: {on_page}." in page.text
    error = graphql.json()["errors"][0]
    assert error["message"] == "Unexpected error"
    in_answer = graphql.headers["x-request-id"]
    assert error["extensions"]["requestId"] == in_answer
    # The request's line and the traceback's both carry the id, so the reference finds them.
    requests = {(line["request_id"], line["status"]) for line in json_log.requests()}
    assert {(on_page, 500), (in_answer, 200)} <= requests
    tracebacks = {line.get("request_id") for line in json_log.lines if "exception" in line}
    assert {on_page, in_answer} <= tracebacks


# -- /readyz -------------------------------------------------------------------------------------


def test_ready_on_a_migrated_database(database_url, app_factory):
    response = app_factory(database_url).get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "current"}


@pytest.mark.parametrize(
    ("change", "state"),
    [
        ("UPDATE alembic_version SET version_num = '0001'", "behind"),
        ("UPDATE alembic_version SET version_num = '9999_from_a_newer_steward'", "ahead"),
        ("DROP TABLE alembic_version", "missing"),
    ],
)
def test_not_ready_unless_the_migrations_are_current(database_url, app_factory, change, state):
    run_sql(database_url, change)
    response = app_factory(database_url).get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "migrations": state}
    assert app_factory(database_url).get("/healthz").status_code == 200  # alive all the same


def test_readyz_is_unavailable_when_the_database_is_away(tmp_path):
    away = "postgresql+psycopg://steward@127.0.0.1:1/nowhere"
    with client_with(away, tmp_path) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


# -- several workers, one scrape -------------------------------------------------------------------


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


@pytest.mark.slow
def test_a_scrape_sums_every_worker_of_steward_serve(sqlite_factory, tmp_path):
    port, log_path = free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with sqlite_factory.database("empty", TEMPLATES["empty"], tmp_path) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STEWARD_", "PROMETHEUS"))}
        env.update(
            STEWARD_DATABASE_URL=url,
            STEWARD_VAR_DIR=str(tmp_path),
            STEWARD_METRICS_OPEN="1",
            STEWARD_LOG_FORMAT="json",
        )
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "server", "serve", "--port", str(port), "--workers", "2"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                deadline = time.monotonic() + 90
                while not healthy(port):
                    assert server.poll() is None, log_path.read_text()
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.2)
                sent, answered_by = 0, set()
                # New connections each time, until both workers have answered some.
                while sent < 500 and len(answered_by) < 2:
                    for _ in range(10):
                        assert httpx.get(f"{base}/readyz").status_code == 200
                        sent += 1
                    time.sleep(0.05)
                    lines = _lines(log_path)
                    answered_by = {line["pid"] for line in lines if line.get("route") == "/readyz"}
                assert len(answered_by) == 2, "one worker answered every request"
                scrapes = [httpx.get(f"{base}/-/metrics") for _ in range(6)]
            finally:
                server.terminate()
                server.wait(30)
    readyz = {"route": "/readyz", "method": "GET", "status": "200"}
    for response in scrapes:  # whichever worker answered, the sum of both
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
        }
        assert value(samples, "steward_http_requests_total", **readyz) == sent
    assert sum(1 for line in _lines(log_path) if line.get("route") == "/readyz") == sent
    assert {line["pid"] for line in _lines(log_path) if line.get("route") == "/-/metrics"}
