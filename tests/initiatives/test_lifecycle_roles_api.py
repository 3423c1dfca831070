"""Who may fire each step of the lifecycle, through the API: the people the diagram names are
offered the step, everyone else is refused it with nothing written, and every step refuses a
stale version. The expectations come from the literal tables in tests/support (lifecycle.py
and permissions.py: the demo's role assignments), not from the code under test."""

from __future__ import annotations

import pytest

from tests.support.initiatives import initiative_owner, initiatives_in
from tests.support.lifecycle import (
    DIAGRAM,
    PLAN_OWNER,
    STATES,
    STEERING,
    WORKERS,
    fire,
)
from tests.support.permissions import MAINTAINS, OWNS, PEOPLE, PLAN_NAMES, sees
from tests.support.permissions import STEERING as COMMITTEE

PLAN_KEYS = {name: key for key, name in PLAN_NAMES.items()}
ROW_IDS = [f"{state}-{action}" for state, action, _, _ in DIAGRAM]
STATE_OF = """query($id: ID!) { node(id: $id) { ... on Initiative { status version
  events(first: 100) { totalCount } } } }"""


def plan_key(initiative: dict) -> str:
    return PLAN_KEYS[initiative["plan"]["name"]]


def may_fire(person: str, who: str, initiative: dict) -> bool:
    plan = plan_key(initiative)
    if not sees(person, plan):
        return False
    if who == PLAN_OWNER:
        return plan in OWNS.get(person, set())
    if who == STEERING:
        return person in COMMITTEE
    assert who == WORKERS
    return person == initiative_owner(initiative) or plan in MAINTAINS.get(person, set())


def state_of(api, initiative: dict) -> dict:
    return api.query("ada", STATE_OF, {"id": initiative["id"]})["node"]


@pytest.mark.parametrize("status", STATES)
def test_each_person_is_offered_the_steps_their_roles_allow(api, status):
    initiative = initiatives_in(api, status)[0]
    for person in PEOPLE:
        body = api.post(
            person,
            "query($id: ID!) { node(id: $id) { ... on Initiative { availableTransitions } } }",
            {"id": initiative["id"]},
            scope="read_write",
        ).json()
        node = body["data"]["node"]
        if not sees(person, plan_key(initiative)):
            assert node is None, person
            continue
        expected = {
            action
            for state, action, _, who in DIAGRAM
            if state == status and may_fire(person, who, initiative)
        }
        if status == "APPROVED" and float(initiative["budgetRequested"] or 0) > 0:
            expected.discard("START")  # it asked for money: the budget is decided first
        assert set(node["availableTransitions"]) == expected, (person, status)


@pytest.mark.parametrize(("status", "action", "target", "who"), DIAGRAM, ids=ROW_IDS)
def test_every_step_is_refused_to_whoever_lacks_the_role(api, status, action, target, who):
    initiative = initiatives_in(api, status)[0]
    before = state_of(api, initiative)
    refused = [person for person in PEOPLE if not may_fire(person, who, initiative)]
    assert refused, "someone lacks the role"
    for person in refused:
        payload = fire(api, person, initiative, action)  # the ApiClient compares every table
        assert payload["initiative"] is None, (person, payload)
        (error,) = payload["errors"]
        expected = "FORBIDDEN" if sees(person, plan_key(initiative)) else "NOT_FOUND"
        assert error["code"] == expected, (person, action, error)
        if expected == "FORBIDDEN":
            verb = action.lower().replace("_", " ")
            assert error["message"] == f"Your roles do not allow you to {verb} this initiative."
    assert state_of(api, initiative) == before
    allowed = next(p for p in PEOPLE if may_fire(p, who, initiative))
    if status == "APPROVED" and action == "START":
        initiative = _without_budget(api, allowed, initiative)
    payload = fire(api, allowed, initiative, action)
    assert payload["errors"] == [] and payload["initiative"]["status"] == target, payload


@pytest.mark.parametrize(("status", "action", "target", "who"), DIAGRAM, ids=ROW_IDS)
def test_every_step_refuses_a_stale_version(api, status, action, target, who):
    initiative = initiatives_in(api, status)[0]
    person = next(p for p in PEOPLE if may_fire(p, who, initiative))
    before = state_of(api, initiative)
    for stale in (initiative["version"] - 1, initiative["version"] + 1):
        payload = fire(api, person, {**initiative, "version": stale}, action)
        assert payload["initiative"] is None
        (error,) = payload["errors"]
        assert (error["code"], error["field"]) == ("CONFLICT", ["input", "expectedVersion"])
        assert (
            f"you had version {stale}, it is now version {initiative['version']}"
            in (error["message"])
        )
    assert state_of(api, initiative) == before


def _without_budget(api, person: str, initiative: dict) -> dict:
    """An approved initiative that asked for no money may start."""
    if not float(initiative["budgetRequested"] or 0):
        return initiative
    payload = api.mutate(
        person,
        "mutation($id: ID!, $v: Int!) { updateInitiative(input: {id: $id, expectedVersion: $v, "
        "budgetRequested: null}) { initiative { version } errors { code } } }",
        {"id": initiative["id"], "v": initiative["version"]},
    )
    assert payload["errors"] == [], payload
    return {**initiative, "version": payload["initiative"]["version"]}
