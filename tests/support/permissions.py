"""The permission table (DOMAIN.md, "Who may do what"), written out by hand, person by person,
from the demo's role assignments, not computed with the code under test."""

from __future__ import annotations

from server.demo import content

PEOPLE = [key for key, *_ in content.PEOPLE]
PLANS = [key for key, *_ in content.PLANS]
PLAN_NAMES = {key: name for key, _, name, _, _ in content.PLANS}
UNSCOPED = {"strategic", "security", "continuity", "skills"}
CLEARED = {"margaret", "tom", "omar", "ada"}  # see the confidential security plan

PROPOSES_IN_SCOPED = {
    "priya": {"sip_email", "sip_collab"},
    "jonas": {"sip_desk", "sip_network"},
    "lena": {"sip_cloud", "sip_iam"},
    "carlos": {"pip_incident", "pip_problem"},
    "hana": {"pip_change", "pip_incident"},
    "ben": {"pip_change", "pip_incident"},
}
OWNS = {
    "margaret": {"strategic"},
    "tom": {"strategic"},
    "priya": {"sip_email", "sip_collab"},
    "jonas": {"sip_desk", "sip_network"},
    "lena": {"sip_cloud", "sip_iam"},
    "carlos": {"pip_incident", "pip_problem"},
    "hana": {"pip_change"},
    "omar": {"security"},
    "grace": {"continuity"},
    "elena": {"skills"},
}
MAINTAINS = {**OWNS, "ada": {"strategic"}}
STEERING = {"margaret", "tom"}


def sees(person: str, plan: str) -> bool:
    return plan != "security" or person in CLEARED


def may_propose(person: str, plan: str) -> bool:
    if person == "nora" or not sees(person, plan):
        return False
    return plan in UNSCOPED or plan in PROPOSES_IN_SCOPED.get(person, set())
