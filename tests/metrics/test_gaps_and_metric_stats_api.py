"""The gap analysis, the coverage of the objectives and metricStats, on the demo organisation:
exactly the items a steering committee member should see, within what the viewer may see."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support.clients import statements

GAPS = """{ gapAnalysis {
  shouldMeasureButCannot { totalCount nodes { name } }
  measuredButServingNoObjective { totalCount nodes { name } }
  objectivesWithoutMetric { totalCount nodes { title level } } } }"""

CANNOT = ["Critical suppliers with an exit plan", "Employee satisfaction with IT",
          "Orphaned accounts"]  # fmt: skip
SERVING_NONE = [
    "Active workspaces", "Applications behind single sign-on", "Caller satisfaction",
    "Cost per virtual machine", "Critical vulnerabilities open > 30 days", "IT cost per employee",
    "Lead time for a standard change", "Major incidents per quarter", "Meeting join failures",
    "Repeat incidents", "Share of workloads in the managed cloud", "Spam reaching inboxes",
    "Staff trained on the portal", "Training hours per person",
    "Virtual machines patched within 14 days", "Wi-Fi complaints",
]  # fmt: skip
UNMEASURED = [
    ("Reliable Wi-Fi in every meeting room", "OPERATIONAL"),
    ("Agree service levels with the business", "TACTICAL"),
    ("Every live service has an agreed service level", "OPERATIONAL"),
]


def names(group: dict, key: str = "name") -> list[str]:
    return sorted(node[key] for node in group["nodes"])


def test_gap_analysis_lists_exactly_the_gaps_of_the_demo(api):
    gaps = api.query("margaret", GAPS)["gapAnalysis"]
    assert gaps["shouldMeasureButCannot"]["totalCount"] == 3
    assert names(gaps["shouldMeasureButCannot"]) == CANNOT
    assert gaps["measuredButServingNoObjective"]["totalCount"] == 16
    assert names(gaps["measuredButServingNoObjective"]) == sorted(SERVING_NONE)
    unmeasured = gaps["objectivesWithoutMetric"]
    assert unmeasured["totalCount"] == 3
    assert [(o["title"], o["level"]) for o in unmeasured["nodes"]] == UNMEASURED  # tree order


def test_gap_analysis_respects_visibility(api):
    # Nora may not see the security plan: its metric leaves the list, and the security goals,
    # whose metrics and initiatives are all confidential, look unmeasured to her.
    gaps = api.query("nora", GAPS)["gapAnalysis"]
    serving_none = names(gaps["measuredButServingNoObjective"])
    assert serving_none == sorted(set(SERVING_NONE) - {"Critical vulnerabilities open > 30 days"})
    titles = [o["title"] for o in gaps["objectivesWithoutMetric"]["nodes"]]
    assert titles == [
        "Reliable Wi-Fi in every meeting room",
        "Agree service levels with the business",
        "Every live service has an agreed service level",
        "Keep information safe without getting in the way",
        "Detect and stop threats early",
        "Fewer than 5% of staff click a phishing test",
    ]


def test_gap_analysis_first_caps_each_list_but_not_the_counts(api):
    gaps = api.query(
        "margaret",
        "{ gapAnalysis(first: 2) { measuredButServingNoObjective { totalCount nodes { name } } "
        "objectivesWithoutMetric { totalCount nodes { id } } } }",
    )["gapAnalysis"]
    assert gaps["measuredButServingNoObjective"]["totalCount"] == 16
    assert len(gaps["measuredButServingNoObjective"]["nodes"]) == 2
    assert len(gaps["objectivesWithoutMetric"]["nodes"]) == 2


def test_objectives_nobody_works_on_and_initiatives_serving_none(api):
    data = api.query(
        "margaret",
        "{ objectivesNobodyWorksOn { title parent { title } } "
        "initiativesWithoutObjective(first: 100) { totalCount nodes { title "
        "objectives(first: 1) { totalCount } } } }",
    )
    assert data["objectivesNobodyWorksOn"] == [
        {"title": "Agree service levels with the business",
         "parent": {"title": "Run reliable services people can count on"}},
        {"title": "Every live service has an agreed service level",
         "parent": {"title": "Agree service levels with the business"}},
    ]  # fmt: skip
    orphans = data["initiativesWithoutObjective"]
    assert orphans["totalCount"] == len(orphans["nodes"]) > 0
    assert all(node["objectives"]["totalCount"] == 0 for node in orphans["nodes"])
    served = api.query("margaret", "{ initiatives(first: 100) { totalCount } }")["initiatives"]
    linked = api.query(
        "margaret",
        "{ objectives(first: 100) { nodes { initiatives(first: 100) { nodes { id } } } } }",
    )["objectives"]["nodes"]
    with_objective = {i["id"] for o in linked for i in o["initiatives"]["nodes"]}
    assert orphans["totalCount"] == served["totalCount"] - len(with_objective)


def test_initiatives_serving_no_objective_are_only_visible_ones(api):
    def titles(key: str) -> set[str]:
        return {
            node["title"]
            for node in api.query(
                key, "{ initiativesWithoutObjective(first: 100) { nodes { title plan { kind } } } }"
            )["initiativesWithoutObjective"]["nodes"]
        }

    hidden = titles("margaret") - titles("nora")
    assert hidden and all(title in titles("omar") for title in hidden)


@pytest.mark.parametrize("group_by", ["PLAN", "SERVICE", "PROCESS", "OBJECTIVE"])
def test_metric_stats_agree_with_each_metrics_status(api, group_by):
    field = group_by.lower()
    stats = api.query(
        "margaret",
        f"{{ metricStats(groupBy: [{group_by}]) {{ {field} {{ id }} "
        "count red amber green noData } }",
    )["metricStats"]
    metrics = api.query(
        "margaret",
        "{ metrics(first: 100) { nodes { status { rag } plan { id } service { id } "
        "process { id } objectives(first: 20) { nodes { id } } } } }",
    )["metrics"]["nodes"]
    expected: dict = {}
    for metric in metrics:
        if group_by == "OBJECTIVE":
            keys = [o["id"] for o in metric["objectives"]["nodes"]] or [None]
        else:
            keys = [(metric[field] or {}).get("id")]
        for key in keys:
            expected.setdefault(key, Counter())[metric["status"]["rag"]] += 1
    found = {}
    for group in stats:
        counts = {"RED": group["red"], "AMBER": group["amber"], "GREEN": group["green"]}
        found[(group[field] or {}).get("id")] = Counter({**counts, "NONE": group["noData"]})
    assert {k: +v for k, v in found.items()} == expected
    assert all(g["count"] == g["red"] + g["amber"] + g["green"] + g["noData"] for g in stats)


def test_metric_stats_without_grouping_and_with_a_filter(api):
    (total,) = api.query("margaret", "{ metricStats { count red amber green noData } }")[
        "metricStats"
    ]
    statuses = Counter(
        m["status"]["rag"]
        for m in api.query("margaret", "{ metrics(first: 100) { nodes { status { rag } } } }")[
            "metrics"
        ]["nodes"]
    )
    assert total == {
        "count": 42, "red": statuses["RED"], "amber": statuses["AMBER"],
        "green": statuses["GREEN"], "noData": statuses["NONE"],
    }  # fmt: skip
    assert total["noData"] == 3  # the three metrics nobody can measure yet
    (mine,) = api.query("nora", '{ metricStats(filter: {search: "availability"}) { count } }')[
        "metricStats"
    ]
    assert mine["count"] == 3  # E-mail, Network, Cloud platform availability


def test_metric_stats_and_gaps_cost_a_fixed_number_of_statements(api, scaled_api):
    stats = (
        "{ metricStats(groupBy: [PLAN, OBJECTIVE]) { plan { name } objective { title } count } }"
    )
    assert statements(api, stats) == statements(scaled_api, stats) <= 5
    gaps = """{ gapAnalysis {
      shouldMeasureButCannot { nodes { name owner { name } status { rag } } }
      measuredButServingNoObjective { nodes { name plan { name } } }
      objectivesWithoutMetric { nodes { title parent { title } } } }
      objectivesNobodyWorksOn { title children(first: 5) { nodes { title } } } }"""
    assert statements(api, gaps) == statements(scaled_api, gaps)


def test_objective_tree_with_statuses_costs_a_fixed_number_of_statements(api, scaled_api):
    tree = """{ objectives(first: 100) { nodes { title parent { id }
      children(first: 20) { nodes { title } }
      metrics(first: 20) { nodes { name status { rag reason } } }
      initiatives(first: 20) { nodes { title status raisedFromMetric { name } } } } } }"""
    assert statements(api, tree) == statements(scaled_api, tree)
