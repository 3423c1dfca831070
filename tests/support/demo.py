"""The demo organisation as the tests know it: who signs in, and the global ids of the things
the tests open, found from the demo's content (their rows are numbered in that order)."""

from __future__ import annotations

from schema.core.ids import to_global_id
from server.demo import content

DEMO_PASSWORD = "steward-demo"


def demo_email(key: str) -> str:
    return f"{key}@harbour-it.example"


def demo_id(title: str) -> str:
    """An initiative's global id, by its title."""
    return to_global_id("Initiative", [s[1] for s in content.INITIATIVES].index(title) + 1)


def person_id(key: str) -> str:
    return to_global_id("Person", [person[0] for person in content.PEOPLE].index(key) + 1)


def plan_id(key: str) -> str:
    return to_global_id("Plan", [p[0] for p in content.PLANS].index(key) + 1)


def metric_id(name: str) -> str:
    return to_global_id("Metric", [spec[1] for spec in content.METRICS].index(name) + 1)


def objective_id(title: str) -> str:
    return to_global_id("Objective", [o[3] for o in content.OBJECTIVES].index(title) + 1)


STRATEGIC = to_global_id("Plan", 1)
INCIDENT_PLAN = plan_id("pip_incident")
EMAIL_PLAN = plan_id("sip_email")

SHORTEN = demo_id("Shorten mailbox provisioning to one hour")  # proposed, E-mail plan (Priya)
SWARMING = demo_id("Swarming instead of tiers")  # proposed, Incident Management (Carlos)
TEMPLATES = demo_id("Major incident communication templates")  # approved (Carlos)
MAIL_ROUTING = demo_id("Upgrade the mail routing cluster")  # Priya's, in progress, 60,000 approved

EMAIL_METRIC = metric_id("E-mail availability")  # owned by Priya
MTTR_METRIC = metric_id("Mean time to restore")  # owned by Carlos


def suggestion_id(title: str) -> str:
    """A demo suggestion's global id, by its title."""
    return to_global_id("Suggestion", [s[1] for s in content.SUGGESTIONS].index(title) + 1)


def stakeholder_id(name: str) -> str:
    """A demo stakeholder's global id, by its name."""
    return to_global_id("Stakeholder", [s[0] for s in content.STAKEHOLDERS].index(name) + 1)


def service_id(key: str) -> str:
    """A demo service's global id, by its key (`desk`, `email`, …)."""
    return to_global_id("Service", [s[0] for s in content.SERVICES].index(key) + 1)


def satisfaction_metrics() -> dict[str, str]:
    """The demo's satisfaction metrics (computed from feedback), by service key: their names."""
    names = {key: name for key, name, *_ in content.SERVICES}
    return {key: f"Stakeholder satisfaction: {names[key]}" for key, *_ in content.FEEDBACK_TRENDS}


def process_id(key: str) -> str:
    """A demo process's global id, by its key."""
    return to_global_id("Process", [p[0] for p in content.PROCESSES].index(key) + 1)
