"""Finding demo initiatives in a given state, and who may act on them."""

from __future__ import annotations

from tests.conftest import ApiClient

UNSCOPED_OWNERS = {
    "STRATEGIC": "margaret",
    "SECURITY_IMPROVEMENT": "omar",
    "CONTINUITY_IMPROVEMENT": "grace",
    "SKILL_DEVELOPMENT": "elena",
}
FIELDS = """id title status version budgetRequested owner { email }
  plan { name kind service { owner { email } } process { owner { email } } }"""


def initiatives_in(api: ApiClient, status: str) -> list[dict]:
    query = (
        f"{{ initiatives(first: 100, filter: {{status: [{status}]}}) {{ nodes {{ {FIELDS} }} }} }}"
    )
    return api.query("ada", query)["initiatives"]["nodes"]


def key_of(email: str) -> str:
    return email.split("@")[0]


def plan_owner(initiative: dict) -> str:
    plan = initiative["plan"]
    if plan["kind"] in UNSCOPED_OWNERS:
        return UNSCOPED_OWNERS[plan["kind"]]
    scope = plan["service"] or plan["process"]
    return key_of(scope["owner"]["email"])


def initiative_owner(initiative: dict) -> str:
    return key_of(initiative["owner"]["email"])


def actor(initiative: dict, transition: str) -> str:
    """A demo person whose roles allow this transition on this initiative."""
    if transition in ("APPROVE", "REJECT"):
        return plan_owner(initiative)
    if transition in ("FUND", "REJECT_BUDGET"):
        return "margaret"
    return initiative_owner(initiative)
