"""Recording measurements: the metric's owner (or a linked initiative's owner) records a batch,
all or nothing, and every bad row is reported with its index and reason."""

from __future__ import annotations

from schema.core.ids import to_global_id

RECORD = """mutation($rows: [MeasurementInput!]!) { recordMeasurements(input: {measurements:
  $rows}) { recorded metrics { name latestMeasurement { value takenAt } status { rag } }
  errors { field message code } } }"""


def metric(api, name: str) -> dict:
    return api.query(
        "ada",
        f'{{ metrics(filter: {{search: "{name}"}}) {{ nodes {{ id name '
        "owner { email } measurements(last: 1) { nodes { takenAt } } } } }",
    )["metrics"]["nodes"][0]


def test_the_owner_records_a_batch_and_the_status_follows(api):
    mttr = metric(api, "Mean time to restore")
    rows = [
        {"metricId": mttr["id"], "value": 3.9, "takenAt": "2030-01-01T00:00:00+00:00"},
        {"metricId": mttr["id"], "value": 3.8, "takenAt": "2030-02-01T00:00:00Z"},
    ]
    payload = api.mutate("carlos", RECORD, {"rows": rows})
    assert payload["errors"] == [] and payload["recorded"] == 2
    (recorded,) = payload["metrics"]
    assert recorded["latestMeasurement"] == {"value": 3.8, "takenAt": "2030-02-01T00:00:00+00:00"}
    assert recorded["status"]["rag"] == "GREEN"  # 3.8 h against a target of 4 h


def test_the_owner_of_a_linked_initiative_may_record_too(api):
    # "Upgrade the incident resolution process" (Carlos) is linked to MTTR; Ben, a practitioner
    # of the process, owns no link (its manager, Hana, may record: tests/governance)
    mttr = metric(api, "Mean time to restore")
    row = {"metricId": mttr["id"], "value": 5.0, "takenAt": "2031-01-01T00:00:00Z"}
    refused = api.mutate("ben", RECORD, {"rows": [row]})
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    assert refused["errors"][0]["field"] == ["input", "measurements", "0", "metricId"]


def test_a_batch_with_bad_rows_is_refused_whole_with_every_row_reported(api):
    mttr = metric(api, "Mean time to restore")
    existing = mttr["measurements"]["nodes"][0]["takenAt"]
    hidden = api.query(
        "omar",
        '{ metrics(filter: {search: "Phishing click rate"}) { nodes { id } } }',
    )["metrics"]["nodes"][0]["id"]
    rows = [
        {"metricId": mttr["id"], "value": 4.1, "takenAt": "2032-01-01T00:00:00Z"},  # fine
        {"metricId": to_global_id("Metric", 9999), "value": 1, "takenAt": "2032-01-01T00:00:00Z"},
        {"metricId": mttr["id"], "value": 4.2, "takenAt": existing},  # duplicate in the database
        {"metricId": mttr["id"], "value": 4.3, "takenAt": "2032-01-01T00:00:00Z"},  # duplicate
        {"metricId": hidden, "value": 7, "takenAt": "2032-01-01T00:00:00Z"},  # hidden: unknown
        {"metricId": "garbage", "value": 7, "takenAt": "2032-01-01T00:00:00Z"},
    ]
    payload = api.mutate("carlos", RECORD, {"rows": rows})
    assert payload["recorded"] is None and payload["metrics"] is None
    reported = [(error["field"][2], error["code"]) for error in payload["errors"]]
    assert reported == [
        ("1", "NOT_FOUND"), ("2", "DUPLICATE"), ("3", "DUPLICATE"), ("4", "NOT_FOUND"),
        ("5", "NOT_FOUND"),
    ]  # fmt: skip
    assert payload["errors"][1]["message"].startswith("row 2: Mean time to restore already has")


def test_bad_values_are_refused_before_anything_runs(api):
    mttr = metric(api, "Mean time to restore")
    body = api.post(
        "carlos", RECORD,
        {"rows": [{"metricId": mttr["id"], "value": "high", "takenAt": "2033-01-01"}]},
    ).json()  # fmt: skip
    messages = " ".join(error["message"] for error in body["errors"])
    assert "Float" in messages and "needs a time zone offset" in messages


def test_more_than_ten_thousand_rows_are_refused(api):
    mttr = metric(api, "Mean time to restore")
    rows = [
        {"metricId": mttr["id"], "value": 1.0,
         "takenAt": f"2040-01-01T00:00:{n % 60:02d}.{n:06d}+00:00"}
        for n in range(10_001)
    ]  # fmt: skip
    payload = api.mutate("carlos", RECORD, {"rows": rows})
    assert payload["errors"] == [
        {"field": ["input", "measurements"], "code": "INVALID",
         "message": "at most 10,000 measurements per call (got 10,001)"}
    ]  # fmt: skip
