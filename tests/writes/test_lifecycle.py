"""Every edge of the lifecycle, allowed and refused, through the GraphQL API."""

from __future__ import annotations

import pytest

from server.domain.lifecycle import EDGES, Transition
from server.models.enums import InitiativeStatus
from tests.writes.helpers import actor, initiatives_in

MUTATIONS = {
    "APPROVE": ("approveInitiative", ""),
    "REJECT": ("rejectInitiative", 'reason: "Not now"'),
    "REQUEST_BUDGET": ("requestBudget", 'amount: "5000.00", justification: "Two quotes"'),
    "FUND": ("decideBudget", "approve: true"),
    "REJECT_BUDGET": ("decideBudget", 'approve: false, reason: "No money this year"'),
    "START": ("startInitiative", ""),
    "HOLD": ("holdInitiative", 'reason: "Supplier delay"'),
    "RESUME": ("resumeInitiative", ""),
    "COMPLETE": ("completeInitiative", 'outcome: ACHIEVED, note: "Done"'),
    "CANCEL": ("cancelInitiative", 'reason: "Superseded"'),
}
TARGET = {t.value.upper(): EDGES[t].target.value.upper() for t in Transition}


def fire(api, key: str, initiative: dict, transition: str) -> dict:
    name, extra = MUTATIONS[transition]
    arguments = f'id: "{initiative["id"]}", expectedVersion: {initiative["version"]}'
    if extra:
        arguments += ", " + extra
    query = (
        f"mutation {{ {name}(input: {{{arguments}}}) {{ initiative {{ status version "
        "events(last: 1) { nodes { fromStatus toStatus reason actor { email } } } } "
        "errors { field message code } } }"
    )
    return api.mutate(key, query)


def drawn(status: str, transition: str) -> bool:
    edge = EDGES[Transition(transition.lower())]
    return InitiativeStatus(status.lower()) in edge.sources


STATES = [s.value.upper() for s in InitiativeStatus]


@pytest.mark.parametrize("status", STATES)
def test_each_transition_from_each_state(api, status):
    candidates = initiatives_in(api, status)
    assert candidates, f"the demo has initiatives that are {status}"
    spare = iter(candidates[1:])  # the first stays put for the refusals
    for transition in MUTATIONS:
        if drawn(status, transition):
            initiative = next(spare)
            key = actor(initiative, transition)
            payload = fire(api, key, initiative, transition)
            assert payload["errors"] == [], (transition, payload)
            assert payload["initiative"]["status"] == TARGET[transition]
            assert payload["initiative"]["version"] == initiative["version"] + 1
            event = payload["initiative"]["events"]["nodes"][0]
            assert (event["fromStatus"], event["toStatus"]) == (status, TARGET[transition])
            assert event["actor"]["email"].startswith(key + "@")
        else:
            initiative = candidates[0]
            payload = fire(api, actor(initiative, transition), initiative, transition)
            assert payload["initiative"] is None
            (error,) = payload["errors"]
            assert error["code"] == "INVALID_TRANSITION", (transition, error)
            state = status.lower().replace("_", " ")
            assert f"that is {state}; from {state} it can go to:" in error["message"]


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
