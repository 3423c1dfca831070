"""Relay pagination: first/after, last/before, totals and page info, at the root and nested."""

from __future__ import annotations

import pytest

PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } " \
       "edges { cursor node { id } } nodes { id }"  # fmt: skip


def page(api, arguments: str, nested: bool = False) -> dict:
    if nested:
        query = f"{{ plans(first: 1) {{ nodes {{ initiatives({arguments}) {{ {PAGE} }} }} }} }}"
        return api.query("ada", query)["plans"]["nodes"][0]["initiatives"]
    return api.query("ada", f"{{ initiatives({arguments}) {{ {PAGE} }} }}")["initiatives"]


@pytest.mark.parametrize("nested", [False, True], ids=["root", "nested"])
def test_forward_and_backward_pages_cover_the_list_exactly_once(api, nested):
    everything = page(api, "first: 500", nested)
    all_ids = [node["id"] for node in everything["nodes"]]
    assert everything["totalCount"] == len(all_ids) >= 6
    assert [edge["node"]["id"] for edge in everything["edges"]] == all_ids

    forward, after = [], None
    while True:
        arguments = f'first: 4, after: "{after}"' if after else "first: 4"
        current = page(api, arguments, nested)
        forward += [node["id"] for node in current["nodes"]]
        assert current["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not current["pageInfo"]["hasNextPage"]:
            break
        after = current["pageInfo"]["endCursor"]
    assert forward == all_ids

    backward, before = [], None
    while True:
        arguments = f'last: 4, before: "{before}"' if before else "last: 4"
        current = page(api, arguments, nested)
        backward = [node["id"] for node in current["nodes"]] + backward
        if not current["pageInfo"]["hasPreviousPage"]:
            break
        before = current["pageInfo"]["startCursor"]
    assert backward == all_ids


def test_without_arguments_a_page_has_the_default_size(api):
    data = api.query("ada", "{ initiatives { totalCount nodes { id } pageInfo { hasNextPage } } }")
    assert len(data["initiatives"]["nodes"]) == 50
    assert data["initiatives"]["pageInfo"]["hasNextPage"] is True


def test_an_empty_page_has_no_cursors(api):
    data = page(api, 'first: 5, filter: {search: "no initiative is called this"}')
    assert data["nodes"] == [] and data["totalCount"] == 0
    assert data["pageInfo"] == {
        "hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("first: 501", "`first` on `initiatives` is 501; the limit is 500 rows per page."),
        ("last: 1000", "`last` on `initiatives` is 1000; the limit is 500 rows per page."),
        ("first: -1", "`first` must not be negative (got -1)."),
        ('first: 1, after: "bogus"', "`after` is not a cursor from this list: 'bogus'."),
    ],
)
def test_bad_paging_arguments_are_refused_with_the_reason(api, arguments, message):
    assert api.errors("ada", f"{{ initiatives({arguments}) {{ totalCount }} }}") == [message]


def test_page_sizes_from_variables_are_checked_too(api):
    query = "query($n: Int) { initiatives(first: $n) { nodes { id } } }"
    assert api.errors("ada", query, {"n": 501}) == [
        "`first` on `initiatives` is 501; the limit is 500 rows per page."
    ]
