"""Initiatives in a test: finding demo initiatives in a given state and who may act on them,
and sending the initiative page's forms."""

from __future__ import annotations

import json
import re

from tests.support.clients import ApiClient
from tests.support.pages import csrf

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


def version(page: str) -> str:
    """The version an initiative page's forms send back."""
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def post(client, initiative: str, action: str, **fields):
    """Send one of the initiative page's action forms, as its page offers it."""
    page = client.get(f"/initiatives/{initiative}")
    data = {"csrf_token": csrf(page.text), "version": version(page.text), **fields}
    return client.post(
        f"/initiatives/{initiative}/actions/{action}", data=data,
        headers={"accept": "text/html"},
    )  # fmt: skip


def edit_form(client, initiative: str) -> dict:
    """The edit form's hidden fields and current values, as a browser would send them back."""
    page = client.get(f"/initiatives/{initiative}/edit")
    assert page.status_code == 200, page.text
    loaded = re.search(r'name="loaded" value="([^"]+)"', page.text).group(1)
    values = json.loads(loaded.replace("&#34;", '"').replace("&amp;", "&"))
    return {
        "csrf_token": csrf(page.text),
        "version": version(page.text),
        "loaded": json.dumps(values),
        **values,
    }
