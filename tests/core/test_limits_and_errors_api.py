"""Hostile or careless queries are refused before execution, quickly, with the limit named;
unexpected failures become a plain message with a reference."""

from __future__ import annotations

import logging
import time

import pytest
from graphql import get_introspection_query
from sqlalchemy import text

from schema import build_schema
from schema.core.context import Context
from server.db import make_sync_engine
from server.domain.core.viewer import Viewer
from tests.support.clients import StatementCounter, run_async

DEEP = (
    "{ plans { nodes { initiatives { nodes { " + "parent { " * 20 + "id" + " }" * 20 + " } } } } }"
)
ALIASES = "{ " + " ".join(f"a{n}: viewer {{ name }}" for n in range(60)) + " }"
COSTLY = (
    "{ plans(first: 500) { nodes { initiatives(first: 500) { nodes { "
    "metrics(first: 500) { nodes { id } } } } } } }"
)
DEEP_INTROSPECTION = (
    "{ __schema { types { fields { type { " + "ofType { " * 40 + "name" + " }" * 40 + " } } } } }"
)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (DEEP, "The query is nested 25 levels deep; the limit is 20."),
        (ALIASES, "The query uses 60 aliases; the limit is 50."),
        (COSTLY, "The query could return about 250,501,001 fields; the limit is 500,000."),
        (DEEP_INTROSPECTION, "The query is nested 45 levels deep; the limit is 20."),
        ("{ initiatives(first: 9999) { totalCount } }", "the limit is 500 rows per page"),
    ],
    ids=["depth", "aliases", "cost", "introspection", "page-size"],
)
def test_limits_refuse_before_execution_and_quickly(api, query, message):
    api.query("nora", "{ viewer { name } }")  # the token's first use records it; not counted
    counter = StatementCounter(api.client)
    body = api.post("nora", query).json()
    counter.close()
    assert body["data"] is None
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert counter.count == 1  # who is asking (token and person at once); the query ran nothing
    assert refusal_seconds(query) < 0.05


def refusal_seconds(query: str) -> float:
    """The schema's own time to refuse (best of five, no HTTP and no database involved)."""
    schema = build_schema()
    viewer = Viewer(person_id=1, name="N", email="n@example.org", is_admin=False,
                    grants=frozenset())  # fmt: skip

    async def run() -> float:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            result = await schema.execute(query, context_value=Context(viewer, session=None))
            best = min(best, time.perf_counter() - started)
            assert result.errors and result.data is None
        return best

    return run_async(run)


def test_the_standard_introspection_query_is_allowed(api):
    data = api.query("nora", get_introspection_query(descriptions=True))
    assert any(t["name"] == "Initiative" for t in data["__schema"]["types"])


def test_validation_errors_stay_readable(api):
    assert api.errors("nora", "{ initiatives { nodes { budget } } }") == [
        "Cannot query field 'budget' on type 'Initiative'."
    ]


def test_bad_scalar_input_names_the_problem(api):
    errors = api.errors(
        "nora",
        "query($d: Date) { initiatives(filter: {plannedEndFrom: $d}) { totalCount } }",
        {"d": "31/01/2026"},
    )
    assert "'31/01/2026' is not an ISO 8601 date (YYYY-MM-DD)" in errors[0]


def test_an_unexpected_failure_is_masked_logged_and_referenced(api, demo_url, caplog):
    api.token("nora")
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE initiative_tags"))
    engine.dispose()
    with caplog.at_level(logging.ERROR, logger="steward.graphql"):
        body = api.post("nora", "{ initiatives(first: 3) { nodes { title tags } } }").json()
    error = body["errors"][0]
    assert error["message"] == "Unexpected error"
    assert error["extensions"]["code"] == "INTERNAL"
    reference = error["extensions"]["requestId"]
    assert any(reference in record.getMessage() for record in caplog.records)
    assert "initiative_tags" not in str(body)
