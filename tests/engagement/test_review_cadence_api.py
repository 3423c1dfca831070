"""How often a service is reviewed and when next: set by its owner (or an administrator); a
review within two weeks or past its date shows in the owner's My work, the overdue flagged."""

from __future__ import annotations

from datetime import date, timedelta

from server.domain.engagement.review_cadence import after
from server.models.enums import ReviewCadence
from tests.support.demo import service_id

SET = """mutation($input: SetServiceReviewCadenceInput!) { setServiceReviewCadence(input: $input)
  { service { reviewCadence nextReviewOn reviewOverdue } errors { field code message } } }"""
DUE = """{ viewer { work { reviewsDue(first: 10) { totalCount nodes { name nextReviewOn
  reviewOverdue } } } } }"""


def test_the_owner_sees_reviews_due_with_the_overdue_first(api):
    due = api.query("jonas", DUE)["viewer"]["work"]["reviewsDue"]
    assert [(n["name"], n["reviewOverdue"]) for n in due["nodes"]] == [("Service Desk", True)]
    priya = api.query("priya", DUE)["viewer"]["work"]["reviewsDue"]["nodes"]
    assert [(n["name"], n["reviewOverdue"]) for n in priya] == [("E-mail", False)]
    assert api.query("nora", DUE)["viewer"]["work"]["reviewsDue"]["totalCount"] == 0


def test_the_owner_plans_reviews_and_nobody_else_may(api):
    collab = service_id("collab")
    planned = api.mutate("priya", SET, {"input": {"serviceId": collab, "cadence": "QUARTERLY"}})
    assert planned["errors"] == []
    expected = after(date.today(), ReviewCadence.QUARTERLY).isoformat()
    assert planned["service"] == {
        "reviewCadence": "QUARTERLY", "nextReviewOn": expected, "reviewOverdue": False,
    }  # fmt: skip
    soon = (date.today() + timedelta(days=3)).isoformat()
    moved = api.mutate(
        "priya", SET, {"input": {"serviceId": collab, "cadence": "MONTHLY", "nextReviewOn": soon}}
    )
    assert moved["service"]["nextReviewOn"] == soon
    due = api.query("priya", DUE)["viewer"]["work"]["reviewsDue"]["nodes"]
    assert "Collaboration" in {n["name"] for n in due}
    for person in ("jonas", "nora", "sam"):
        refused = api.mutate(person, SET, {"input": {"serviceId": collab, "cadence": "YEARLY"}})
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
    far = api.mutate(
        "ada", SET,
        {"input": {"serviceId": collab, "cadence": "YEARLY", "nextReviewOn": "2999-01-01"}},
    )  # fmt: skip
    assert far["errors"] == [
        {"field": ["input", "nextReviewOn"], "code": "INVALID",
         "message": "must be within two years of today"}
    ]  # fmt: skip
    dateless = api.mutate(
        "ada", SET, {"input": {"serviceId": collab, "cadence": None, "nextReviewOn": soon}}
    )
    assert dateless["errors"][0]["field"] == ["input", "nextReviewOn"]
    stopped = api.mutate("ada", SET, {"input": {"serviceId": collab, "cadence": None}})
    assert stopped["service"] == {
        "reviewCadence": None,
        "nextReviewOn": None,
        "reviewOverdue": False,
    }


def test_one_interval_later_keeps_within_the_month():
    assert after(date(2026, 11, 30), ReviewCadence.QUARTERLY) == date(2027, 2, 28)
    assert after(date(2026, 1, 31), ReviewCadence.MONTHLY) == date(2026, 2, 28)
    assert after(date(2026, 12, 15), ReviewCadence.YEARLY) == date(2027, 12, 15)
    assert after(date(2026, 8, 31), ReviewCadence.HALF_YEARLY) == date(2027, 2, 28)
