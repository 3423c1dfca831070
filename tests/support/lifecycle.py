"""The lifecycle diagram, written out by hand from DOMAIN.md ("Lifecycle", "Who may do what"),
one row per arrow, not computed with the code under test; and firing a step through the API.
Used by the lifecycle tests through the API (tests/initiatives) and by the rule tests."""

from __future__ import annotations

PLAN_OWNER = "the plan's owner role (strategic: the steering committee)"
STEERING = "the steering committee"
WORKERS = "the initiative's owner or the plan's maintainers"

STATES = [
    "PROPOSED", "APPROVED", "BUDGET_REQUESTED", "FUNDED", "IN_PROGRESS", "ON_HOLD",
    "COMPLETED", "REJECTED", "CANCELLED",
]  # fmt: skip
DIAGRAM = [
    # state, action, next state, who may fire it
    ("PROPOSED", "APPROVE", "APPROVED", PLAN_OWNER),
    ("PROPOSED", "REJECT", "REJECTED", PLAN_OWNER),
    ("PROPOSED", "CANCEL", "CANCELLED", WORKERS),
    ("APPROVED", "REQUEST_BUDGET", "BUDGET_REQUESTED", WORKERS),
    ("APPROVED", "START", "IN_PROGRESS", WORKERS),  # when no budget was asked for
    ("APPROVED", "CANCEL", "CANCELLED", WORKERS),
    ("BUDGET_REQUESTED", "FUND", "FUNDED", STEERING),
    ("BUDGET_REQUESTED", "REJECT_BUDGET", "APPROVED", STEERING),
    ("BUDGET_REQUESTED", "CANCEL", "CANCELLED", WORKERS),
    ("FUNDED", "START", "IN_PROGRESS", WORKERS),
    ("FUNDED", "CANCEL", "CANCELLED", WORKERS),
    ("IN_PROGRESS", "HOLD", "ON_HOLD", WORKERS),
    ("IN_PROGRESS", "COMPLETE", "COMPLETED", WORKERS),
    ("IN_PROGRESS", "CANCEL", "CANCELLED", WORKERS),
    ("ON_HOLD", "RESUME", "IN_PROGRESS", WORKERS),
    ("ON_HOLD", "CANCEL", "CANCELLED", WORKERS),
]  # completed, rejected and cancelled work goes nowhere

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
