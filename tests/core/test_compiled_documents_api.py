"""Read documents answered by one compiled statement (schema/core/compiled_documents.py).

Every query the suite's API client sends is also answered by its compiled statement and must
agree byte for byte (Settings.check_compiled); these tests say that the compiled path is really
taken, for which shapes, that no viewer is ever served another kind of viewer's statement, and
that whatever it cannot answer still gets the stock answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.clients import ApiClient

BENCH = Path(__file__).resolve().parents[1] / "bench"

PLANS = """
query Plans($first: Int, $after: String) {
  plans(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name kind confidential createdAt __typename } }
  }
}
"""

SHAPES = [
    # a connection from its end, with and without the total and cursors
    ("query { initiatives(last: 3) { nodes { id title } } }", {}),
    (
        "query { initiatives(last: 3) { totalCount edges { cursor node { id } } "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
        {},
    ),
    # before and last; first and before
    (
        "query($b: String) { initiatives(last: 2, before: $b) { nodes { id } pageInfo { "
        "hasPreviousPage hasNextPage } } }",
        {"b": "Y3Vyc29yOjU"},
    ),
    (
        "query($b: String) { initiatives(first: 2, before: $b) { nodes { id } pageInfo { "
        "hasPreviousPage hasNextPage endCursor } } }",
        {"b": "Y3Vyc29yOjU"},
    ),
    # filters, ordering, aliases, fragments, directives, __typename
    (
        "query($s: [InitiativeStatus!]) { a: initiatives(first: 5, filter: {status: $s}, "
        "orderBy: TITLE, direction: DESC) { nodes { ...I } } b: initiatives(first: 1) { "
        "totalCount } } fragment I on Initiative { id title status priority plannedStart "
        "budgetRequested updatedAt version __typename }",
        {"s": ["IN_PROGRESS", "APPROVED"]},
    ),
    (
        "query($with: Boolean!) { plans { nodes { id name @include(if: $with) "
        "ownerRole { name } initiatives(first: 2) { nodes { id parent { id } } } } } }",
        {"with": False},
    ),
    # nested connections past their end
    (
        'query { plans(first: 2) { nodes { initiatives(first: 2, after: "Y3Vyc29yOjk5OQ") { '
        "nodes { id } pageInfo { hasNextPage hasPreviousPage } } } } }",
        {},
    ),
    # metrics with floats, the newest measurement, measurements from the end
    (
        "query { metrics(first: 20) { nodes { id name unit baselineValue targetValue direction "
        "latestMeasurement { takenAt value } measurements(last: 3) { nodes { value } } } } }",
        {},
    ),
    ("query { measurements(first: 5) { nodes { id takenAt value } } }", {}),
    ("query { services { nodes { id name lifecycle } } processes { nodes { name } } }", {}),
    # objectives and the work serving none
    (
        "query { objectives(first: 10) { totalCount nodes { id title level } } "
        "initiativesWithoutObjective(first: 5) { nodes { id title status } } }",
        {},
    ),
    # grouped counts and sums
    (
        "query { initiativeStats(groupBy: [PLAN, STATUS]) { plan { id name } status count "
        "budgetRequestedSum budgetApprovedSum } }",
        {},
    ),
    (
        "query($f: InitiativeFilter) { initiativeStats(filter: $f, groupBy: [HEALTH, PLAN_KIND, "
        "PRIORITY]) { health planKind priority status count budgetApprovedSum } }",
        {"f": {"status": ["IN_PROGRESS", "FUNDED", "COMPLETED"]}},
    ),
    ("query { initiativeStats { count budgetRequestedSum } }", {}),
    # nullable enums and dates
    (
        "query { initiatives(first: 60) { nodes { valueChainActivity outcome plannedEnd "
        "actualStart } } }",
        {},
    ),
]


def compiled_documents(api: ApiClient):
    return api.client.app.state.compiled_documents  # type: ignore[attr-defined]


def twice(api: ApiClient, key: str, query: str, variables: dict | None = None) -> bytes:
    """The answer to the second sending (the first teaches the document); both the same."""
    first = api.post(key, query, variables).content
    second = api.post(key, query, variables).content
    assert second == first
    return second


def test_the_benchmark_documents_are_answered_in_one_statement(api, backend):
    documents = compiled_documents(api)
    initiative = api.query("margaret", "{ initiatives(first: 1) { nodes { id } } }")
    subject = initiative["initiatives"]["nodes"][0]["id"]
    for name, variables in (("report", {}), ("initiative", {"id": subject})):
        query = (BENCH / f"{name}.graphql").read_text()
        before = documents.counters.answered
        twice(api, "margaret", query, variables)
        answered = documents.counters.answered - before
        # PostgreSQL: the first sending is checked against its compiled answer, the second is
        # answered by it; SQLite
        # keeps the planner.
        assert answered == (0 if backend == "sqlite" else 2), name


@pytest.mark.parametrize(("query", "variables"), SHAPES)
def test_shapes_agree_with_the_stock_answer(api, backend, query, variables):
    documents = compiled_documents(api)
    before = documents.counters.answered
    body = twice(api, "margaret", query, variables)
    assert b'"errors"' not in body
    if backend == "postgresql":
        assert documents.counters.answered > before, "the document went the stock way"


def test_paging_values_are_parameters_not_statements(api, backend):
    documents = compiled_documents(api)
    pages = []
    after = None
    while True:
        data = api.query("margaret", PLANS, {"first": 2, "after": after})["plans"]
        pages.append([edge["node"]["name"] for edge in data["edges"]])
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    names = [name for page in pages for name in page]
    everything = api.query("margaret", PLANS, {"first": 50})["plans"]
    assert names == [edge["node"]["name"] for edge in everything["edges"]]
    assert len(pages) >= 3
    if backend == "postgresql":
        # one document, one kind of viewer: two statements (with and without `after`)
        (found,) = [d for (q, _), d in documents.documents.items() if q == PLANS]
        assert len([s for s in found.statements.values() if s is not None]) == 2


def test_each_kind_of_viewer_gets_its_own_statement(api, backend):
    query = "query { plans(first: 50) { nodes { name confidential } } }"
    confidential = "Security improvement plan"

    def names(key: str) -> list[str]:
        return [p["name"] for p in api.query(key, query)["plans"]["nodes"]]

    for _ in range(2):
        assert confidential in names("margaret")  # the steering committee
        assert confidential not in names("jonas")  # a service owner
        assert confidential not in names("jonas")
        assert confidential in names("margaret")
    if backend == "postgresql":
        (found,) = [d for (q, _), d in compiled_documents(api).documents.items() if q == query]
        statements = [s for s in found.statements.values() if s is not None]
        assert len(statements) == 2
        assert statements[0].sql != statements[1].sql


def test_what_is_not_compiled_and_refused_values_go_the_stock_way(api, backend):
    documents = compiled_documents(api)
    # computed in Python: never compiled, always answered
    statuses = "{ metrics(first: 5) { nodes { name status } } }"
    assert twice(api, "margaret", statuses)
    # a page size the stock path refuses, after the same document was compiled
    query = "query($n: Int) { plans(first: $n) { nodes { id } } }"
    twice(api, "margaret", query, {"n": 2})
    stock = documents.counters.stock
    errors = api.errors("margaret", query, {"n": -1})
    assert errors == ["`first` must not be negative (got -1)."]
    if backend == "postgresql":
        assert documents.counters.stock > stock
    # and the document still answers the next good request
    assert len(api.query("margaret", query, {"n": 1})["plans"]["nodes"]) == 1


def test_unknown_and_hidden_ids_answer_null(api):
    query = "query($id: ID!) { node(id: $id) { id ... on Plan { name } } }"
    plans = api.query("margaret", "{ plans(first: 50) { nodes { id name } } }")["plans"]["nodes"]
    hidden = next(p["id"] for p in plans if p["name"] == "Security improvement plan")
    for _ in range(2):
        assert api.query("jonas", query, {"id": hidden}) == {"node": None}
        assert api.query("jonas", query, {"id": "nonsense"}) == {"node": None}
        assert api.query("margaret", query, {"id": hidden})["node"]["id"] == hidden


def test_clearing_forgets_every_statement(api, backend):
    documents = compiled_documents(api)
    twice(api, "margaret", "{ plans { nodes { id } } }")
    documents.clear()
    assert not documents.documents
    assert documents.counters.answered == 0
    twice(api, "margaret", "{ plans { nodes { id } } }")
    if backend == "postgresql":
        assert documents.counters.answered > 0


def test_a_page_past_the_end_still_counts_the_whole_list(api):
    query = """query($after: String) { plans(first: 50) { nodes { name
      initiatives(first: 5, after: $after) { totalCount nodes { id } } } } }"""
    whole = {
        p["name"]: p["initiatives"]["totalCount"]
        for p in api.query("margaret", query)["plans"]["nodes"]
    }
    assert sum(whole.values()) > 0
    past = api.query("margaret", query, {"after": "Y3Vyc29yOjk5OQ"})["plans"]["nodes"]  # 999
    assert {p["name"]: p["initiatives"]["totalCount"] for p in past} == whole
    assert all(p["initiatives"]["nodes"] == [] for p in past)


def test_a_statement_the_tables_no_longer_fit_is_forgotten(api, backend):
    """A migration under a running process: a statement written for columns that are gone
    fails; the answer comes the stock way and every statement is compiled afresh."""
    if backend != "postgresql":
        pytest.skip("statements are compiled on PostgreSQL only")
    documents = compiled_documents(api)
    query = "{ plans(first: 3) { nodes { id name } } }"
    expected = twice(api, "margaret", query)
    (found,) = [d for (q, _), d in documents.documents.items() if q == query]
    for compiled in found.statements.values():
        compiled.sql = compiled.sql.replace("plans.name", "plans.former_name")
    assert (
        api.client.post(
            "/graphql",
            json={"query": query},
            headers={"authorization": f"Bearer {api.token('margaret')}"},
        ).content
        == expected
    )
    assert documents.counters.failed == 1
    # compiled afresh on the next sending, from the tables as they are
    (found,) = [d for (q, _), d in documents.documents.items() if q == query]
    assert not [s for s in found.statements.values() if "former_name" in (s.sql if s else "")]
    assert twice(api, "margaret", query) == expected
    assert documents.counters.answered > 0
