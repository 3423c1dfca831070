"""Filters narrow lists the same way everywhere, and the aggregates agree with the lists."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from server.demo import content
from tests.support.demo import satisfaction_metrics

ALL = "{ initiatives(first: 500) { totalCount nodes { id title status priority owner { name } plan { name kind } tags dimensions valueChainActivity plannedEnd latestStatusUpdate { health } budgetRequested budgetApproved } } }"  # noqa: E501


@pytest.fixture
def everything(api):
    return api.query("ada", ALL)["initiatives"]["nodes"]


def titles(api, filter_text: str, key: str = "ada") -> set[str]:
    query = (
        f"{{ initiatives(first: 500, filter: {filter_text}) {{ totalCount nodes {{ title }} }} }}"
    )
    data = api.query(key, query)["initiatives"]
    assert data["totalCount"] == len(data["nodes"])
    return {node["title"] for node in data["nodes"]}


def test_filter_by_status(api, everything):
    expected = {n["title"] for n in everything if n["status"] in ("FUNDED", "ON_HOLD")}
    assert titles(api, "{status: [FUNDED, ON_HOLD]}") == expected and expected


def test_filter_by_plan_kind_and_plan(api, everything):
    expected = {n["title"] for n in everything if n["plan"]["kind"] == "PROCESS_IMPROVEMENT"}
    assert titles(api, "{planKind: [PROCESS_IMPROVEMENT]}") == expected and expected
    plan_id = api.query("ada", "{ plans(first: 1) { nodes { id } } }")["plans"]["nodes"][0]["id"]
    strategic = {n["title"] for n in everything if n["plan"]["kind"] == "STRATEGIC"}
    assert titles(api, f'{{plan: ["{plan_id}"]}}') == strategic


def test_filter_by_owner_priority_tag_dimension_and_value_chain(api, everything):
    owner = api.query("ada", '{ people(search: "Jonas") { nodes { id } } }')
    owner_id = owner["people"]["nodes"][0]["id"]
    assert titles(api, f'{{owner: ["{owner_id}"]}}') == {
        n["title"] for n in everything if n["owner"]["name"] == "Jonas Weber"
    }
    assert titles(api, "{priority: [CRITICAL]}") == {
        n["title"] for n in everything if n["priority"] == "CRITICAL"
    }
    assert titles(api, '{tag: ["self-service"]}') == {
        n["title"] for n in everything if "self-service" in n["tags"]
    }
    assert titles(api, "{dimension: [PARTNERS_AND_SUPPLIERS]}") == {
        n["title"] for n in everything if "PARTNERS_AND_SUPPLIERS" in n["dimensions"]
    }
    assert titles(api, "{valueChainActivity: [ENGAGE]}") == {
        n["title"] for n in everything if n["valueChainActivity"] == "ENGAGE"
    }


def test_filter_by_latest_health(api, everything):
    expected = {
        n["title"]
        for n in everything
        if n["latestStatusUpdate"] and n["latestStatusUpdate"]["health"] == "AT_RISK"
    }
    assert titles(api, "{health: [AT_RISK]}") == expected


def test_filter_by_planned_end_range_and_text(api, everything):
    ends = sorted(n["plannedEnd"] for n in everything)
    low, high = ends[10], ends[30]
    assert titles(api, f'{{plannedEndFrom: "{low}", plannedEndTo: "{high}"}}') == {
        n["title"] for n in everything if low <= n["plannedEnd"] <= high
    }
    assert titles(api, '{search: "PORTAL"}') == {
        n["title"] for n in everything if "portal" in n["title"].lower()
    }
    assert titles(api, '{search: "100%_"}') == set()


def test_a_filter_with_an_id_of_the_wrong_type_is_refused(api):
    plan = api.query("ada", "{ plans(first: 1) { nodes { id } } }")["plans"]["nodes"][0]["id"]
    errors = api.errors("ada", f'{{ initiatives(filter: {{owner: ["{plan}"]}}) {{ totalCount }} }}')
    assert errors == [f"`filter.owner`: '{plan}' is not the id of a Person."]


@pytest.mark.parametrize(
    ("order", "key"),
    [
        ("TITLE", lambda n: n["title"]),
        ("PLANNED_END", lambda n: n["plannedEnd"]),
    ],
)
def test_ordering(api, everything, order, key):
    for direction, reverse in (("ASC", False), ("DESC", True)):
        query = f"{{ initiatives(first: 500, orderBy: {order}, direction: {direction}) {{ nodes {{ title plannedEnd }} }} }}"  # noqa: E501
        nodes = api.query("ada", query)["initiatives"]["nodes"]
        assert [key(n) for n in nodes] == sorted((key(n) for n in nodes), reverse=reverse)


def test_order_by_priority_follows_the_scale_not_the_alphabet(api):
    nodes = api.query(
        "ada",
        "{ initiatives(first: 500, orderBy: PRIORITY, direction: DESC) { nodes { priority } } }",
    )["initiatives"]["nodes"]
    ranks = {"LOW": 0, "MEDIUM": 1, "HIGH": 2, "CRITICAL": 3}
    seen = [ranks[n["priority"]] for n in nodes]
    assert seen == sorted(seen, reverse=True) and seen[0] == 3


@pytest.mark.parametrize(
    "filter_text",
    ["null", "{status: [IN_PROGRESS]}", "{planKind: [SECURITY_IMPROVEMENT]}", '{search: "cloud"}'],
)
@pytest.mark.parametrize("key", ["ada", "nora"])
def test_initiative_stats_agree_with_the_lists(api, filter_text, key):
    listed = api.query(
        key,
        f"{{ initiatives(first: 500, filter: {filter_text}) {{ totalCount nodes {{ status "
        "budgetRequested budgetApproved } } }",
    )["initiatives"]
    groups = api.query(
        key,
        f"{{ initiativeStats(filter: {filter_text}, groupBy: [STATUS]) {{ status count "
        "budgetRequestedSum budgetApprovedSum } }",
    )["initiativeStats"]
    assert sum(g["count"] for g in groups) == listed["totalCount"]
    assert {g["status"]: g["count"] for g in groups} == dict(
        Counter(n["status"] for n in listed["nodes"])
    )
    requested = sum(Decimal(n["budgetRequested"] or 0) for n in listed["nodes"])
    assert sum(Decimal(g["budgetRequestedSum"]) for g in groups) == requested


def test_initiative_stats_group_by_plan_and_owner_returns_objects(api):
    groups = api.query(
        "ada",
        "{ initiativeStats(groupBy: [PLAN, OWNER]) { plan { name } owner { name } count status } }",
    )["initiativeStats"]
    assert all(g["status"] is None for g in groups)
    per_plan = Counter()
    for group in groups:
        per_plan[group["plan"]["name"]] += group["count"]
    expected = Counter()
    plan_names = {key: name for key, _, name, _, _ in content.PLANS}
    for spec in content.INITIATIVES:
        expected[plan_names[spec[0]]] += 1
    assert per_plan == expected


def test_initiative_stats_without_grouping_is_one_total(api):
    groups = api.query("ada", "{ initiativeStats { count budgetApprovedSum } }")["initiativeStats"]
    assert len(groups) == 1 and groups[0]["count"] == len(content.INITIATIVES)


def test_plan_status_counts_agree_with_the_plan_list(api):
    plans = api.query(
        "ada",
        "{ plans(first: 50) { nodes { statusCounts { status count } "
        "initiatives(first: 500) { totalCount nodes { status } } } } }",
    )["plans"]["nodes"]
    for plan in plans:
        counts = {c["status"]: c["count"] for c in plan["statusCounts"]}
        assert counts == dict(Counter(n["status"] for n in plan["initiatives"]["nodes"]))


def test_metric_filters(api):
    service = api.query("ada", "{ services(first: 20) { nodes { id name } } }")["services"]
    email = next(s["id"] for s in service["nodes"] if s["name"] == "E-mail")
    names = {
        m["name"]
        for m in api.query(
            "ada",
            f'{{ metrics(first: 100, filter: {{service: ["{email}"]}}) {{ nodes {{ name }} }} }}',
        )["metrics"]["nodes"]
    }
    expected = {spec[1] for spec in content.METRICS if spec[9] == "service:email"}
    expected.add(satisfaction_metrics()["email"])  # computed from the E-mail feedback
    assert names == expected


@pytest.mark.parametrize("order", ["TITLE", "PLANNED_END", "PRIORITY", "STATUS", "CREATED"])
def test_nested_lists_order_and_page_like_the_root_list(api, order):
    plan = api.query("ada", "{ plans(first: 1) { nodes { id } } }")["plans"]["nodes"][0]["id"]
    root = api.query(
        "ada",
        f'{{ initiatives(first: 3, orderBy: {order}, direction: DESC, filter: {{plan: ["{plan}"]}})'
        " { nodes { id } } }",
    )["initiatives"]["nodes"]
    nested = api.query(
        "ada",
        f"{{ plans(first: 1) {{ nodes {{ initiatives(first: 3, orderBy: {order}, "
        "direction: DESC) { nodes { id } } } } }",
    )["plans"]["nodes"][0]["initiatives"]["nodes"]
    assert nested == root and len(root) == 3


def test_people_sort_by_name_or_address_either_way(api):
    def listed(arguments: str) -> list[dict]:
        query = f"{{ people(first: 50{arguments}) {{ nodes {{ name email }} }} }}"
        return api.query("ada", query)["people"]["nodes"]

    by_name = listed("")
    assert listed(", orderBy: NAME, direction: ASC") == by_name
    assert [p["name"] for p in by_name] in (
        sorted(p["name"] for p in by_name),
        sorted((p["name"] for p in by_name), key=str.casefold),
    )
    by_address = listed(", orderBy: EMAIL, direction: DESC")
    assert [p["email"] for p in by_address] == sorted((p["email"] for p in by_name), reverse=True)
    page = "{ people(first: 3, after: $after, orderBy: EMAIL, direction: DESC) { pageInfo { endCursor } nodes { email } } }"  # noqa: E501
    first = api.query("ada", f"query($after: String) {page}", {"after": None})["people"]
    second = api.query(
        "ada", f"query($after: String) {page}", {"after": first["pageInfo"]["endCursor"]}
    )["people"]
    assert [p["email"] for p in first["nodes"] + second["nodes"]] == [
        p["email"] for p in by_address[:6]
    ]


def test_the_audit_log_is_newest_first_unless_ordered_otherwise(api):
    for key in ("priya", "ada"):  # two changes, by two people
        saved = api.mutate(
            key, "mutation($i: SaveViewInput!) { saveView(input: $i) { errors { code } } }",
            {"i": {"path": "/metrics", "name": "Mine", "query": ""}},
        )  # fmt: skip
        assert saved["errors"] == []

    def log(arguments: str = "") -> list[dict]:
        query = f"{{ auditLog(first: 50{arguments}) {{ nodes {{ id at actorName entityType }} }} }}"
        return api.query("ada", query)["auditLog"]["nodes"]

    newest = log()
    assert [e["at"] for e in newest] == sorted((e["at"] for e in newest), reverse=True)
    assert log(", orderBy: AT, direction: DESC") == newest
    assert log(", direction: ASC") == list(reversed(newest))
    actors = [e["actorName"] for e in log(", orderBy: ACTOR, direction: ASC")]
    assert actors == [e["actorName"] for e in log(", orderBy: ACTOR, direction: DESC")][::-1]
    assert {"Ada Lindqvist", "Priya Raman"} <= set(actors)
    assert actors.index("Ada Lindqvist") < actors.index("Priya Raman")
    kinds = [e["entityType"] for e in log(", orderBy: ENTITY, direction: ASC")]
    assert kinds == sorted(kinds) and "SavedView" in kinds


def test_service_reviews_are_the_latest_planned_first_unless_ordered_otherwise(api):
    def reviews(arguments: str = "") -> list[dict]:
        query = (
            f"{{ serviceReviews(first: 100{arguments}) {{ nodes {{ id scheduledOn periodStart "
            "status satisfactionAverage service { name } } } }"
        )
        return api.query("nora", query)["serviceReviews"]["nodes"]

    latest = reviews()
    assert len(latest) > 10
    assert [r["scheduledOn"] for r in latest] == sorted((r["scheduledOn"] for r in latest),
                                                        reverse=True)  # fmt: skip
    assert reviews(", orderBy: SCHEDULED, direction: DESC") == latest
    by_service = [r["service"]["name"] for r in reviews(", orderBy: SERVICE, direction: ASC")]
    assert by_service == sorted(by_service)
    periods = [r["periodStart"] for r in reviews(", orderBy: PERIOD, direction: ASC")]
    assert periods == sorted(periods)
    states = [r["status"] for r in reviews(", orderBy: STATUS, direction: ASC")]
    assert states == sorted(states, key=["DRAFT", "HELD", "CLOSED"].index)
    scores = [r["satisfactionAverage"] for r in reviews(", orderBy: SATISFACTION, direction: DESC")]
    rated = [s for s in scores if s is not None]
    assert rated == sorted(rated, reverse=True) and scores[len(rated) :] == [None] * (
        len(scores) - len(rated)
    )
