"""Viewer.work: what awaits a person, decided by the permission rules and kept live."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from schema.core.ids import to_global_id
from server.db import make_async_engine
from server.demo import content
from server.domain.core.permissions import Action, can
from server.domain.people.authentication import load_viewer
from server.models import Initiative, Person, Plan
from server.models.enums import InitiativeStatus
from tests.support.clients import run_async
from tests.support.demo import demo_email

WORK = """query { viewer { work {
  toApprove(first: 100) { totalCount nodes { id title } }
  budgetRequestsToDecide(first: 100) { totalCount nodes { id initiative { id title } } }
  initiativesWithoutUpdate(first: 100) { totalCount nodes { id title } }
  metricsDue(first: 100) { totalCount nodes { id name } }
} } }"""
PEOPLE = [person[0] for person in content.PEOPLE]


def work(api, key: str) -> dict:
    return api.query(key, WORK)["viewer"]["work"]


def titles(section: dict) -> list[str]:
    return [node.get("title") or node.get("name") for node in section["nodes"]]


def approvable_by_the_rule(url: str, key: str) -> set[str]:
    """The proposed initiatives `permissions.can` lets this person approve, checked one by one."""

    async def find() -> set[str]:
        engine = make_async_engine(url, pooled=False)
        async with AsyncSession(engine) as session:
            person_id = await session.scalar(
                select(Person.id).where(Person.email == demo_email(key))
            )
            viewer = await load_viewer(session, person_id)
            rows = await session.execute(
                select(Initiative.id, Initiative.status, Plan).join(
                    Plan, Plan.id == Initiative.plan_id
                )
            )
            found = {
                to_global_id("Initiative", row.id)
                for row in rows
                if row.status == InitiativeStatus.PROPOSED
                and can(viewer, Action.READ, row.Plan)
                and can(viewer, Action.APPROVE, row.Plan)
            }
        await engine.dispose()
        return found

    return run_async(find)


def test_to_approve_is_exactly_what_the_permission_rule_allows(api):
    for key in PEOPLE:
        section = work(api, key)["toApprove"]
        assert {node["id"] for node in section["nodes"]} == approvable_by_the_rule(api.url, key)
        assert section["totalCount"] == len(section["nodes"])


def test_scoped_owners_see_only_their_own_plans_proposals(api):
    assert set(titles(work(api, "priya")["toApprove"])) == {
        "Shorten mailbox provisioning to one hour",
        "Guest access for partners",
    }
    assert titles(work(api, "margaret")["toApprove"]) == ["Outsource printing services"]
    assert work(api, "nora")["toApprove"]["totalCount"] == 0


def test_an_approved_initiative_leaves_the_list(api):
    first = work(api, "priya")["toApprove"]["nodes"][0]
    version = api.query(
        "priya", f'{{ node(id: "{first["id"]}") {{ ... on Initiative {{ version }} }} }}'
    )
    api.mutate(
        "priya",
        "mutation($id: ID!, $v: Int!) { approveInitiative(input: {id: $id, expectedVersion: $v}) "
        "{ errors { code } } }",
        {"id": first["id"], "v": version["node"]["version"]},
    )
    assert first["id"] not in {n["id"] for n in work(api, "priya")["toApprove"]["nodes"]}


@pytest.mark.parametrize(("key", "count"), [("margaret", 5), ("tom", 5), ("priya", 0)])
def test_budget_requests_await_only_the_steering_committee(api, key, count):
    assert work(api, key)["budgetRequestsToDecide"]["totalCount"] == count


def test_the_committee_decides_requests_in_the_confidential_plan_too(api):
    # The steering committee may read the security plan; its pending request is theirs to see.
    titles_seen = [
        n["initiative"]["title"] for n in work(api, "margaret")["budgetRequestsToDecide"]["nodes"]
    ]
    assert "Privileged access vault" in titles_seen


def test_a_status_update_takes_an_initiative_off_the_silent_list(api):
    before = work(api, "priya")["initiativesWithoutUpdate"]
    assert "Upgrade the mail routing cluster" in titles(before)
    target = next(n for n in before["nodes"] if n["title"] == "Upgrade the mail routing cluster")
    api.mutate(
        "priya",
        "mutation($id: ID!) { postStatusUpdate(input: {initiativeId: $id, health: ON_TRACK, "
        'percentComplete: 50, note: "Halfway."}) { errors { code } } }',
        {"id": target["id"]},
    )
    assert "Upgrade the mail routing cluster" not in titles(
        work(api, "priya")["initiativesWithoutUpdate"]
    )


def test_only_the_owners_active_initiatives_count(api):
    for key in ["priya", "carlos", "ada", "lena"]:
        nodes = work(api, key)["initiativesWithoutUpdate"]["nodes"]
        ids = [n["id"] for n in nodes]
        if not ids:
            continue
        found = api.query(
            key,
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Initiative { status "
            "owner { email } } } }",
            {"ids": ids},
        )["nodes"]
        assert all(n["owner"]["email"] == demo_email(key) for n in found)
        assert all(n["status"] in ("IN_PROGRESS", "ON_HOLD") for n in found)


def test_a_metric_never_measured_is_due_and_a_new_measurement_clears_it(api):
    due = work(api, "margaret")["metricsDue"]
    assert "Employee satisfaction with IT" in titles(due)
    metric = next(n for n in due["nodes"] if n["name"] == "Employee satisfaction with IT")
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    api.mutate(
        "margaret",
        "mutation($m: ID!, $t: DateTime!) { recordMeasurements(input: {measurements: "
        '[{metricId: $m, value: 3.9, takenAt: $t, source: "Survey"}]}) { errors { message } } }',
        {"m": metric["id"], "t": now},
    )
    assert "Employee satisfaction with IT" not in titles(work(api, "margaret")["metricsDue"])


def test_metrics_due_are_the_viewers_own(api):
    due = work(api, "priya")["metricsDue"]
    ids = [n["id"] for n in due["nodes"]]
    owners = api.query(
        "priya",
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Metric { owner { email } } } }",
        {"ids": ids},
    )["nodes"]
    assert ids and all(n["owner"]["email"] == demo_email("priya") for n in owners)


def test_sections_page_with_cursors(api):
    whole = work(api, "margaret")["budgetRequestsToDecide"]["nodes"]
    query = """query($after: String) { viewer { work {
      budgetRequestsToDecide(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { id } } } } }"""
    seen, after = [], None
    while True:
        page = api.query("margaret", query, {"after": after})["viewer"]["work"][
            "budgetRequestsToDecide"
        ]
        assert page["totalCount"] == len(whole)
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [n["id"] for n in whole]


def test_plan_budget_totals_and_health_counts(api):
    plan = api.query(
        "nora",
        '{ node(id: "UGxhbjoy") { ... on Plan { budgetTotals { currency requested approved } '
        "healthCounts { health count } } } }",
    )["node"]
    assert plan["budgetTotals"] == [
        {"currency": "EUR", "requested": "85000.00", "approved": "85000.00"}
    ]
    assert plan["healthCounts"] == [
        {"health": "ON_TRACK", "count": 1},
        {"health": "AT_RISK", "count": 1},
    ]


def test_role_holders_of_a_process(api):
    process = api.query(
        "nora",
        f'{{ node(id: "{to_global_id("Process", 1)}") {{ ... on Process {{ '
        "roleAssignments { totalCount nodes { role { slug } person { name } } } } } }",
    )["node"]["roleAssignments"]
    held = {(n["role"]["slug"], n["person"]["name"]) for n in process["nodes"]}
    assert held == {
        ("process_owner", "Carlos Mendes"),
        ("process_manager", "Hana Sato"),
        ("process_practitioner", "Ben Carter"),
    }


def test_budget_totals_are_kept_apart_by_currency(api):
    api.mutate(
        "priya",
        'mutation { proposeInitiative(input: {planId: "UGxhbjoy", title: "Archive in Zurich", '
        'currency: "CHF", budgetRequested: "12000.00"}) { errors { code } } }',
    )
    totals = api.query(
        "nora", '{ node(id: "UGxhbjoy") { ... on Plan { budgetTotals { currency requested } } } }'
    )["node"]["budgetTotals"]
    assert totals == [
        {"currency": "CHF", "requested": "12000.00"},
        {"currency": "EUR", "requested": "85000.00"},
    ]


def test_the_security_plans_summaries_stay_hidden_from_those_not_cleared(api):
    query = "{ plans { nodes { name budgetTotals { requested } healthCounts { count } } } }"
    names = {plan["name"] for plan in api.query("nora", query)["plans"]["nodes"]}
    assert "Security improvement plan" not in names
    assert work(api, "nora")["budgetRequestsToDecide"]["totalCount"] == 0
