"""Every noun is reachable by global id and through its relations, both ways."""

from __future__ import annotations

import pytest

from schema.core.ids import to_global_id
from server.demo import content

TYPES = [
    "Person", "Role", "RoleAssignment", "Service", "Offering", "Process", "Plan", "Initiative",
    "InitiativeEvent", "BudgetRequest", "StatusUpdate", "Objective", "Metric", "Measurement",
]  # fmt: skip


@pytest.mark.parametrize("type_name", TYPES)
def test_node_finds_each_type_by_its_global_id(api, type_name):
    global_id = to_global_id(type_name, 1)
    data = api.query(
        "ada", "query($id: ID!) { node(id: $id) { __typename id } }", {"id": global_id}
    )
    assert data["node"] == {"__typename": type_name, "id": global_id}


def test_nodes_keeps_order_and_answers_null_for_unknown_or_malformed_ids(api):
    ids = [to_global_id("Plan", 2), "not-an-id", to_global_id("Plan", 999), to_global_id("Plan", 1)]
    data = api.query(
        "nora", "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Plan { name } } }", {"ids": ids}
    )
    assert [node and node["name"] for node in data["nodes"]] == [
        "E-mail improvement plan",
        None,
        None,
        "Strategic plan 2026-2028",
    ]


def test_plan_to_initiatives_and_back(api):
    data = api.query(
        "nora",
        """{ plans(first: 1) { nodes { id name ownerRole { slug }
             initiatives(first: 100) { totalCount nodes { title plan { id } } } } } }""",
    )
    plan = data["plans"]["nodes"][0]
    expected = [title for key, title, *_ in content.INITIATIVES if key == "strategic"]
    assert plan["ownerRole"]["slug"] == "steering_committee"
    assert plan["initiatives"]["totalCount"] == len(expected)
    assert [node["title"] for node in plan["initiatives"]["nodes"]] == expected
    assert {node["plan"]["id"] for node in plan["initiatives"]["nodes"]} == {plan["id"]}


def test_a_strategic_initiative_lists_its_children_and_each_child_its_parent(api):
    data = api.query(
        "nora",
        """{ initiatives(filter: {search: "Introduce a self-service portal"}) { nodes {
              title children(first: 20) { totalCount nodes { title parent { title }
                plan { kind } } } } } }""",
    )
    portal = data["initiatives"]["nodes"][0]
    children = portal["children"]["nodes"]
    assert sorted(child["title"] for child in children) == sorted(content.PORTAL_CHILDREN)
    assert {child["parent"]["title"] for child in children} == {portal["title"]}
    assert "STRATEGIC" not in {child["plan"]["kind"] for child in children}


def test_initiative_history_budget_updates_and_latest_update(api):
    data = api.query(
        "nora",
        """{ initiatives(filter: {search: "Upgrade the mail routing cluster"}) { nodes {
              status owner { name } dimensions tags
              events(first: 50) { nodes { fromStatus toStatus actor { name } at } }
              budgetRequests(first: 5) { nodes { amount currency status approvedAmount
                decidedBy { name } } }
              statusUpdates(last: 50) { totalCount nodes { percentComplete postedAt } }
              latestStatusUpdate { percentComplete postedAt health }
              metrics(first: 10) { nodes { name initiatives(first: 5) { nodes { title } } } }
              objectives(first: 5) { nodes { title level } } } } }""",
    )
    initiative = data["initiatives"]["nodes"][0]
    assert initiative["owner"]["name"] == "Priya Raman"
    assert initiative["dimensions"] == ["INFORMATION_AND_TECHNOLOGY"]
    steps = [(e["fromStatus"], e["toStatus"]) for e in initiative["events"]["nodes"]]
    assert steps[0] == (None, "PROPOSED") and steps[-1][1] == initiative["status"]
    budget = initiative["budgetRequests"]["nodes"][0]
    assert budget["amount"] == "60000.00" and budget["status"] == "APPROVED"
    updates = initiative["statusUpdates"]["nodes"]
    assert initiative["latestStatusUpdate"]["postedAt"] == max(u["postedAt"] for u in updates)
    metric_names = {m["name"] for m in initiative["metrics"]["nodes"]}
    assert metric_names == {"E-mail availability", "Mail delivery delay (p95)"}
    for metric in initiative["metrics"]["nodes"]:
        assert "Upgrade the mail routing cluster" in [
            i["title"] for i in metric["initiatives"]["nodes"]
        ]
    assert initiative["objectives"]["nodes"] == [
        {"title": "E-mail available 99.9% of every month", "level": "OPERATIONAL"}
    ]


def test_metric_measurements_narrow_by_time_and_latest_is_the_newest(api):
    data = api.query(
        "nora",
        """{ metrics(filter: {search: "E-mail availability"}) { nodes {
              owner { name } service { name } plan { name }
              all: measurements(first: 500) { totalCount nodes { takenAt value } }
              latestMeasurement { takenAt value } } } }""",
    )
    metric = data["metrics"]["nodes"][0]
    everything = metric["all"]["nodes"]
    assert 12 <= metric["all"]["totalCount"] == len(everything) <= 24
    assert metric["latestMeasurement"] == everything[-1]
    since, until = everything[2]["takenAt"], everything[5]["takenAt"]
    narrowed = api.query(
        "nora",
        """query($since: DateTime, $until: DateTime) { metrics(filter: {search:
             "E-mail availability"}) { nodes { measurements(since: $since, until: $until) {
             nodes { takenAt } } } } }""",
        {"since": since, "until": until},
    )["metrics"]["nodes"][0]["measurements"]["nodes"]
    assert [m["takenAt"] for m in narrowed] == [m["takenAt"] for m in everything[2:5]]
    assert metric["owner"]["name"] == "Priya Raman" and metric["service"]["name"] == "E-mail"


def test_service_offerings_owner_and_improvement_plan(api):
    data = api.query(
        "nora",
        """{ services(first: 20) { nodes { name lifecycle owner { name }
              improvementPlan { name service { name } }
              offerings(first: 10) { nodes { name kind service { name } } } } } }""",
    )
    services = {s["name"]: s for s in data["services"]["nodes"]}
    assert len(services) == 8
    email = services["E-mail"]
    assert email["owner"]["name"] == "Priya Raman"
    assert email["improvementPlan"] == {"name": "E-mail improvement plan",
                                        "service": {"name": "E-mail"}}  # fmt: skip
    assert {o["service"]["name"] for o in email["offerings"]["nodes"]} == {"E-mail"}
    assert services["Legacy Fax Gateway"]["lifecycle"] == "RETIRED"
    assert services["Self-Service Portal"]["improvementPlan"] is None


def test_person_role_assignments_with_scopes(api):
    data = api.query(
        "nora",
        """{ people(search: "Carlos") { nodes { name roleAssignments(first: 10) { nodes {
              role { slug } service { name } process { name } person { name } } } } } }""",
    )
    carlos = data["people"]["nodes"][0]
    held = {(a["role"]["slug"], a["process"]["name"]) for a in carlos["roleAssignments"]["nodes"]}
    assert held == {("process_owner", "Incident Management"),
                    ("process_owner", "Problem Management")}  # fmt: skip


def test_objective_tree_both_ways(api):
    data = api.query(
        "nora",
        """{ objectives(level: [VISION]) { nodes { title parent { title }
              children(first: 10) { nodes { level parent { title }
                children(first: 10) { nodes { level } } } } } } }""",
    )
    vision = data["objectives"]["nodes"][0]
    assert vision["parent"] is None
    assert {c["level"] for c in vision["children"]["nodes"]} == {"STRATEGY"}
    assert {c["parent"]["title"] for c in vision["children"]["nodes"]} == {vision["title"]}
    tactical = [g for c in vision["children"]["nodes"] for g in c["children"]["nodes"]]
    assert tactical and {g["level"] for g in tactical} == {"TACTICAL"}


def test_objective_lists_its_metrics_and_initiatives(api):
    data = api.query(
        "nora",
        """{ objectives(level: [OPERATIONAL], first: 50) { nodes { title
              metrics(first: 10) { nodes { name objectives(first: 5) { nodes { title } } } }
              initiatives(first: 10) { nodes { title } } } } }""",
    )
    mttr = next(o for o in data["objectives"]["nodes"] if o["title"].startswith("Mean time"))
    assert "Mean time to restore" in {m["name"] for m in mttr["metrics"]["nodes"]}
    assert "Upgrade the incident resolution process" in {
        i["title"] for i in mttr["initiatives"]["nodes"]
    }
    for metric in mttr["metrics"]["nodes"]:
        assert mttr["title"] in {o["title"] for o in metric["objectives"]["nodes"]}


def test_scalars_are_iso_dates_with_offsets_and_exact_decimal_strings(api):
    data = api.query(
        "nora",
        """{ initiatives(first: 100, filter: {status: [FUNDED]}) { nodes {
              createdAt plannedStart budgetRequested budgetApproved } } }""",
    )
    node = data["initiatives"]["nodes"][0]
    assert node["createdAt"].endswith("+00:00")
    assert len(node["plannedStart"]) == 10
    assert isinstance(node["budgetRequested"], str) and node["budgetRequested"].endswith(".00")


def test_viewer_says_who_is_asking(api):
    assert api.query("priya", "{ viewer { name roles isAdmin } }")["viewer"] == {
        "name": "Priya Raman", "roles": ["service_owner"], "isAdmin": False,
    }  # fmt: skip
