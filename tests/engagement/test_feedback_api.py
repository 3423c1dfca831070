"""Stakeholder feedback through the API: who may record it, all of a batch or none, and the
service's satisfaction metric computed from it month by month (never typed by hand), with its
status; a feedback item can raise a suggestion."""

from __future__ import annotations

from datetime import date

import pytest

ERRORS = "errors { field code message }"
RECORD = f"""mutation($input: RecordFeedbackInput!) {{ recordFeedback(input: $input) {{
  recorded feedback {{ id score service {{ name }} stakeholder {{ name }} }} {ERRORS} }} }}"""
SATISFACTION = """query($id: ID!) { node(id: $id) { ... on Service {
  satisfaction { month average responses }
  satisfactionMetric { id name unit baselineValue targetValue computedFromFeedback
    status { rag reason } measurements(first: 50) { nodes { takenAt value source } } } } } }"""


def ids(api, root: str) -> dict[str, str]:
    data = api.query("ada", f"{{ {root}(first: 100) {{ nodes {{ id name }} }} }}")
    return {node["name"]: node["id"] for node in data[root]["nodes"]}


def this_month(day: int) -> str:
    return date.today().replace(day=day).isoformat()


def test_feedback_moves_the_derived_satisfaction_metric(api):
    services, stakeholders = ids(api, "services"), ids(api, "stakeholders")
    collab = services["Collaboration"]  # Priya owns it; it has no feedback in the demo yet
    before = api.query("priya", SATISFACTION, {"id": collab})["node"]
    assert before["satisfactionMetric"] is None
    items = [
        {"serviceId": collab, "stakeholderId": stakeholders["Sales department"],
         "givenOn": this_month(1), "score": score, "channel": "SURVEY", "comment": "ok"}
        for score in (2, 3)
    ]  # fmt: skip
    recorded = api.mutate("priya", RECORD, {"input": {"items": items}})
    assert recorded["errors"] == [] and recorded["recorded"] == 2
    after = api.query("priya", SATISFACTION, {"id": collab})["node"]
    metric = after["satisfactionMetric"]
    assert metric["name"] == "Stakeholder satisfaction: Collaboration"
    assert metric["computedFromFeedback"] is True and metric["unit"] == "of 5"
    assert metric["baselineValue"] == 2.5 and metric["targetValue"] == 4.0
    (measurement,) = metric["measurements"]["nodes"]
    assert measurement["value"] == 2.5 and measurement["source"] == "feedback"
    assert measurement["takenAt"].startswith(this_month(1))
    assert after["satisfaction"][-1] == {"month": this_month(1), "average": 2.5, "responses": 2}
    assert metric["status"]["rag"] == "RED"
    more = [dict(items[0], score=5, givenOn=this_month(2)) for _ in range(6)]
    api.mutate("priya", RECORD, {"input": {"items": more}})
    moved = api.query("priya", SATISFACTION, {"id": collab})["node"]["satisfactionMetric"]
    assert moved["measurements"]["nodes"][0]["value"] == 4.38  # (2 + 3 + 6 x 5) / 8, 2 places
    assert moved["status"]["rag"] == "GREEN"
    by_hand = api.mutate(
        "priya",
        """mutation($id: ID!) { recordMeasurements(input: {measurements: [{metricId: $id,
          value: 5, takenAt: "2026-01-01T00:00:00Z"}]}) { errors { field message } } }""",
        {"id": metric["id"]},
    )
    assert by_hand["errors"][0]["field"] == ["input", "measurements", "0", "metricId"]
    assert "computed from stakeholder feedback" in by_hand["errors"][0]["message"]


def test_who_may_record_feedback(api):
    services, stakeholders = ids(api, "services"), ids(api, "stakeholders")
    shipping = stakeholders["Harbour Shipping Ltd"]
    item = {"serviceId": services["Cloud Hosting"], "givenOn": this_month(1), "score": 4,
            "channel": "MEETING", "stakeholderId": shipping}  # fmt: skip
    for person, allowed in [("lena", True), ("sam", True), ("nora", False), ("priya", False)]:
        payload = api.mutate(person, RECORD, {"input": {"items": [item]}})
        assert (payload["errors"] == []) is allowed, (person, payload)
        if not allowed:
            assert payload["errors"][0]["code"] == "FORBIDDEN"
    # Sam keeps Harbour Shipping's relationship, not Northwind's
    northwind = dict(item, stakeholderId=stakeholders["Northwind Hosting"])
    assert api.mutate("sam", RECORD, {"input": {"items": [northwind]}})["errors"][0]["code"] == (
        "FORBIDDEN"
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"score": 6}, "score", "item 1: a score is 1 to 5 (got 6)"),
        ({"givenOn": "2999-01-01"}, "givenOn", "item 1: must not be in the future"),
        ({"stakeholderId": None}, "stakeholderId",
         "item 1: name the stakeholder or the person who gave it"),
        ({"serviceId": "U2VydmljZTo5OTk"}, "serviceId", "item 1: no service has this id"),
    ],
)  # fmt: skip
def test_one_bad_item_refuses_the_batch_and_names_it(api, change, field, message):
    services, stakeholders = ids(api, "services"), ids(api, "stakeholders")
    good = {"serviceId": services["E-mail"], "stakeholderId": stakeholders["Finance"],
            "givenOn": this_month(1), "score": 3, "channel": "REVIEW"}  # fmt: skip
    count = "{ feedback { totalCount } }"
    before = api.query("ada", count)["feedback"]["totalCount"]
    payload = api.mutate("priya", RECORD, {"input": {"items": [good, dict(good, **change)]}})
    assert payload["feedback"] is None and payload["recorded"] is None
    assert payload["errors"][0]["field"] == ["input", "items", "1", field]
    assert payload["errors"][0]["message"] == message
    assert api.query("ada", count)["feedback"]["totalCount"] == before


def test_feedback_raises_a_suggestion_about_its_service(api):
    services, stakeholders = ids(api, "services"), ids(api, "stakeholders")
    recorded = api.mutate(
        "jonas", RECORD,
        {"input": {"items": [{"serviceId": services["Service Desk"], "givenOn": this_month(1),
                              "stakeholderId": stakeholders["Field engineers"], "score": 2,
                              "channel": "SERVICE_DESK", "comment": "No chat at night"}]}},
    )  # fmt: skip
    (item,) = recorded["feedback"]
    suggestion = api.mutate(
        "sam",
        """mutation($feedback: ID!) { submitSuggestion(input: {kind: SERVICE_IMPROVEMENT,
          title: "Night-time chat", source: FEEDBACK, sourceFeedbackId: $feedback}) {
          suggestion { source service { name } plan { name }
            sourceFeedback { comment stakeholder { name } } } errors { field message } } }""",
        {"feedback": item["id"]},
    )
    assert suggestion["errors"] == []
    assert suggestion["suggestion"]["service"] == {"name": "Service Desk"}
    assert suggestion["suggestion"]["plan"] == {"name": "Service Desk improvement plan"}
    assert suggestion["suggestion"]["sourceFeedback"] == {
        "comment": "No chat at night", "stakeholder": {"name": "Field engineers"},
    }  # fmt: skip
    stats = api.query(
        "nora",
        """query($s: [ID!]) { satisfactionStats(filter: {service: $s}) { service { name }
          month average responses } }""",
        {"s": [services["Service Desk"]]},
    )["satisfactionStats"]
    assert stats[-1]["responses"] >= 1 and stats[-1]["service"] == {"name": "Service Desk"}
