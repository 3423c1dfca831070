"""Metric statuses and schedule statuses through the API, computed from the data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from server.domain.metrics.analysis import SCHEDULE_WARNING_DAYS

QUERY = """{ metrics(first: 100) { nodes { name canMeasure baselineValue targetValue unit
  measurements(last: 1) { nodes { value } }
  status { rag reason latestValue attainment trend } } } }"""


def test_every_metric_has_a_status_with_a_reason_that_matches_its_data(api):
    metrics = api.query("margaret", QUERY)["metrics"]["nodes"]
    assert len(metrics) == 42  # the 40 defined, and two services' satisfaction from feedback
    for metric in metrics:
        status = metric["status"]
        latest = metric["measurements"]["nodes"]
        if not latest:
            assert status == {"rag": "NONE", "reason": "No measurement yet.", "latestValue": None,
                              "attainment": None, "trend": "UNKNOWN"}  # fmt: skip
            continue
        assert status["latestValue"] == latest[0]["value"]
        assert status["rag"] in {"RED", "AMBER", "GREEN"}
        assert "against target" in status["reason"]
        span = metric["targetValue"] - metric["baselineValue"]
        if span:
            expected = (latest[0]["value"] - metric["baselineValue"]) / span
            assert abs(status["attainment"] - expected) < 1e-9


def test_no_metric_that_cannot_be_measured_claims_a_status(api):
    metrics = api.query("margaret", QUERY)["metrics"]["nodes"]
    assert {m["status"]["rag"] for m in metrics if not m["canMeasure"]} == {"NONE"}


def test_schedule_status_follows_the_planned_end(api):
    today = datetime.now(UTC).date()
    nodes = api.query(
        "margaret",
        "{ initiatives(first: 100) { nodes { status plannedEnd schedule { rag reason } } } }",
    )["initiatives"]["nodes"]
    for node in nodes:
        rag = node["schedule"]["rag"]
        if node["status"] in ("COMPLETED", "CANCELLED", "REJECTED"):
            assert rag == "NONE"
            continue
        days = (date.fromisoformat(node["plannedEnd"]) - today).days
        expected = "RED" if days < 0 else "AMBER" if days <= SCHEDULE_WARNING_DAYS else "GREEN"
        assert rag == expected, node
        assert node["plannedEnd"] in node["schedule"]["reason"]
