"""Every change to confidential work is written to the audit log with its plan, by the real
mutation paths, so the log shows it only to those who may see the plan: an ordinary person's
audit log reads the same before and after a year of work in the security plan."""

from __future__ import annotations

import pytest

ORDINARY = ["nora", "priya"]
LOG = """{ auditLog(first: 200) { totalCount nodes { id entityType entityId entityLabel action
  before after actorName } } }"""
VERSION = "query($id: ID!) { node(id: $id) { ... on Initiative { version } } }"
PENDING = "query($id: ID!) { node(id: $id) { ... on Initiative { pendingChanges { id } } } }"


def change(api, key: str, mutation: str, **input_values) -> dict:
    """Run one mutation with `$input`, which must succeed; its payload."""
    name = mutation[0].upper() + mutation[1:]
    payload = api.mutate(
        key,
        f"mutation($input: {name}Input!) {{ result: {mutation}(input: $input) "
        "{ errors { field code message } } }",
        {"input": input_values},
    )
    assert payload["errors"] == [], (mutation, payload)
    return payload


def one_id(api, query: str) -> str:
    (connection,) = api.query("ada", query).values()
    return connection["nodes"][0]["id"]


def version(api, initiative: str) -> int:
    return api.query("ada", VERSION, {"id": initiative})["node"]["version"]


def step(api, key: str, mutation: str, initiative: str, **more) -> None:
    change(api, key, mutation, id=initiative, expectedVersion=version(api, initiative), **more)


def work_in_the_security_plan(api) -> list[str]:
    """Propose, fund, run, measure and close work in the confidential plan, through the API;
    the global ids of what changed."""
    plan = one_id(api, "{ plans(first: 1, kind: [SECURITY_IMPROVEMENT]) { nodes { id } } }")
    other = one_id(
        api,
        "{ initiatives(first: 1, filter: {planKind: [SECURITY_IMPROVEMENT], "
        "status: [PROPOSED, APPROVED, FUNDED, IN_PROGRESS]}) { nodes { id } } }",
    )
    proposed = api.mutate(
        "omar",
        "mutation($plan: ID!) { proposeInitiative(input: {planId: $plan, title: "
        '"Rotate the vault keys"}) { initiative { id } errors { code } } }',
        {"plan": plan},
    )
    work = proposed["initiative"]["id"]
    step(api, "omar", "updateInitiative", work, description="Every quarter")
    step(api, "omar", "approveInitiative", work)
    step(api, "omar", "requestBudget", work, amount="5000.00", justification="Two quotes")
    step(api, "margaret", "decideBudget", work, approve=True)
    step(api, "omar", "startInitiative", work)
    change(api, "omar", "postStatusUpdate", initiativeId=work, health="ON_TRACK",
           percentComplete=10, note="Keys listed")  # fmt: skip
    change(api, "omar", "proposeBudgetChange", initiativeId=work, amount="4000.00",
           reason="Cheaper supplier")  # fmt: skip
    (pending,) = api.query("ada", PENDING, {"id": work})["node"]["pendingChanges"]
    change(api, "margaret", "decidePendingChange", id=pending["id"], accept=True)
    created = api.mutate(
        "omar",
        "mutation($input: CreateMetricInput!) { createMetric(input: $input) { metric { id } "
        "errors { code } } }",
        {"input": {"name": "Keys rotated on time", "direction": "UP", "planId": plan,
                   "canMeasure": True, "dataSource": "vault", "initiativeIds": [work],
                   "targetValue": 100.0, "targetDate": "2030-01-01"}},
    )  # fmt: skip
    metric = created["metric"]["id"]
    change(api, "omar", "updateMetric", id=metric, description="Share of keys rotated")
    change(api, "omar", "recordMeasurements", measurements=[
        {"metricId": metric, "value": 40.0, "takenAt": "2026-02-01T09:00:00+00:00"}
    ])  # fmt: skip
    change(api, "omar", "raiseCorrectiveAction", metricId=metric, title="Rotate faster")
    step(api, "omar", "holdInitiative", work, reason="Supplier delay")
    step(api, "omar", "resumeInitiative", work)
    step(api, "omar", "completeInitiative", work, outcome="ACHIEVED", note="Rotated")
    step(api, "omar", "cancelInitiative", other, reason="Superseded")
    change(api, "ada", "updatePlan", id=plan, description="Kept from view")
    return [plan, work, other, metric]


@pytest.mark.parametrize("key", ORDINARY)
def test_changes_to_confidential_work_stay_out_of_an_ordinary_persons_audit_log(api, key):
    before = api.query(key, LOG)
    cleared_before = api.query("omar", LOG)["auditLog"]["totalCount"]
    changed = work_in_the_security_plan(api)
    assert api.query(key, LOG) == before
    cleared = api.query("omar", LOG)["auditLog"]
    assert cleared["totalCount"] >= cleared_before + 19
    assert set(changed) <= {entry["entityId"] for entry in cleared["nodes"]}
