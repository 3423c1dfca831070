"""Every edge of the lifecycle, allowed and refused, through the GraphQL API.

The diagram is written out by hand from DOMAIN.md ("Lifecycle", "Who may do what"), one row
per arrow, not computed with the code under test (tests/support/lifecycle.py)."""

from __future__ import annotations

import pytest

from tests.support.initiatives import actor, initiatives_in
from tests.support.lifecycle import DIAGRAM, MUTATIONS, STATES, fire

ARROWS = {(state, action): target for state, action, target, _ in DIAGRAM}


def test_the_diagram_names_every_state_and_action_the_api_has(api):
    enums = api.query(
        "ada",
        '{ status: __type(name: "InitiativeStatus") { enumValues { name } } '
        'transition: __type(name: "Transition") { enumValues { name } } }',
    )
    assert {v["name"] for v in enums["status"]["enumValues"]} == set(STATES)
    actions = {v["name"] for v in enums["transition"]["enumValues"]}
    assert actions == set(MUTATIONS) == {action for _, action, _, _ in DIAGRAM}


@pytest.mark.parametrize("status", STATES)
def test_each_transition_from_each_state(api, status):
    candidates = initiatives_in(api, status)
    assert candidates, f"the demo has initiatives that are {status}"
    spare = iter(candidates[1:])  # the first stays put for the refusals
    for transition in MUTATIONS:
        if (status, transition) in ARROWS:
            initiative = next(spare)
            key = actor(initiative, transition)
            payload = fire(api, key, initiative, transition)
            assert payload["errors"] == [], (transition, payload)
            assert payload["initiative"]["status"] == ARROWS[status, transition]
            assert payload["initiative"]["version"] == initiative["version"] + 1
            event = payload["initiative"]["events"]["nodes"][0]
            assert (event["fromStatus"], event["toStatus"]) == (status, ARROWS[status, transition])
            assert event["actor"]["email"].startswith(key + "@")
        else:
            initiative = candidates[0]
            payload = fire(api, actor(initiative, transition), initiative, transition)
            assert payload["initiative"] is None
            (error,) = payload["errors"]
            assert error["code"] == "INVALID_TRANSITION", (transition, error)
            state = words(status)
            prefix = f"that is {state}; from {state} it can go to: "
            assert prefix in error["message"], error["message"]
            where = error["message"].split(prefix)[1].removesuffix(".")
            targets = {words(t) for (s, _), t in ARROWS.items() if s == status}
            assert set(where.split(", ")) == (targets or {"nowhere (it is closed)"}), where


def words(status: str) -> str:
    return status.lower().replace("_", " ")


def test_an_approved_initiative_that_asked_for_money_must_be_funded_before_it_starts(api):
    initiative = initiatives_in(api, "APPROVED")[0]
    owner = actor(initiative, "START")
    update = api.mutate(
        owner,
        f'mutation {{ updateInitiative(input: {{id: "{initiative["id"]}", expectedVersion: '
        f'{initiative["version"]}, budgetRequested: "12000"}}) {{ initiative {{ version '
        "availableTransitions } errors { message } } }",
    )
    assert "START" not in update["initiative"]["availableTransitions"]
    initiative["version"] = update["initiative"]["version"]
    refused = fire(api, owner, initiative, "START")
    assert refused["errors"][0]["code"] == "INVALID_TRANSITION"
    assert "before the budget is funded" in refused["errors"][0]["message"]


@pytest.mark.parametrize(
    ("status", "transition", "field"),
    [
        ("PROPOSED", "REJECT", "reason"),
        ("IN_PROGRESS", "HOLD", "reason"),
        ("APPROVED", "CANCEL", "reason"),
        ("BUDGET_REQUESTED", "REJECT_BUDGET", "reason"),
    ],
)
def test_reasons_are_required_where_the_domain_asks_for_them(api, status, transition, field):
    initiative = initiatives_in(api, status)[0]
    name, extra = MUTATIONS[transition]
    extra = ", ".join(part for part in extra.split(", ") if not part.startswith("reason"))
    arguments = f'id: "{initiative["id"]}", expectedVersion: {initiative["version"]}'
    arguments += f", {extra}" if extra else ""
    arguments += ', reason: "  "' if "reason" in MUTATIONS[transition][1] else ""
    payload = api.mutate(
        actor(initiative, transition),
        f"mutation {{ {name}(input: {{{arguments}}}) {{ errors {{ field message code }} }} }}",
    )
    assert payload["errors"][0]["field"] == ["input", field]
    assert payload["errors"][0]["message"].startswith("a reason is required")


def test_a_budget_cannot_be_funded_above_the_request(api):
    initiative = initiatives_in(api, "BUDGET_REQUESTED")[0]
    requested = initiative["budgetRequested"]
    payload = api.mutate(
        "margaret",
        f'mutation {{ decideBudget(input: {{id: "{initiative["id"]}", expectedVersion: '
        f'{initiative["version"]}, approve: true, amount: "{float(requested) + 1:.2f}"}}) '
        "{ errors { field message code } } }",
    )
    assert payload["errors"][0]["field"] == ["input", "amount"]
    assert f"must not exceed the {requested} EUR requested" in payload["errors"][0]["message"]


def test_a_rejected_budget_returns_the_initiative_to_approved_with_the_decision_kept(api):
    initiative = initiatives_in(api, "BUDGET_REQUESTED")[0]
    payload = fire(api, "margaret", initiative, "REJECT_BUDGET")
    assert payload["initiative"]["status"] == "APPROVED"
    requests = api.query(
        "margaret",
        f'{{ node(id: "{initiative["id"]}") {{ ... on Initiative {{ budgetRequests(first: 5) '
        "{ nodes { status decisionReason decidedBy { name } } } } } }",
    )["node"]["budgetRequests"]["nodes"]
    assert requests[-1] == {
        "status": "REJECTED", "decisionReason": "No money this year",
        "decidedBy": {"name": "Margaret Okafor"},
    }  # fmt: skip
