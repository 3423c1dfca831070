"""Fuzzes every query and mutation of /graphql with schemathesis, and tallies the answers.

schemathesis reads the schema by introspection and, through hypothesis, writes documents for
each root field with arguments of every shape the types allow. Strategies are registered for
our custom scalars (Decimal, Date, DateTime, JSON) and, to reach past "not found", for ID (real
ids of the demo organisation mixed with malformed ones) and String (text mixed with hostile
strings). Every document is sent to the app signed in as an administrator with a read-write
token; the tally counts the answers, and any 5xx or INTERNAL error is kept as a finding.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

import schemathesis
from graphql import get_introspection_query
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

IDS_QUERY = """{
  plans(first: 500) { nodes { id initiatives(first: 500) { nodes { id
    comments(first: 20) { nodes { id } } } } } }
  metrics(first: 500) { nodes { id } }
  people(first: 500) { nodes { id } }
  services(first: 500) { nodes { id offerings { id } } }
  processes(first: 500) { nodes { id activities(first: 100) { nodes { id } }
    policies(first: 100) { nodes { id } } } }
  objectives(first: 500) { nodes { id } }
  roles(first: 500) { nodes { id } }
  apiTokens(first: 500) { nodes { id } }
  suggestions(first: 500) { nodes { id } }
  stakeholders(first: 500) { nodes { id } }
  feedback(first: 500) { nodes { id } }
  serviceReviews(first: 500) { nodes { id findings(first: 100) { nodes { id } } } }
  viewer { notifications(first: 100) { nodes { id } } }
  webhookEndpoints { id }
}"""


def _encoded(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


MALFORMED_IDS = [
    _encoded("Plan:²"),
    _encoded("Plan:99999999999999999999"),
    _encoded("Plan:3000000000"),
    _encoded("Plan:-1"),
    _encoded("Plan:0"),
    _encoded("Metric:1\x00"),
    _encoded("Nope:1"),
    "not-an-id",
    "",
    "Plan:1",
    "=" * 8,
]
HOSTILE_TEXT = [
    "a\x00b",
    "\x07bell",
    "line\nbreak",
    "tab\there",
    "\u202eright-to-left",
    "%_\\%",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
    "x" * 10_001,
    "y" * 201,
    " ",
    "😀" * 50,
    _encoded("cursor:2147483647"),
    _encoded("cursor:²"),
    _encoded("cursor:3"),
]


def _ids_found(data: Any) -> list[str]:
    """Every `id` value in a query's answer."""
    found: list[str] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "id" and isinstance(item, str):
                    found.append(item)
                else:
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return sorted(set(found))


def register_scalars(real_ids: list[str]) -> None:
    """Strategies for the scalars hypothesis-graphql cannot invent well (schema/core/scalars.py)."""
    decimals = st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        st.sampled_from(["NaN", "Infinity", "-1", "1e400", "1,5", "", "12.345", "1E+9999"]),
    )
    schemathesis.graphql.scalar(
        "Decimal",
        st.one_of(decimals.map(nodes.String), st.integers(-(10**15), 10**15).map(nodes.Int)),
    )
    dates = st.dates().map(lambda d: d.isoformat())
    schemathesis.graphql.scalar(
        "Date",
        st.one_of(
            dates,  # the calendar's ends, where a day after or before does not exist
            st.sampled_from(["31/01/2026", "", "2026-02-30", "0001-01-01", "9999-12-31"]),
        ).map(nodes.String),
    )
    instants = st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat())
    schemathesis.graphql.scalar(
        "DateTime",
        st.one_of(
            instants,
            st.sampled_from(
                [
                    "2026-01-31T09:00:00",
                    "yesterday",
                    "0001-01-01T00:00:00+00:00",
                    "9999-12-31T23:59:59.999999+00:00",
                    "9999-12-31T23:00:00-05:00",
                ]
            ),
        ).map(nodes.String),
    )
    schemathesis.graphql.scalar("JSON", st.text(max_size=20).map(nodes.String))
    ids = st.sampled_from(real_ids) if real_ids else st.nothing()
    schemathesis.graphql.scalar(
        "ID",
        st.one_of(ids, ids, ids, st.sampled_from(MALFORMED_IDS), st.text(max_size=12)).map(
            nodes.String
        ),
    )
    text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)
    schemathesis.graphql.scalar(
        "String", st.one_of(text, text, text, st.sampled_from(HOSTILE_TEXT)).map(nodes.String)
    )


@dataclass
class Tally:
    """What the answers were: counts, and the requests that got a 5xx or an INTERNAL error."""

    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    user_errors: int = 0
    server_errors: int = 0
    internal: int = 0
    findings: list[str] = field(default_factory=list)
    by_operation: Counter = field(default_factory=Counter)

    def record(self, operation: str, body: dict, status: int, text: str) -> None:
        self.requests += 1
        self.by_operation[operation] += 1
        self.statuses[status] += 1
        internal = '"INTERNAL"' in text or "Unexpected error" in text
        if status >= 500:
            self.server_errors += 1
        if internal:
            self.internal += 1
        if status >= 500 or internal:
            if len(self.findings) < 20:
                self.findings.append(
                    f"{operation}: {status} {text[:300]}\n{json.dumps(body)[:2000]}"
                )
        elif status >= 400 or _has_errors(text):
            self.user_errors += 1

    def report(self) -> str:
        statuses = ", ".join(f"{status}: {n:,}" for status, n in sorted(self.statuses.items()))
        return (
            f"requests {self.requests:,} ({statuses}); operations {len(self.by_operation)}; "
            f"user errors {self.user_errors:,}; server errors {self.server_errors:,}; "
            f"INTERNAL {self.internal:,}"
        )


def _has_errors(text: str) -> bool:
    try:
        body = json.loads(text)
    except ValueError:
        return True
    if body.get("errors"):
        return True
    return any(
        isinstance(payload, dict) and payload.get("errors")
        for payload in (body.get("data") or {}).values()
    )


class Fuzzer:
    """Sends schemathesis' documents through `post(body) -> (status, text)`."""

    def __init__(self, post) -> None:
        self.post = post
        status, text = post({"query": IDS_QUERY})
        assert status == 200, text
        register_scalars(_ids_found(json.loads(text)["data"]))
        status, text = post({"query": get_introspection_query()})
        assert status == 200, text
        self.schema = schemathesis.graphql.from_dict(json.loads(text))
        self.operations = [result.ok() for result in self.schema.get_all_operations()]

    def run(self, tally: Tally, *, per_operation: int, seed_value: int) -> Tally:
        for operation in self.operations:
            self._operation(operation, tally, per_operation, seed_value)
        return tally

    def _operation(self, operation, tally: Tally, per_operation: int, seed_value: int) -> None:
        @seed(seed_value)
        @settings(
            max_examples=per_operation,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def send(case) -> None:
            body = {"query": case.body}
            status, text = self.post(body)
            tally.record(operation.label, body, status, text)

        send()
