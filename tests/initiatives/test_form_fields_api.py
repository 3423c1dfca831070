"""What the forms ask the API: may the viewer propose in a plan, which fields may they edit."""

from __future__ import annotations

from tests.support.clients import StatementCounter
from tests.support.demo import EMAIL_PLAN, INCIDENT_PLAN, SWARMING, TEMPLATES, demo_id

PLAN = "query($id: ID!) { node(id: $id) { ... on Plan { viewerMayPropose } } }"
INITIATIVE = "query($id: ID!) { node(id: $id) { ... on Initiative { editableFields } } }"
EVERYTHING = [
    "title", "description", "rationale", "ownerId", "priority", "executionMode",
    "valueChainActivity", "plannedStart", "plannedEnd", "currency", "budgetRequested",
    "dimensions", "tags", "objectiveIds", "serviceIds",
]  # fmt: skip


def may_propose(api, key: str, plan: str, scope: str = "read_write") -> bool:
    body = api.post(key, PLAN, {"id": plan}, scope=scope).json()
    return body["data"]["node"]["viewerMayPropose"]


def editable(api, key: str, initiative: str) -> list[str]:
    body = api.post(key, INITIATIVE, {"id": initiative}, scope="read_write").json()
    return body["data"]["node"]["editableFields"]


def test_a_role_in_the_plans_scope_may_propose(api):
    assert may_propose(api, "ben", INCIDENT_PLAN)  # a practitioner of Incident Management
    assert not may_propose(api, "ben", EMAIL_PLAN)
    assert not may_propose(api, "nora", INCIDENT_PLAN)  # holds no role
    assert may_propose(api, "priya", EMAIL_PLAN)


def test_a_read_only_token_may_neither_propose_nor_edit(api):
    assert not may_propose(api, "ben", INCIDENT_PLAN, scope="read")
    assert editable(api, "carlos", SWARMING)
    body = api.post("carlos", INITIATIVE, {"id": SWARMING}, scope="read").json()
    assert body["data"]["node"]["editableFields"] == []


def test_the_editable_fields_follow_the_state_and_the_role(api):
    assert editable(api, "carlos", SWARMING) == EVERYTHING  # proposed
    approved = editable(api, "carlos", TEMPLATES)
    assert "title" not in approved and "rationale" not in approved and "plannedEnd" in approved
    running = editable(api, "carlos", demo_id("Portal-based incident logging"))
    assert "plannedStart" not in running and "budgetRequested" not in running
    assert editable(api, "carlos", demo_id("Upgrade the incident resolution process")) == []
    assert editable(api, "nora", SWARMING) == []


def statements(api, query: str, variables: dict) -> int:
    """Statements sent for a query with a read-write token (read-only ones skip the checks)."""
    api.post("carlos", query, variables, scope="read_write")  # token issued, caches warm
    counter = StatementCounter(api.client)
    try:
        body = api.post("carlos", query, variables, scope="read_write").json()
    finally:
        counter.close()
    assert "errors" not in body
    return counter.count


def test_the_new_fields_cost_one_statement_whatever_the_rows(api):
    plans = "query($n: Int) { plans(first: $n) { nodes { id viewerMayPropose } } }"
    assert statements(api, plans, {"n": 2}) == statements(api, plans, {"n": 12})
    no_field = "query($n: Int) { plans(first: $n) { nodes { id } } }"
    assert statements(api, plans, {"n": 12}) == statements(api, no_field, {"n": 12}) + 1
    initiatives = "query($n: Int) { initiatives(first: $n) { nodes { id editableFields } } }"
    assert statements(api, initiatives, {"n": 2}) == statements(api, initiatives, {"n": 60})
