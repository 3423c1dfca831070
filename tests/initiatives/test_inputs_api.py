"""Bad input gets a clear error naming the field, and changes nothing (the ApiClient checks
that every refused mutation leaves every table as it was)."""

from __future__ import annotations

import pytest

from schema.core.ids import to_global_id
from tests.support.initiatives import initiatives_in

PROPOSE = """mutation($input: ProposeInitiativeInput!) { proposeInitiative(input: $input) {
  initiative { id title } errors { field message code } } }"""


@pytest.fixture
def email_plan(api) -> str:
    plans = api.query("priya", "{ plans(first: 50) { nodes { id name } } }")["plans"]["nodes"]
    return next(p["id"] for p in plans if p["name"] == "E-mail improvement plan")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, ["input", "title"], "must not be empty"),
        ({"title": "x" * 201}, ["input", "title"], "must be at most 200 characters (got 201)"),
        ({"budgetRequested": "-5"}, ["input", "budgetRequested"], "must not be negative"),
        ({"budgetRequested": "1.005"}, ["input", "budgetRequested"],
         "must have at most two decimal places"),
        ({"currency": "euro"}, ["input", "currency"], "must be a three-letter ISO 4217 code"),
        ({"plannedStart": "2026-05-01", "plannedEnd": "2026-04-01"}, ["input", "plannedEnd"],
         "must not be before the planned start"),
        ({"ownerId": to_global_id("Person", 9999)}, ["input", "ownerId"],
         "no active person has this id"),
        ({"ownerId": to_global_id("Plan", 1)}, ["input", "ownerId"], "no person has this id"),
        ({"objectiveIds": [to_global_id("Objective", 9999)]}, ["input", "objectiveIds"],
         "no objective has the id number 9999"),
        ({"tags": ["ok", " "]}, ["input", "tags"], "tags must not be empty"),
    ],
)  # fmt: skip
def test_bad_fields_are_named_and_nothing_is_written(api, email_plan, changes, field, message):
    payload = api.mutate(
        "priya", PROPOSE, {"input": {"planId": email_plan, "title": "Good title", **changes}}
    )
    assert payload["initiative"] is None
    (error,) = payload["errors"]
    assert error["field"] == field
    assert message in error["message"]


def test_unknown_and_invisible_plans_are_both_not_found(api, email_plan):
    plans = api.query("ada", "{ plans(first: 50) { nodes { id kind } } }")["plans"]["nodes"]
    security = next(p["id"] for p in plans if p["kind"] == "SECURITY_IMPROVEMENT")
    for plan_id in (security, to_global_id("Plan", 9999), "garbage"):
        payload = api.mutate("priya", PROPOSE, {"input": {"planId": plan_id, "title": "x"}})
        assert payload["errors"][0]["code"] == "NOT_FOUND"
        assert payload["errors"][0]["field"] == ["input", "planId"]


def test_acting_on_a_hidden_initiative_answers_not_found_never_forbidden(api):
    hidden = api.query(
        "omar",
        "{ initiatives(first: 10, filter: {planKind: [SECURITY_IMPROVEMENT]}) { nodes { id "
        "version } } }",
    )["initiatives"]["nodes"][0]
    payload = api.mutate(
        "nora",
        f'mutation {{ cancelInitiative(input: {{id: "{hidden["id"]}", expectedVersion: '
        f'{hidden["version"]}, reason: "x"}}) {{ errors {{ field code message }} }} }}',
    )
    assert payload["errors"] == [
        {"field": ["input", "id"], "code": "NOT_FOUND", "message": "no initiative has this id"}
    ]


def test_missing_and_mistyped_fields_are_refused_before_anything_runs(api):
    body = api.post(
        "priya", "mutation { proposeInitiative(input: {title: 5}) { errors { code } } }"
    ).json()
    messages = " ".join(error["message"] for error in body["errors"])
    assert "planId" in messages and "String" in messages
    assert body.get("data") is None


def test_a_stale_edit_says_who_changed_what_and_writes_nothing(api):
    initiative = initiatives_in(api, "PROPOSED")[0]
    owner = initiative["owner"]["email"].split("@")[0]
    first = api.mutate(
        owner,
        f'mutation {{ updateInitiative(input: {{id: "{initiative["id"]}", expectedVersion: '
        f'{initiative["version"]}, description: "First edit"}}) {{ initiative {{ version }} '
        "errors { code } } }",
    )
    assert first["errors"] == []
    stale = api.mutate(
        owner,
        f'mutation {{ updateInitiative(input: {{id: "{initiative["id"]}", expectedVersion: '
        f'{initiative["version"]}, description: "Second edit"}}) {{ initiative {{ version }} '
        "errors { code message field } } }",
    )
    (error,) = stale["errors"]
    assert error["code"] == "CONFLICT" and error["field"] == ["input", "expectedVersion"]
    assert f"it is now version {initiative['version'] + 1}" in error["message"]
    assert "changed description" in error["message"]


def test_fields_locked_in_the_current_state_are_refused(api):
    initiative = initiatives_in(api, "IN_PROGRESS")[0]
    payload = api.mutate(
        initiative["owner"]["email"].split("@")[0],
        f'mutation {{ updateInitiative(input: {{id: "{initiative["id"]}", expectedVersion: '
        f'{initiative["version"]}, plannedStart: "2026-01-01"}}) {{ errors {{ field message }} '
        "} }",
    )
    assert payload["errors"] == [
        {"field": ["input", "plannedStart"],
         "message": "cannot be changed while the initiative is in progress"}
    ]  # fmt: skip


def test_status_updates_only_while_running_and_percent_in_range(api):
    running = initiatives_in(api, "IN_PROGRESS")[0]
    owner = running["owner"]["email"].split("@")[0]
    query = (
        "mutation($id: ID!, $p: Int!) { postStatusUpdate(input: {initiativeId: $id, "
        "health: ON_TRACK, percentComplete: $p}) { statusUpdate { percentComplete } "
        "errors { field code message } } }"
    )
    bad = api.mutate(owner, query, {"id": running["id"], "p": 101})
    assert bad["errors"][0]["field"] == ["input", "percentComplete"]
    good = api.mutate(owner, query, {"id": running["id"], "p": 55})
    assert good == {"statusUpdate": {"percentComplete": 55}, "errors": []}
    proposed = initiatives_in(api, "PROPOSED")[0]
    refused = api.mutate(
        proposed["owner"]["email"].split("@")[0], query, {"id": proposed["id"], "p": 10}
    )
    assert refused["errors"][0]["code"] == "INVALID_TRANSITION"


def test_a_budget_justification_that_is_too_long_is_named_as_the_justification(api):
    from tests.support.initiatives import initiative_owner, initiatives_in

    initiative = initiatives_in(api, "APPROVED")[0]
    payload = api.mutate(
        initiative_owner(initiative),
        """mutation($id: ID!, $version: Int!, $why: String!) { requestBudget(input: {id: $id,
          expectedVersion: $version, amount: "5000.00", justification: $why})
          { errors { field code } } }""",
        {"id": initiative["id"], "version": initiative["version"], "why": "x" * 2001},
    )
    assert payload["errors"] == [{"field": ["input", "justification"], "code": "INVALID"}]
