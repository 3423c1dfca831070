"""Saved views through the API: kept per person and page, shared ones seen by everyone, the same
name replaces, the paging cursor never kept; deleted by the owner or an administrator; bad
input refused with the field named and nothing written."""

from __future__ import annotations

from tests.support.demo import EMAIL_PLAN

ERRORS = "errors { field code message }"
SAVE = f"""mutation($input: SaveViewInput!) {{ saveView(input: $input) {{
  view {{ id name path query shared owner {{ name }} viewerMayDelete }} {ERRORS} }} }}"""
DELETE = f"""mutation($input: DeleteSavedViewInput!) {{ deleteSavedView(input: $input) {{
  deletedViewId {ERRORS} }} }}"""
LIST = """query($path: String) { savedViews(path: $path, first: 20) { totalCount
  nodes { name query shared owner { name } } } }"""
PAGE = f"/plans/{EMAIL_PLAN}"


def views(api, person: str, path: str | None = PAGE) -> list[dict]:
    return api.query(person, LIST, {"path": path})["savedViews"]["nodes"]


def test_a_view_is_kept_for_its_owner_and_shared_ones_for_everyone(api):
    mine = api.mutate(
        "priya", SAVE,
        {"input": {"path": PAGE, "name": "Running, by end",
                   "query": "status=IN_PROGRESS&sort=plannedEnd&after=abc&format=csv"}},
    )  # fmt: skip
    assert mine["errors"] == []
    assert mine["view"]["query"] == "status=IN_PROGRESS&sort=plannedEnd"  # no cursor, no export
    assert mine["view"]["viewerMayDelete"] is True and mine["view"]["shared"] is False
    shared = api.mutate(
        "priya", SAVE,
        {"input": {"path": PAGE, "name": "At risk", "query": "health=AT_RISK", "shared": True}},
    )  # fmt: skip
    assert shared["errors"] == []
    assert [v["name"] for v in views(api, "priya")] == ["At risk", "Running, by end"]
    assert [v["name"] for v in views(api, "jonas")] == ["At risk"]  # only the shared one
    assert views(api, "jonas", "/metrics") == []
    # the same name on the same page replaces the earlier view
    again = api.mutate(
        "priya", SAVE, {"input": {"path": PAGE, "name": "Running, by end", "query": "sort=title"}}
    )
    assert again["view"]["id"] == mine["view"]["id"] and again["view"]["query"] == "sort=title"


def test_only_the_owner_or_an_administrator_deletes_a_view(api):
    shared = api.mutate(
        "priya", SAVE, {"input": {"path": PAGE, "name": "Team", "query": "", "shared": True}}
    )["view"]
    refused = api.mutate("jonas", DELETE, {"input": {"id": shared["id"]}})
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    private = api.mutate("priya", SAVE, {"input": {"path": PAGE, "name": "Mine"}})["view"]
    hidden = api.mutate("jonas", DELETE, {"input": {"id": private["id"]}})
    assert hidden["errors"][0]["code"] == "NOT_FOUND"  # another's own view is not seen
    assert api.mutate("ada", DELETE, {"input": {"id": shared["id"]}})["errors"] == []
    deleted = api.mutate("priya", DELETE, {"input": {"id": private["id"]}})
    assert deleted == {"deletedViewId": private["id"], "errors": []}
    assert views(api, "priya") == []


def test_bad_views_are_refused_with_the_field_named(api):
    cases = [
        ({"path": PAGE, "name": "  "}, "name"),
        ({"path": PAGE, "name": "x" * 81}, "name"),
        ({"path": "metrics", "name": "No slash"}, "path"),
        ({"path": "//evil.example/x", "name": "Elsewhere"}, "path"),
        ({"path": "/metrics?rag=RED", "name": "With a query"}, "path"),
        ({"path": PAGE, "name": "Long", "query": "q=" + "a" * 2100}, "query"),
    ]
    for given, field in cases:
        answer = api.mutate("priya", SAVE, {"input": given})
        assert answer["view"] is None and answer["errors"][0]["field"] == ["input", field], given
    assert views(api, "priya", None) == []
