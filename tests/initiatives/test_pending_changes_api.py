"""Changing what was approved sends the change back to the approver (DOMAIN.md): a new budget
for funded or running work waits for the steering committee, a new target for a metric that
judges approved work waits for that work's approver; until then the approved value stays."""

from __future__ import annotations

from schema.core.ids import to_global_id

PROPOSE = """mutation($input: ProposeBudgetChangeInput!) { proposeBudgetChange(input: $input) {
  pendingChange { id kind status budgetBefore budgetAfter currency reason
    requestedBy { name } initiative { title budgetApproved } }
  errors { field code message } } }"""
DECIDE = """mutation($input: DecidePendingChangeInput!) { decidePendingChange(input: $input) {
  pendingChange { id status decisionReason decidedBy { name } }
  errors { field code message } } }"""
UPDATE_METRIC = """mutation($input: UpdateMetricInput!) { updateMetric(input: $input) {
  metric { targetValue description pendingChanges { id kind targetBefore targetAfter } }
  errors { field code message } } }"""
INITIATIVE = """query($id: ID!) { node(id: $id) { ... on Initiative { budgetApproved version
  pendingChanges { id kind budgetAfter targetAfter viewerMayDecide metric { name } } } } }"""
METRIC = """query($id: ID!) { node(id: $id) { ... on Metric { targetValue
  pendingChanges { id targetAfter viewerMayDecide } } } }"""
TO_DECIDE = (
    """{ viewer { work { changesToDecide(first: 10) { totalCount nodes { id kind } } } } }"""
)

MAIL_ROUTING = "Upgrade the mail routing cluster"  # Priya's, in progress, funded
PORTAL = "Introduce a self-service portal"  # strategic, in progress
ADOPTION = "Self-service adoption"  # Ada's metric of the portal


def as_writer(api, key: str, query: str, variables: dict) -> dict:
    """A query sent with a read-write token: `viewerMayDecide` is false for read-only ones."""
    body = api.post(key, query, variables, scope="read_write").json()
    assert "errors" not in body, body
    return body["data"]


def initiative_id(api, title: str) -> str:
    query = "query($s: String) { initiatives(filter: {search: $s}) { nodes { id } } }"
    found = api.query("ada", query, {"s": title})
    return found["initiatives"]["nodes"][0]["id"]


def metric_id(api, name: str) -> str:
    query = "query($s: String) { metrics(filter: {search: $s}) { nodes { id } } }"
    found = api.query("ada", query, {"s": name})
    return found["metrics"]["nodes"][0]["id"]


def propose(api, key: str, initiative: str, amount: str, reason: str = "Two more nodes") -> dict:
    return api.mutate(
        key, PROPOSE, {"input": {"initiativeId": initiative, "amount": amount, "reason": reason}}
    )


def decide(api, key: str, change: str, accept: bool, reason: str | None = None) -> dict:
    return api.mutate(key, DECIDE, {"input": {"id": change, "accept": accept, "reason": reason}})


def test_a_new_budget_waits_for_the_steering_committee_then_takes_effect(api):
    routing = initiative_id(api, MAIL_ROUTING)
    before = api.query("priya", INITIATIVE, {"id": routing})["node"]
    proposed = propose(api, "priya", routing, "72000")
    assert proposed["errors"] == []
    change = proposed["pendingChange"]
    assert change["kind"] == "BUDGET" and change["status"] == "PENDING"
    assert (
        change["budgetBefore"] == before["budgetApproved"] and change["budgetAfter"] == "72000.00"
    )
    assert change["initiative"]["budgetApproved"] == before["budgetApproved"]  # still in force
    assert change["requestedBy"] == {"name": "Priya Raman"}

    waiting = as_writer(api, "priya", INITIATIVE, {"id": routing})["node"]
    assert [c["id"] for c in waiting["pendingChanges"]] == [change["id"]]
    assert waiting["pendingChanges"][0]["viewerMayDecide"] is False
    assert as_writer(api, "margaret", INITIATIVE, {"id": routing})["node"]["pendingChanges"][0][
        "viewerMayDecide"
    ]
    read_only = api.query("margaret", INITIATIVE, {"id": routing})["node"]["pendingChanges"]
    assert read_only[0]["viewerMayDecide"] is False
    work = api.query("margaret", TO_DECIDE)["viewer"]["work"]["changesToDecide"]
    assert {"id": change["id"], "kind": "BUDGET"} in work["nodes"]
    assert api.query("priya", TO_DECIDE)["viewer"]["work"]["changesToDecide"]["totalCount"] == 0

    accepted = decide(api, "margaret", change["id"], True)
    assert accepted["errors"] == [] and accepted["pendingChange"]["status"] == "ACCEPTED"
    assert accepted["pendingChange"]["decidedBy"] == {"name": "Margaret Okafor"}
    after = api.query("priya", INITIATIVE, {"id": routing})["node"]
    assert after["budgetApproved"] == "72000.00" and after["pendingChanges"] == []
    assert after["version"] == before["version"] + 1
    again = decide(api, "margaret", change["id"], False, "Too late")
    assert again["errors"][0]["code"] == "INVALID_TRANSITION"
    assert again["errors"][0]["message"] == "This change was accepted already."


def test_a_rejected_budget_change_needs_a_reason_and_changes_nothing(api):
    routing = initiative_id(api, MAIL_ROUTING)
    before = api.query("priya", INITIATIVE, {"id": routing})["node"]
    change = propose(api, "priya", routing, "90000")["pendingChange"]
    no_reason = decide(api, "margaret", change["id"], False, "  ")
    assert no_reason["errors"] == [
        {"field": ["input", "reason"], "code": "INVALID", "message": "must not be empty"}
    ]
    rejected = decide(api, "margaret", change["id"], False, "Use the spare nodes")
    assert rejected["pendingChange"]["status"] == "REJECTED"
    assert rejected["pendingChange"]["decisionReason"] == "Use the spare nodes"
    after = api.query("priya", INITIATIVE, {"id": routing})["node"]
    assert after["budgetApproved"] == before["budgetApproved"] and after["pendingChanges"] == []


def test_budget_changes_are_refused_with_the_reason(api):
    routing = initiative_id(api, MAIL_ROUTING)
    proposed_one = initiative_id(api, "Shorten mailbox provisioning to one hour")
    first = propose(api, "priya", routing, "72000")["pendingChange"]
    cases = [
        ("priya", routing, "73000", "x", "a change of budget to 72000.00 EUR waits for the "
         "steering committee already; it is decided first"),
        ("priya", proposed_one, "1000", "x", "The budget of an initiative that is proposed is "
         "not an approved budget: before funding, request a budget; closed work keeps its "
         "budget."),
        ("nora", routing, "1000", "x", "Your roles do not allow you to change this "
         "initiative's budget (its owner and the plan's owner may)."),
        ("priya", routing, "-5", "x", "must be more than 0"),
    ]  # fmt: skip
    for key, initiative, amount, reason, message in cases:
        refused = propose(api, key, initiative, amount, reason)
        assert refused["pendingChange"] is None
        assert refused["errors"][0]["message"] == message, key
    nobody = decide(api, "priya", first["id"], True)
    assert nobody["errors"][0]["code"] == "FORBIDDEN"
    missing = decide(api, "margaret", to_global_id("PendingChange", 999), True)
    assert missing["errors"][0]["code"] == "NOT_FOUND"


def test_the_steering_committee_changing_a_budget_decides_it_at_once(api):
    portal = initiative_id(api, PORTAL)
    done = propose(api, "margaret", portal, "500000", "Second rollout wave")
    assert done["pendingChange"]["status"] == "ACCEPTED"
    assert api.query("margaret", INITIATIVE, {"id": portal})["node"]["budgetApproved"] == (
        "500000.00"
    )


def test_a_new_target_for_a_metric_judging_approved_work_waits_for_its_approver(api):
    adoption = metric_id(api, ADOPTION)
    before = api.query("ada", METRIC, {"id": adoption})["node"]
    changed = api.mutate(
        "ada", UPDATE_METRIC,
        {"input": {"id": adoption, "targetValue": 55, "description": "Share of requests"}},
    )  # fmt: skip
    assert changed["errors"] == []
    metric = changed["metric"]
    assert metric["targetValue"] == before["targetValue"]  # the approved target stays
    assert metric["description"] == "Share of requests"  # the rest changes now
    (change,) = metric["pendingChanges"]
    assert change["kind"] == "TARGET"
    assert change["targetBefore"] == before["targetValue"] and change["targetAfter"] == 55

    portal = as_writer(api, "margaret", INITIATIVE, {"id": initiative_id(api, PORTAL)})["node"]
    assert [(c["kind"], c["targetAfter"], c["metric"]["name"], c["viewerMayDecide"])
            for c in portal["pendingChanges"]] == [("TARGET", 55, ADOPTION, True)]  # fmt: skip
    mine = as_writer(api, "ada", METRIC, {"id": adoption})["node"]["pendingChanges"]
    assert mine[0]["viewerMayDecide"] is False

    second = api.mutate("ada", UPDATE_METRIC, {"input": {"id": adoption, "targetValue": 60}})
    assert second["errors"][0]["field"] == ["input", "targetValue"]
    assert "a change of target to 55 waits for approval already" in second["errors"][0]["message"]
    accepted = decide(api, "margaret", change["id"], True)
    assert accepted["errors"] == []
    after = api.query("ada", METRIC, {"id": adoption})["node"]
    assert after == {"targetValue": 55, "pendingChanges": []}


def test_a_metric_judging_no_approved_work_changes_its_target_at_once(api):
    spam = metric_id(api, "Spam reaching inboxes")
    changed = api.mutate("priya", UPDATE_METRIC, {"input": {"id": spam, "targetValue": 0.5}})
    assert changed["metric"]["targetValue"] == 0.5
    assert changed["metric"]["pendingChanges"] == []


def test_pending_changes_of_many_initiatives_cost_a_fixed_number_of_statements(api):
    from tests.support.clients import statements

    portal = initiative_id(api, PORTAL)  # the first initiative: in both pages below
    assert propose(api, "ada", portal, "520000")["pendingChange"]["status"] == "PENDING"
    api.mutate("ada", UPDATE_METRIC, {"input": {"id": metric_id(api, ADOPTION), "targetValue": 55}})
    query = """query($n: Int) { initiatives(first: $n) { nodes { title pendingChanges {
      kind budgetAfter viewerMayDecide requestedBy { name } metric { name } } } } }"""
    assert statements(api, query, {"n": 1}) == statements(api, query, {"n": 60})


COMPLETE = """mutation($input: CompleteInitiativeInput!) { completeInitiative(input: $input) {
  errors { message } } }"""
CANCEL = """mutation($input: CancelInitiativeInput!) { cancelInitiative(input: $input) {
  errors { message } } }"""
CHANGE = """query($id: ID!) { node(id: $id) { ... on PendingChange { status decisionReason
  decidedBy { name } } } }"""


def test_completing_the_work_rejects_a_budget_change_still_waiting(api):
    routing = initiative_id(api, MAIL_ROUTING)
    budget = propose(api, "priya", routing, "72000")["pendingChange"]
    before = api.query("priya", INITIATIVE, {"id": routing})["node"]
    done = api.mutate(
        "priya", COMPLETE,
        {"input": {"id": routing, "expectedVersion": before["version"], "outcome": "ACHIEVED"}},
    )  # fmt: skip
    assert done["errors"] == []
    assert api.query("ada", CHANGE, {"id": budget["id"]})["node"] == {
        "status": "REJECTED",
        "decisionReason": "The initiative was completed before the change was decided.",
        "decidedBy": None,
    }
    after = api.query("priya", INITIATIVE, {"id": routing})["node"]
    assert after["budgetApproved"] == before["budgetApproved"] and after["pendingChanges"] == []


def test_a_held_target_applies_once_no_approved_work_is_judged_by_it(api):
    adoption = metric_id(api, ADOPTION)  # judges only the portal
    held = api.mutate("ada", UPDATE_METRIC, {"input": {"id": adoption, "targetValue": 55}})
    (change,) = held["metric"]["pendingChanges"]
    portal = initiative_id(api, PORTAL)
    version = api.query("ada", INITIATIVE, {"id": portal})["node"]["version"]
    cancelled = api.mutate(
        "ada", CANCEL,
        {"input": {"id": portal, "expectedVersion": version, "reason": "Bought a product"}},
    )  # fmt: skip
    assert cancelled["errors"] == []
    settled = api.query("ada", CHANGE, {"id": change["id"]})["node"]
    assert settled["status"] == "ACCEPTED" and settled["decisionReason"].startswith(
        "No approved work is judged by this metric any more"
    )
    assert api.query("ada", METRIC, {"id": adoption})["node"] == {
        "targetValue": 55,
        "pendingChanges": [],
    }
