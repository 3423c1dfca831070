"""What the metrics pages ask of the API: `Metric.viewerMayRecord` answers as the recording rule
does, and the pages' documents cost a fixed number of statements whatever the number of rows."""

from __future__ import annotations

from server.web.core.documents import document
from tests.support.clients import StatementCounter, statements
from tests.support.demo import EMAIL_METRIC as EMAIL
from tests.support.demo import MTTR_METRIC as MTTR

MAY_RECORD = "query($id: ID!) { node(id: $id) { ... on Metric { viewerMayRecord } } }"


def may_record(api, key: str, metric: str, scope: str = "read_write") -> bool:
    body = api.post(key, MAY_RECORD, {"id": metric}, scope=scope).json()
    assert "errors" not in body, body
    return body["data"]["node"]["viewerMayRecord"]


def test_viewer_may_record_follows_the_recording_rule(api):
    assert may_record(api, "priya", EMAIL)  # the metric's owner
    assert not may_record(api, "nora", EMAIL)
    assert may_record(api, "carlos", MTTR)  # the owner of "Mean time to restore"
    assert not may_record(api, "priya", EMAIL, scope="read")  # a read-only token writes nothing


def test_the_metrics_list_document_costs_the_same_for_two_rows_or_sixty(api):
    query = document("metrics/list")
    few = statements(api, query, {"first": 2})
    many = statements(api, query, {"first": 60})
    assert few == many


def test_the_metric_page_document_costs_a_fixed_number_of_statements(api):
    query = document("metrics/metric")
    # The same metric with few rows or many (E-mail availability is a service level: it loads
    # the stakeholder who agreed it, MTTR has none to load).
    for metric in (EMAIL, MTTR):
        small = statements(api, query, {"id": metric, "rows": 2})
        large = statements(api, query, {"id": metric, "rows": 100})
        assert small == large, metric


def writer_statements(api, query: str, variables: dict) -> int:
    """Statements sent for a person with a read-write token (who may record somewhere)."""
    api.post("carlos", query, variables, scope="read_write")  # token issued, caches warm
    counter = StatementCounter(api.client)
    try:
        body = api.post("carlos", query, variables, scope="read_write").json()
    finally:
        counter.close()
    assert "errors" not in body, body
    return counter.count


def test_viewer_may_record_costs_one_statement_for_any_number_of_metrics(api):
    query = "query($n: Int) { metrics(first: $n) { nodes { id viewerMayRecord } } }"
    without = "query($n: Int) { metrics(first: $n) { nodes { id } } }"
    few = writer_statements(api, query, {"n": 2})
    assert few == writer_statements(api, query, {"n": 60})
    assert few == writer_statements(api, without, {"n": 60}) + 1
