"""Changing many initiatives at once through the API: each row through the same rules as one
change; a stale or refused row says why while the others are made; nothing changed at all is
an error with nothing written; at most 500 rows."""

from __future__ import annotations

from tests.support.demo import EMAIL_PLAN, person_id

ERRORS = "errors { field code message }"
BULK = f"""mutation($input: BulkUpdateInitiativesInput!) {{ bulkUpdateInitiatives(input: $input) {{
  initiatives {{ id title priority owner {{ name }} tags status }}
  results {{ id changed errors {{ field code message }} }} {ERRORS} }} }}"""
PLAN = """query($id: ID!) { node(id: $id) { ... on Plan { initiatives(first: 50) { nodes {
  id title status version priority tags } } } } }"""


def rows(api, person: str = "priya") -> list[dict]:
    return api.query(person, PLAN, {"id": EMAIL_PLAN})["node"]["initiatives"]["nodes"]


def test_priority_owner_and_tags_for_many_with_a_stale_row_refused(api):
    nodes = rows(api)
    assert len(nodes) >= 3
    items = [{"id": n["id"], "expectedVersion": n["version"]} for n in nodes[:3]]
    items[1]["expectedVersion"] += 7  # as if someone changed it since the page was read
    answer = api.mutate(
        "priya", BULK,
        {"input": {"items": items, "priority": "HIGH", "addTags": ["q3-review"],
                   "ownerId": person_id("priya")}},
    )  # fmt: skip
    assert answer["errors"] == []
    assert [r["changed"] for r in answer["results"]] == [True, False, True]
    (refused,) = answer["results"][1]["errors"]
    assert refused["code"] == "CONFLICT"
    assert refused["field"] == ["input", "items", "1", "expectedVersion"]
    assert {i["priority"] for i in answer["initiatives"]} == {"HIGH"}
    assert all("q3-review" in i["tags"] for i in answer["initiatives"])
    after = {n["id"]: n for n in rows(api)}
    assert "q3-review" not in after[nodes[1]["id"]]["tags"]
    removed = api.mutate(
        "priya", BULK,
        {"input": {"items": [{"id": nodes[0]["id"],
                              "expectedVersion": after[nodes[0]["id"]]["version"]}],
                   "removeTags": ["Q3-REVIEW"]}},
    )  # fmt: skip
    assert "q3-review" not in removed["initiatives"][0]["tags"]


def test_a_step_for_many_goes_only_where_the_lifecycle_and_roles_allow(api):
    nodes = rows(api)
    items = [{"id": n["id"], "expectedVersion": n["version"]} for n in nodes]
    answer = api.mutate("priya", BULK, {"input": {"items": items, "transition": "APPROVE"}})
    proposed = [n["id"] for n in nodes if n["status"] == "PROPOSED"]
    assert proposed
    for node, result in zip(nodes, answer["results"], strict=True):
        assert result["changed"] is (node["id"] in proposed), node["title"]
        if not result["changed"]:
            assert result["errors"][0]["code"] == "INVALID_TRANSITION"
    assert {i["status"] for i in answer["initiatives"]} == {"APPROVED"}


def test_nothing_changed_is_an_error_and_writes_nothing(api):
    nodes = rows(api)
    items = [{"id": n["id"], "expectedVersion": n["version"]} for n in nodes[:2]]
    for person in ("nora", "jonas"):
        refused = api.mutate(person, BULK, {"input": {"items": items, "priority": "LOW"}})
        assert refused["results"] is None and refused["initiatives"] is None
        assert refused["errors"][0]["code"] in ("FORBIDDEN", "NOT_FOUND"), person
    for change, field in [
        ({}, ["input"]),
        ({"priority": "LOW", "transition": "START"}, ["input", "transition"]),
        ({"transition": "COMPLETE"}, ["input", "transition"]),
    ]:
        refused = api.mutate("priya", BULK, {"input": {"items": items, **change}})
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [(field, "INVALID")]
    empty = api.mutate("priya", BULK, {"input": {"items": [], "priority": "LOW"}})
    assert empty["errors"][0]["field"] == ["input", "items"]
    many = [items[0]] * 501
    assert api.mutate("priya", BULK, {"input": {"items": many, "priority": "LOW"}})[
        "errors"][0]["message"].startswith("at most 500")  # fmt: skip


PROPOSE = f"""mutation($input: ProposeInitiativeInput!) {{ proposeInitiative(input: $input) {{
  initiative {{ id version }} {ERRORS} }} }}"""


def test_fifty_at_once_report_each_result(api):
    items = []
    for n in range(50):
        made = api.mutate("priya", PROPOSE, {"input": {"planId": EMAIL_PLAN,
                                                        "title": f"Bulk {n}"}})  # fmt: skip
        items.append({"id": made["initiative"]["id"], "expectedVersion": 1})
    items.append({"id": items[0]["id"], "expectedVersion": 1})  # sent twice: stale the second time
    answer = api.mutate("priya", BULK, {"input": {"items": items, "transition": "APPROVE"}})
    assert len(answer["results"]) == 51
    assert [r["changed"] for r in answer["results"]] == [True] * 50 + [False]
    assert answer["results"][50]["errors"][0]["code"] == "CONFLICT"
    assert len(answer["initiatives"]) == 50
    assert {i["status"] for i in answer["initiatives"]} == {"APPROVED"}
