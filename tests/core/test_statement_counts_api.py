"""The number of SQL statements a query sends depends on its shape, never on the rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.clients import statements

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize("document", ["report", "counts"])
def test_bench_documents_send_as_many_statements_on_ten_times_the_data(api, scaled_api, document):
    query = (BENCH / f"{document}.graphql").read_text()
    small = statements(api, query)
    large = statements(scaled_api, query)
    assert small == large
    assert small <= 8


def test_one_initiative_with_everything_costs_a_fixed_number_of_statements(api, scaled_api):
    query = (BENCH / "initiative.graphql").read_text()
    variables = {"id": "SW5pdGlhdGl2ZTox"}  # Initiative:1, the portal with its children
    assert statements(api, query, variables) == statements(scaled_api, query, variables)


def test_every_relation_costs_one_statement_whatever_the_page_size(api):
    query = """query($n: Int) { initiatives(first: $n) { nodes { id plan { id } owner { id }
      metrics(first: 10) { nodes { id latestMeasurement { value } } }
      events(first: 10) { nodes { actor { id } } } tags } } }"""
    few = statements(api, query, {"n": 2})
    many = statements(api, query, {"n": 60})
    assert few == many


def test_the_evidence_of_any_number_of_assessments_costs_the_same_statements(api):
    """Each assessment's evidence is computed for its own period, from the same few reads."""
    query = """query($n: Int) { balanceAssessments(first: $n) {
      nodes { periodStart indicators { tension summary } } } }"""
    many = api.query("margaret", query, {"n": 8})["balanceAssessments"]["nodes"]
    assert len({node["periodStart"] for node in many}) == 8
    assert statements(api, query, {"n": 1}) == statements(api, query, {"n": 8})
