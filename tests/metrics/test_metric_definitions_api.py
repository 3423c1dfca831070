"""Defining metrics: who may, and every field checked with the field named."""

from __future__ import annotations

import pytest

from schema.core.ids import to_global_id

ERRORS = "errors { field code message }"
FIELDS = """id name unit direction shouldMeasure canMeasure dataSource frequency baselineValue
  baselineDate targetValue targetDate amberTolerance owner { email } plan { name }
  service { name } process { name } objectives(first: 5) { nodes { title } }
  initiatives(first: 5) { nodes { title } } status { rag }"""
CREATE = f"""mutation($input: CreateMetricInput!) {{ createMetric(input: $input) {{
  metric {{ {FIELDS} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateMetricInput!) {{ updateMetric(input: $input) {{
  metric {{ {FIELDS} }} {ERRORS} }} }}"""


def ids(api) -> dict:
    data = api.query(
        "ada",
        """{ plans(first: 20) { nodes { id name service { id } } }
        objectives(level: [OPERATIONAL], first: 50) { nodes { id title } }
        initiatives(first: 100) { nodes { id title } } }""",
    )
    found = {p["name"]: p["id"] for p in data["plans"]["nodes"]}
    found["E-mail service"] = next(
        p["service"]["id"] for p in data["plans"]["nodes"] if p["name"] == "E-mail improvement plan"
    )
    found.update({o["title"]: o["id"] for o in data["objectives"]["nodes"]})
    found.update({i["title"]: i["id"] for i in data["initiatives"]["nodes"]})
    return found


def new_metric(known: dict, **extra) -> dict:
    return {
        "name": "Mailbox quota complaints",
        "unit": "count",
        "direction": "DOWN",
        "canMeasure": True,
        "dataSource": "Ticketing system",
        "baselineValue": 40,
        "baselineDate": "2026-01-01",
        "targetValue": 10,
        "targetDate": "2027-06-30",
        "amberTolerance": 5,
        "planId": known["E-mail improvement plan"],
        "serviceId": known["E-mail service"],
        "objectiveIds": [known["E-mail available 99.9% of every month"]],
        "initiativeIds": [known["Upgrade the mail routing cluster"]],
        **extra,
    }


def test_the_service_owner_defines_a_metric_in_her_plan(api):
    known = ids(api)
    payload = api.mutate("priya", CREATE, {"input": new_metric(known)})
    assert payload["errors"] == []
    metric = payload["metric"]
    assert metric["owner"] == {"email": "priya@harbour-it.example"}  # defaults to the creator
    assert metric["plan"] == {"name": "E-mail improvement plan"}
    assert metric["service"] == {"name": "E-mail"}
    assert metric["shouldMeasure"] is True and metric["frequency"] == "MONTHLY"
    assert metric["objectives"]["nodes"] == [{"title": "E-mail available 99.9% of every month"}]
    assert metric["initiatives"]["nodes"] == [{"title": "Upgrade the mail routing cluster"}]
    assert metric["status"] == {"rag": "NONE"}


def test_who_may_define_and_edit_metrics(api):
    known = ids(api)
    for key in ("jonas", "nora", "carlos"):  # not the E-mail plan's owner
        refused = api.mutate(key, CREATE, {"input": new_metric(known)})
        assert refused["errors"][0]["code"] == "FORBIDDEN"
        assert refused["errors"][0]["field"] == ["input", "planId"]
    assert api.mutate("ada", CREATE, {"input": new_metric(known, name="By ada")})["errors"] == []
    unplanned = new_metric(known, name="Unplanned", planId=None, serviceId=None)
    assert api.mutate("margaret", CREATE, {"input": unplanned})["errors"] == []
    assert api.mutate("priya", CREATE, {"input": unplanned})["errors"][0]["code"] == "FORBIDDEN"
    mttr = api.query("ada", '{ metrics(filter: {search: "Mean time"}) { nodes { id } } }')[
        "metrics"
    ]["nodes"][0]["id"]
    edit = {"input": {"id": mttr, "targetValue": 3.5}}
    assert api.mutate("priya", UPDATE, edit)["errors"][0]["code"] == "FORBIDDEN"
    owner_edit = api.mutate("carlos", UPDATE, edit)  # its owner
    assert owner_edit["errors"] == [] and owner_edit["metric"]["targetValue"] == 3.5


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"dataSource": "  "}, "dataSource",
         "name the data source: a metric that can be measured needs one"),
        ({"amberTolerance": -1}, "amberTolerance", "must not be negative"),
        ({"targetDate": "2025-12-31"}, "targetDate", "must not be before the baseline date"),
        ({"baselineDate": None}, "baselineDate", "give the date of the baseline"),
        ({"name": ""}, "name", "must not be empty"),
        ({"ownerId": to_global_id("Person", 9999)}, "ownerId", "no active person has this id"),
        ({"objectiveIds": [to_global_id("Objective", 9999)]}, "objectiveIds",
         "no objective has the id number 9999"),
        ({"processId": to_global_id("Process", 1)}, "processId",
         "a metric measures a service or a process, not both"),
        ({"planId": to_global_id("Initiative", 1)}, "planId", "no plan has this id"),
    ],
)  # fmt: skip
def test_bad_definitions_are_refused_naming_the_field(api, changes, field, message):
    known = ids(api)
    payload = api.mutate("priya", CREATE, {"input": new_metric(known, **changes)})
    assert payload["metric"] is None
    assert payload["errors"][0]["field"] == ["input", field]
    assert payload["errors"][0]["message"] == message


def test_update_changes_only_what_is_given_and_clears_with_null(api):
    known = ids(api)
    created = api.mutate("priya", CREATE, {"input": new_metric(known)})["metric"]
    payload = api.mutate(
        "priya",
        UPDATE,
        {"input": {"id": created["id"], "amberTolerance": None, "unit": "tickets",
                   "objectiveIds": [], "canMeasure": False}},
    )  # fmt: skip
    metric = payload["metric"]
    assert payload["errors"] == []
    assert metric["amberTolerance"] is None and metric["unit"] == "tickets"
    assert metric["objectives"]["nodes"] == [] and metric["canMeasure"] is False
    assert metric["targetValue"] == 10 and metric["dataSource"] == "Ticketing system"
    refused = api.mutate("priya", UPDATE, {"input": {"id": created["id"], "name": None}})
    assert refused["errors"][0] == {
        "field": ["input", "name"], "code": "INVALID", "message": "must not be null"
    }  # fmt: skip
    network = known["Network improvement plan"]
    moved = api.mutate("priya", UPDATE, {"input": {"id": created["id"], "planId": network}})
    assert moved["errors"][0]["code"] == "FORBIDDEN"


def test_viewer_may_edit_follows_the_rule(api):
    query = '{ metrics(filter: {search: "Mean time"}) { nodes { viewerMayEdit } } }'
    for key, may in (("carlos", True), ("ada", True), ("priya", False), ("nora", False)):
        body = api.post(key, query, scope="read_write").json()
        assert body["data"]["metrics"]["nodes"][0]["viewerMayEdit"] is may, key
    assert api.query("carlos", query)["metrics"]["nodes"][0]["viewerMayEdit"] is False  # read
