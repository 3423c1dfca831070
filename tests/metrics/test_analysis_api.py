"""Metric statuses and schedule statuses through the API, computed from the data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update

from server.db import make_sync_engine
from server.domain.metrics.analysis import SCHEDULE_WARNING_DAYS
from server.models import Metric

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


RANK = {"RED": 0, "AMBER": 1, "GREEN": 2, "NONE": 3}
BY_STATUS = """query($after: String, $direction: OrderDirection!) {
  metrics(first: 15, after: $after, orderBy: STATUS, direction: $direction) {
    pageInfo { hasNextPage endCursor } nodes { name status { rag } } } }"""


def _every_page(api, direction: str) -> list[tuple[str, str]]:
    found, after = [], None
    while True:
        page = api.query("margaret", BY_STATUS, {"after": after, "direction": direction})["metrics"]
        found += [(node["status"]["rag"], node["name"]) for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def test_metrics_sort_by_the_status_they_show_worst_first_then_by_name(api):
    ascending = _every_page(api, "ASC")
    assert len(ascending) == 42
    assert {rag for rag, _ in ascending} >= {"RED", "GREEN", "NONE"}
    assert ascending == sorted(ascending, key=lambda row: (RANK[row[0]], row[1]))
    assert _every_page(api, "DESC") == ascending[::-1]


def test_the_status_order_agrees_with_the_status_at_the_edges_of_the_tolerance(api, demo_url):
    """The order is SQL and the status Python: on a target just met, a value exactly at the
    tolerance, a zero tolerance and no target, both say the same."""
    measured = [
        node
        for node in api.query("margaret", QUERY)["metrics"]["nodes"]
        if node["measurements"]["nodes"]
    ][:6]
    edges = [  # direction, target from the newest value, tolerance
        ("up", 2.0, 2.0),  # short by exactly the tolerance
        ("up", 3.0, 2.0),  # short by more
        ("down", 0.0, 0.0),  # exactly met
        ("down", -1.0, 0.0),  # missed, with no tolerance
        ("up", -0.5, None),  # beyond it
        ("up", None, 1.0),  # no target
    ]
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.begin() as connection:
        for node, (direction, offset, tolerance) in zip(measured, edges, strict=True):
            latest = node["measurements"]["nodes"][0]["value"]
            connection.execute(
                update(Metric)
                .where(Metric.name == node["name"])
                .values(
                    direction=direction,
                    target_value=None if offset is None else latest + offset,
                    amber_tolerance=tolerance,
                )
            )
    engine.dispose()
    ordered = _every_page(api, "ASC")
    assert ordered == sorted(ordered, key=lambda row: (RANK[row[0]], row[1]))
    changed = {name: rag for rag, name in ordered if name in {n["name"] for n in measured}}
    assert [changed[node["name"]] for node in measured] == [
        "AMBER", "RED", "GREEN", "RED", "GREEN", "NONE"
    ]  # fmt: skip
