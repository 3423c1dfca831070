"""A metric in an open plan that shows the effect of confidential work is itself confidential:
on every path (lists, look-ups, nesting, counts, statistics, the gap analysis) an ordinary
person's view of the register is the same before and after such a metric arrives.

The test makes its own cross-links through the API rather than relying on the demo's."""

from __future__ import annotations

import json

import pytest

ORDINARY = ["nora", "priya", "carlos", "grace"]
CLEARED = ["omar", "margaret", "ada"]

VIEW = [
    """{ metrics(first: 500) { totalCount nodes { id name status { rag }
        measurements(first: 100) { totalCount nodes { id } } } }
      search: metrics(first: 50, filter: {search: "vault"}) { totalCount nodes { id } }
      measurements(last: 100) { totalCount nodes { id } } }""",
    """{ plans(first: 50) { nodes { id metrics(first: 200) { totalCount nodes { id } } } }
      services(first: 50) { nodes { id metrics(first: 200) { totalCount nodes { id } } } }
      processes(first: 50) { nodes { id metrics(first: 200) { totalCount nodes { id } } } }
      objectives(first: 200) { nodes { id metrics(first: 200) { totalCount nodes { id } } } } }""",
    """{ byPlan: metricStats(groupBy: [PLAN]) { count red amber green noData plan { id } }
      byService: metricStats(groupBy: [SERVICE]) { count red amber green noData service { id } }
      byProcess: metricStats(groupBy: [PROCESS]) { count red amber green noData process { id } }
      byObjective: metricStats(groupBy: [OBJECTIVE]) { count noData objective { id } }
      all: metricStats { count red amber green noData }
      gapAnalysis(first: 500) {
        shouldMeasureButCannot { totalCount nodes { id } }
        measuredButServingNoObjective { totalCount nodes { id } }
        objectivesWithoutMetric { totalCount nodes { id } } }
      objectivesNobodyWorksOn { id } }""",
    "{ initiatives(first: 100) { nodes { id metrics(first: 50) { totalCount nodes { id } } } } }",
]

CREATE = """mutation($input: CreateMetricInput!) { createMetric(input: $input) {
  metric { id } errors { field code message } } }"""
RECORD = """mutation($input: RecordMeasurementsInput!) { recordMeasurements(input: $input) {
  recorded errors { field code message } } }"""


def view(api, key: str) -> dict:
    data: dict = {}
    for query in VIEW:
        data.update(api.query(key, query))
    return data


def first_id(api, query: str) -> str:
    data = api.query("ada", query)
    (connection,) = data.values()
    return connection["nodes"][0]["id"]


def hide_metrics_behind_confidential_work(api) -> dict[str, list[str]]:
    """Two metrics kept in the open (in the strategic plan, and in no plan), each showing the
    effect of an initiative in the confidential security plan, with measurements."""
    secret_work = first_id(
        api,
        "{ initiatives(first: 1, filter: {planKind: [SECURITY_IMPROVEMENT]}) { nodes { id } } }",
    )
    strategic = first_id(api, "{ plans(first: 1, kind: [STRATEGIC]) { nodes { id } } }")
    service = first_id(api, "{ services(first: 1) { nodes { id } } }")
    process = first_id(api, "{ processes(first: 1) { nodes { id } } }")
    objective = first_id(api, "{ objectives(first: 1) { nodes { id } } }")
    metrics = []
    for extra in (
        {"planId": strategic, "serviceId": service, "objectiveIds": [objective],
         "shouldMeasure": True, "canMeasure": False},
        {"processId": process, "canMeasure": True, "dataSource": "vault log",
         "targetValue": 10.0, "targetDate": "2030-01-01"},
    ):  # fmt: skip
        payload = api.mutate(
            "ada",
            CREATE,
            {"input": {"name": f"Vault sign-ins {len(metrics)}", "direction": "UP",
                       "initiativeIds": [secret_work], **extra}},
        )  # fmt: skip
        assert payload["errors"] == [], payload
        metrics.append(payload["metric"]["id"])
    readings = [
        {"metricId": metric, "value": 3.0 + n, "takenAt": f"2026-0{n + 1}-01T09:00:00+00:00"}
        for metric in metrics
        for n in range(2)
    ]
    payload = api.mutate("ada", RECORD, {"input": {"measurements": readings}})
    assert payload["errors"] == [] and payload["recorded"] == 4, payload
    found = api.query(
        "ada",
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Metric { id "
        "measurements(first: 10) { nodes { id } } } } }",
        {"ids": metrics},
    )["nodes"]
    measurements = [m["id"] for node in found for m in node["measurements"]["nodes"]]
    assert len(measurements) == 4
    return {"Metric": metrics, "Measurement": measurements}


@pytest.mark.parametrize("key", ORDINARY)
def test_a_metric_showing_confidential_work_changes_nothing_an_ordinary_person_sees(api, key):
    before = view(api, key)
    hidden = hide_metrics_behind_confidential_work(api)
    assert view(api, key) == before
    ids = hidden["Metric"] + hidden["Measurement"]
    nodes = api.query(key, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert nodes["nodes"] == [None] * len(ids)
    for global_id in ids:
        one = api.query(key, "query($id: ID!) { node(id: $id) { id } }", {"id": global_id})
        assert one == {"node": None}


@pytest.mark.parametrize("key", CLEARED)
def test_those_who_may_see_the_work_see_its_metrics(api, key):
    before = view(api, key)
    hidden = hide_metrics_behind_confidential_work(api)
    after = view(api, key)
    dumped = json.dumps(after)
    for global_id in hidden["Metric"] + hidden["Measurement"]:
        assert f'"{global_id}"' in dumped
    assert after["metrics"]["totalCount"] == before["metrics"]["totalCount"] + 2
    assert after["search"]["totalCount"] == before["search"]["totalCount"] + 2
    assert after["measurements"]["totalCount"] == before["measurements"]["totalCount"] + 4
    assert after["all"][0]["count"] == before["all"][0]["count"] + 2
