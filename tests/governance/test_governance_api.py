"""Process governance through the API: a process's definition (purpose, scope, activities with
their procedures and RACI) and policies are changed by its owner alone, every change is a new
version that can be read back as it stood on a day, reviews due reach the owner's My work and
changes the manager's and practitioners'; the manager records the process's metrics and posts
status updates in its plan; bad input is refused with nothing written."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.support.demo import MTTR_METRIC, process_id

ERRORS = "errors { field code message }"
PROCESS = """query($id: ID!) { node(id: $id) { ... on Process { name purpose scope
  definitionVersion viewerMayDefine
  activities(first: 20) { nodes { id position name procedureHtml version viewerMayEdit
    raci { roleSlug roleName responsibility } } }
  policies(first: 20) { nodes { id title inForce reviewDue retiredOn version } }
  definitionHistory(first: 3) { totalCount nodes { number change recordedByName } } } } }"""
AS_OF = """query($id: ID!, $day: Date!) { node(id: $id) { ... on Process {
  definitionHistory(first: 1, asOf: $day) { nodes { number change purpose
    activities { name raci { roleSlug responsibility } } policies { title retiredOn } } } } } }"""
ROLES = "{ roles(first: 50) { nodes { id slug } } }"
SET_RACI = f"""mutation($input: SetActivityRaciInput!) {{ setActivityRaci(input: $input) {{
  activity {{ version raci {{ roleSlug responsibility }} }} {ERRORS} }} }}"""
ADD = f"""mutation($input: AddProcessActivityInput!) {{ addProcessActivity(input: $input) {{
  activity {{ id name position procedureHtml process {{ definitionVersion }} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateProcessActivityInput!) {{ updateProcessActivity(input: $input)
  {{ activity {{ name position version }} {ERRORS} }} }}"""
REMOVE = f"""mutation($input: RemoveProcessActivityInput!) {{ removeProcessActivity(input: $input)
  {{ process {{ activities(first: 20) {{ nodes {{ name position }} }} }} {ERRORS} }} }}"""
DEFINE = f"""mutation($input: UpdateProcessDefinitionInput!) {{
  updateProcessDefinition(input: $input) {{ process {{ purpose scope definitionVersion }}
  {ERRORS} }} }}"""
CREATE_POLICY = f"""mutation($input: CreateProcessPolicyInput!) {{
  createProcessPolicy(input: $input) {{ policy {{ id title inForce reviewDue }} {ERRORS} }} }}"""
UPDATE_POLICY = f"""mutation($input: UpdateProcessPolicyInput!) {{
  updateProcessPolicy(input: $input) {{ policy {{ title retiredOn inForce reviewOn version }}
  {ERRORS} }} }}"""
WORK = """{ viewer { work { policyReviewsDue(first: 10) { nodes { title process { name } } }
  policyChanges(first: 10) { nodes { title } } } } }"""


def process(api, person: str, key: str = "incident") -> dict:
    body = api.post(person, PROCESS, {"id": process_id(key)}, scope="read_write").json()
    return body["data"]["node"]


def roles(api) -> dict[str, str]:
    return {n["slug"]: n["id"] for n in api.query("ada", ROLES)["roles"]["nodes"]}


def count(api, table: str) -> int:
    """Rows in a table, read beside the app: what a refused change must leave as it was."""
    from sqlalchemy import text

    from server.db import make_sync_engine

    engine = make_sync_engine(api.url, pooled=False)
    try:
        with engine.connect() as connection:
            return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


def test_the_demo_process_is_defined_with_raci_policies_and_history(api):
    incident = process(api, "nora")
    assert incident["purpose"].startswith("Restore normal service")
    names = [a["name"] for a in incident["activities"]["nodes"]]
    assert names[0] == "Identify and log" and len(names) == 5
    assert [a["position"] for a in incident["activities"]["nodes"]] == [1, 2, 3, 4, 5]
    triage = incident["activities"]["nodes"][1]
    assert triage["raci"][0] == {"roleSlug": "process_owner", "roleName": "Process owner",
                                 "responsibility": "ACCOUNTABLE"}  # fmt: skip
    assert {c["roleSlug"]: c["responsibility"] for c in triage["raci"][1:]} == {
        "process_practitioner": "RESPONSIBLE", "process_manager": "CONSULTED",
        "service_owner": "INFORMED",
    }  # fmt: skip
    assert "<table>" in triage["procedureHtml"] and "<strong>P1</strong>" in triage["procedureHtml"]
    policies = {p["title"]: p for p in incident["policies"]["nodes"]}
    assert policies["Callbacks within a day"]["retiredOn"] is not None
    assert not policies["Callbacks within a day"]["inForce"]
    assert policies["Priority is set by the matrix"]["reviewDue"]
    assert incident["definitionVersion"] == incident["definitionHistory"]["totalCount"] == 12
    assert not incident["viewerMayDefine"]  # Nora holds no role
    # As it stood 355 days ago: all activities, the triage RACI before its change, no review
    # policy yet, the callback policy still in use.
    year_ago = (datetime.now(UTC).date() - timedelta(days=355)).isoformat()
    (then,) = api.query("nora", AS_OF, {"id": process_id("incident"), "day": year_ago})["node"][
        "definitionHistory"]["nodes"]  # fmt: skip
    assert then["number"] == 9 and then["change"] == "Adopted the policy 'Callbacks within a day'"
    assert {c["roleSlug"] for c in then["activities"][1]["raci"]} == {
        "process_owner", "process_practitioner"
    }  # fmt: skip
    assert {p["title"]: p["retiredOn"] for p in then["policies"]} == {
        "All incidents are logged": None, "Priority is set by the matrix": None,
        "Callbacks within a day": None,
    }  # fmt: skip
    before_any = api.query("nora", AS_OF, {"id": process_id("incident"), "day": "2020-01-01"})
    assert before_any["node"]["definitionHistory"]["nodes"] == []
    last_day = {"id": process_id("incident"), "day": "9999-12-31"}  # the calendar's last
    (latest,) = api.query("nora", AS_OF, last_day)["node"]["definitionHistory"]["nodes"]
    assert latest["number"] > then["number"]


def test_the_owner_edits_the_raci_and_the_practitioner_and_manager_may_not(api):
    role = roles(api)
    activity = process(api, "carlos")["activities"]["nodes"][2]
    entries = [
        {"roleId": role["process_practitioner"], "responsibility": "RESPONSIBLE"},
        {"roleId": role["process_manager"], "responsibility": "RESPONSIBLE"},
        {"roleId": role["business_relationship_manager"], "responsibility": "INFORMED"},
    ]
    for person in ("ben", "hana", "priya", "nora"):
        refused = api.mutate(person, SET_RACI, {"input": {"activityId": activity["id"],
                                                          "entries": entries}})  # fmt: skip
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
        assert refused["activity"] is None
    assert process(api, "ben")["activities"]["nodes"][2]["viewerMayEdit"] is False
    assert process(api, "carlos")["activities"]["nodes"][2]["viewerMayEdit"] is True
    versions = count(api, "process_definition_versions")
    changed = api.mutate(
        "carlos", SET_RACI,
        {"input": {"activityId": activity["id"], "entries": entries,
                   "expectedVersion": activity["version"]}},
    )  # fmt: skip
    assert changed["errors"] == []
    assert changed["activity"]["version"] == activity["version"] + 1
    assert [(c["roleSlug"], c["responsibility"]) for c in changed["activity"]["raci"]] == [
        ("process_owner", "ACCOUNTABLE"),
        ("business_relationship_manager", "INFORMED"),
        ("process_manager", "RESPONSIBLE"),
        ("process_practitioner", "RESPONSIBLE"),
    ]
    assert count(api, "process_definition_versions") == versions + 1
    latest = process(api, "nora")["definitionHistory"]["nodes"][0]
    assert latest == {"number": 13, "recordedByName": "Carlos Mendes",
                      "change": "Changed who does what in the activity 'Investigate and "
                      "diagnose'"}  # fmt: skip
    stale = api.mutate(
        "carlos", SET_RACI,
        {"input": {"activityId": activity["id"], "entries": [],
                   "expectedVersion": activity["version"]}},
    )  # fmt: skip
    assert stale["errors"][0]["code"] == "CONFLICT"


def test_bad_raci_and_activities_are_refused_with_nothing_written(api):
    role = roles(api)
    activity = process(api, "carlos")["activities"]["nodes"][0]
    before = (count(api, "activity_responsibilities"), count(api, "process_definition_versions"),
              count(api, "audit_log"))  # fmt: skip
    cases = [
        ([{"roleId": role["process_owner"], "responsibility": "RESPONSIBLE"}],
         ["input", "entries", "0", "roleId"], "INVALID"),
        ([{"roleId": role["process_manager"], "responsibility": "ACCOUNTABLE"}],
         ["input", "entries", "0", "responsibility"], "INVALID"),
        ([{"roleId": role["process_manager"], "responsibility": "INFORMED"},
          {"roleId": role["process_manager"], "responsibility": "CONSULTED"}],
         ["input", "entries", "1", "roleId"], "DUPLICATE"),
        ([{"roleId": process_id("incident"), "responsibility": "INFORMED"}],
         ["input", "entries", "0", "roleId"], "NOT_FOUND"),
    ]  # fmt: skip
    for entries, field, code in cases:
        refused = api.mutate("carlos", SET_RACI, {"input": {"activityId": activity["id"],
                                                            "entries": entries}})  # fmt: skip
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [(field, code)], entries
    incident = process_id("incident")
    for fields, field, code in [
        ({"name": " "}, "name", "INVALID"),
        ({"name": "Close"}, "name", "DUPLICATE"),
        ({"name": "New", "position": 9}, "position", "INVALID"),
        ({"name": "x" * 201}, "name", "INVALID"),
    ]:
        refused = api.mutate("carlos", ADD, {"input": {"processId": incident, **fields}})
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [(["input", field], code)]
    after = (count(api, "activity_responsibilities"), count(api, "process_definition_versions"),
             count(api, "audit_log"))  # fmt: skip
    assert after == before


def test_activities_are_added_moved_and_removed_in_order(api):
    incident = process_id("incident")
    added = api.mutate(
        "carlos", ADD,
        {"input": {"processId": incident, "name": "Communicate", "position": 2,
                   "procedure": "Post on the **status page**. <script>alert(1)</script>"}},
    )  # fmt: skip
    assert added["errors"] == []
    assert added["activity"]["position"] == 2
    assert "<strong>status page</strong>" in added["activity"]["procedureHtml"]
    assert "<script>" not in added["activity"]["procedureHtml"]
    names = [a["name"] for a in process(api, "nora")["activities"]["nodes"]]
    assert names[:3] == ["Identify and log", "Communicate", "Categorise and prioritise"]
    moved = api.mutate("carlos", UPDATE, {"input": {"id": added["activity"]["id"],
                                                    "position": 6}})  # fmt: skip
    assert moved["activity"]["position"] == 6
    removed = api.mutate("carlos", REMOVE, {"input": {"id": added["activity"]["id"]}})
    nodes = removed["process"]["activities"]["nodes"]
    assert [n["position"] for n in nodes] == [1, 2, 3, 4, 5] and "Communicate" not in str(nodes)
    history = process(api, "nora")["definitionHistory"]["nodes"]
    assert [h["change"] for h in history] == [
        "Removed the activity 'Communicate'", "Moved the activity 'Communicate'",
        "Added the activity 'Communicate'",
    ]  # fmt: skip
    defined = api.mutate("hana", DEFINE, {"input": {"processId": incident, "purpose": "x"}})
    assert defined["errors"][0]["code"] == "FORBIDDEN"
    defined = api.mutate(
        "ada", DEFINE, {"input": {"processId": incident, "scope": "All incidents.",
                                  "expectedVersion": 15}},
    )  # fmt: skip
    assert defined["errors"] == [] and defined["process"]["definitionVersion"] == 16


def test_policies_reach_my_work_and_are_reviewed_retired_and_versioned(api):
    owner = api.query("carlos", WORK)["viewer"]["work"]
    assert [n["title"] for n in owner["policyReviewsDue"]["nodes"]] == [
        "Priority is set by the matrix"
    ]
    for person in ("ben", "hana"):  # practitioner and manager of Incident Management
        news = api.query(person, WORK)["viewer"]["work"]["policyChanges"]["nodes"]
        assert [n["title"] for n in news] == ["Major incidents get a review"], person
    assert api.query("priya", WORK)["viewer"]["work"]["policyChanges"]["nodes"] == []
    assert api.query("ben", WORK)["viewer"]["work"]["policyReviewsDue"]["nodes"] == []
    today = datetime.now(UTC).date()
    created = api.mutate(
        "carlos", CREATE_POLICY,
        {"input": {"processId": process_id("incident"), "title": "Users are told",
                   "statement": "Affected users hear of a P1 within 15 minutes.",
                   "effectiveOn": today.isoformat(),
                   "reviewOn": (today + timedelta(days=365)).isoformat()}},
    )  # fmt: skip
    assert created["errors"] == [] and created["policy"]["inForce"]
    news = api.query("ben", WORK)["viewer"]["work"]["policyChanges"]["nodes"]
    assert news[0]["title"] == "Users are told"
    refused = api.mutate("ben", UPDATE_POLICY, {"input": {"id": created["policy"]["id"],
                                                          "retired": True}})  # fmt: skip
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    due = api.query(
        "carlos", "{ viewer { work { policyReviewsDue(first: 1) { nodes { id version } } } } }"
    )["viewer"]["work"]["policyReviewsDue"]["nodes"][0]
    reviewed = api.mutate(
        "carlos", UPDATE_POLICY,
        {"input": {"id": due["id"], "reviewOn": (today + timedelta(days=365)).isoformat(),
                   "expectedVersion": due["version"]}},
    )  # fmt: skip
    assert reviewed["errors"] == []
    assert api.query("carlos", WORK)["viewer"]["work"]["policyReviewsDue"]["nodes"] == []
    retired = api.mutate("carlos", UPDATE_POLICY, {"input": {"id": created["policy"]["id"],
                                                             "retired": True}})  # fmt: skip
    assert retired["policy"]["retiredOn"] == today.isoformat()
    assert not retired["policy"]["inForce"]
    changes = [h["change"] for h in process(api, "nora")["definitionHistory"]["nodes"]]
    assert changes == [
        "Retired the policy 'Users are told'",
        "Reviewed the policy 'Priority is set by the matrix'",
        "Adopted the policy 'Users are told'",
    ]


def test_bad_policies_are_refused_with_nothing_written(api):
    today = date.today()
    base = {"processId": process_id("change"), "title": "T", "statement": "S",
            "effectiveOn": today.isoformat(), "reviewOn": today.isoformat()}  # fmt: skip
    before = count(api, "process_policies"), count(api, "process_definition_versions")
    for change, field, code in [
        ({"title": ""}, "title", "INVALID"),
        ({"title": "Freeze at year end"}, "title", "DUPLICATE"),
        ({"statement": "  "}, "statement", "INVALID"),
        ({"reviewOn": (today - timedelta(days=1)).isoformat()}, "reviewOn", "INVALID"),
        ({"reviewOn": (today + timedelta(days=2000)).isoformat()}, "reviewOn", "INVALID"),
        ({"effectiveOn": "1990-01-01", "reviewOn": "1990-02-01"}, "effectiveOn", "INVALID"),
    ]:
        refused = api.mutate("hana", CREATE_POLICY, {"input": {**base, **change}})
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [(["input", field], code)]
    forbidden = api.mutate("carlos", CREATE_POLICY, {"input": base})  # not his process
    assert forbidden["errors"][0]["code"] == "FORBIDDEN"
    assert (count(api, "process_policies"), count(api, "process_definition_versions")) == before


RECORD = f"""mutation($input: RecordMeasurementsInput!) {{ recordMeasurements(input: $input) {{
  {ERRORS} }} }}"""


def test_the_process_manager_records_its_metrics_and_the_practitioner_does_not(api):
    taken = datetime.now(UTC).replace(microsecond=0).isoformat()
    row = {"metricId": MTTR_METRIC, "value": 5.5, "takenAt": taken}
    refused = api.mutate("ben", RECORD, {"input": {"measurements": [row]}})
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    recorded = api.mutate("hana", RECORD, {"input": {"measurements": [row]}})
    assert recorded["errors"] == []
    may = api.post(
        "hana",
        "query($id: ID!) { node(id: $id) { ... on Metric { viewerMayRecord } } }",
        {"id": MTTR_METRIC},
        scope="read_write",
    ).json()
    assert may["data"]["node"]["viewerMayRecord"] is True


POLICIES = """query($filter: ProcessPolicyFilter) { processPolicies(first: 20, filter: $filter) {
  totalCount nodes { title reviewDue retiredOn process { name } } } }"""


def test_policies_are_listed_and_filtered_for_reports(api):
    everything = api.query("nora", POLICIES)["processPolicies"]
    assert everything["totalCount"] == 7
    due = api.query("nora", POLICIES, {"filter": {"reviewDue": True}})["processPolicies"]
    assert [(n["title"], n["process"]["name"]) for n in due["nodes"]] == [
        ("Priority is set by the matrix", "Incident Management")
    ]
    retired = api.query("nora", POLICIES, {"filter": {"inUse": False}})["processPolicies"]
    assert [n["title"] for n in retired["nodes"]] == ["Callbacks within a day"]
    change = api.query(
        "nora", POLICIES, {"filter": {"process": [process_id("change")], "inUse": True}}
    )["processPolicies"]
    assert {n["title"] for n in change["nodes"]} == {
        "No change without a back-out plan", "Freeze at year end"
    }  # fmt: skip
    assert all(not n["reviewDue"] for n in change["nodes"])


def test_moving_activities_leaves_the_others_versions_alone(api):
    incident = process_id("incident")
    before = {a["name"]: a["version"] for a in process(api, "carlos")["activities"]["nodes"]}
    added = api.mutate("carlos", ADD, {"input": {"processId": incident, "name": "Communicate",
                                                 "position": 1}})  # fmt: skip
    assert added["errors"] == [] and added["activity"]["position"] == 1
    nodes = process(api, "carlos")["activities"]["nodes"]
    assert [(a["name"], a["position"]) for a in nodes][:2] == [
        ("Communicate", 1), ("Identify and log", 2),
    ]  # fmt: skip
    assert {a["name"]: a["version"] for a in nodes if a["name"] in before} == before
    new = nodes[0]
    assert new["version"] == 1
    moved = api.mutate(
        "carlos", UPDATE,
        {"input": {"id": new["id"], "position": 3, "name": "Tell the users",
                   "expectedVersion": 1}},
    )  # fmt: skip
    assert moved["activity"] == {"name": "Tell the users", "position": 3, "version": 2}
    nodes = process(api, "carlos")["activities"]["nodes"]
    assert [a["name"] for a in nodes][:4] == [
        "Identify and log", "Categorise and prioritise", "Tell the users",
        "Investigate and diagnose",
    ]  # fmt: skip
    assert {a["name"]: a["version"] for a in nodes if a["name"] in before} == before


def test_a_policy_not_yet_in_force_is_not_retired(api):
    later = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    created = api.mutate(
        "hana", CREATE_POLICY,
        {"input": {"processId": process_id("change"), "title": "Two approvers",
                   "statement": "High-risk changes need two approvers.", "effectiveOn": later,
                   "reviewOn": later}},
    )  # fmt: skip
    assert created["policy"]["inForce"] is False
    refused = api.mutate("hana", UPDATE_POLICY, {"input": {"id": created["policy"]["id"],
                                                           "retired": True}})  # fmt: skip
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        (["input", "retired"], "INVALID")
    ]


POST_FLAG = """query($id: ID!) { node(id: $id) { ... on Initiative { status
  viewerMayPostStatusUpdate } } }"""


def test_a_status_update_is_offered_only_in_a_state_that_takes_one(api):
    from tests.support.demo import SWARMING  # proposed, in Incident Management's plan

    body = api.post("hana", POST_FLAG, {"id": SWARMING}, scope="read_write").json()
    assert body["data"]["node"] == {"status": "PROPOSED", "viewerMayPostStatusUpdate": False}
