"""The overview fields cost a fixed number of statements, whatever the number of rows."""

from __future__ import annotations

import pytest

from tests.support.clients import statements

PLANS = """query($n: Int) { plans(first: $n) { nodes { id statusCounts { count }
  budgetTotals { currency requested approved } healthCounts { health count }
  service { roleAssignments(first: 5) { nodes { person { name } } } }
  process { roleAssignments(first: 5) { nodes { role { name } } } } } } }"""
WORK = """{ viewer { work {
  toApprove(first: 50) { totalCount nodes { title plan { name } owner { name } } }
  budgetRequestsToDecide(first: 50) { nodes { amount initiative { title plan { name } } } }
  initiativesWithoutUpdate(first: 50) { nodes { title latestStatusUpdate { postedAt } } }
  metricsDue(first: 50) { nodes { name latestMeasurement { takenAt } plan { name } } } } } }"""


def test_plan_summaries_cost_the_same_for_a_few_plans_or_all(api):
    # The first eight plans include a service's and a process's, so every relation is loaded.
    assert statements(api, PLANS, {"n": 8}) == statements(api, PLANS, {"n": 100})


def test_plan_summaries_cost_the_same_on_ten_times_the_data(api, scaled_api):
    assert statements(api, PLANS, {"n": 100}) == statements(scaled_api, PLANS, {"n": 100})


@pytest.mark.parametrize("key", ["margaret"])
def test_my_work_costs_the_same_on_ten_times_the_data(api, scaled_api, key):
    small = statements(api, WORK)
    assert small == statements(scaled_api, WORK)
    assert small <= 4 * 2 + 8  # ids and objects per section, then one per relation below
