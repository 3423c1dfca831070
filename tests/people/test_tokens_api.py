"""`apiTokens` lists the viewer's own tokens (administrators may name a person), and
`auditLog(filter: {search})` finds changes by the changed thing's name or the actor's."""

from __future__ import annotations

from schema.core.ids import to_global_id
from tests.support.clients import StatementCounter

TOKENS = """query($person: ID) { apiTokens(first: 50, person: $person) {
  totalCount nodes { name scope revokedAt person { name } } } }"""
NEW_TOKEN = """mutation($name: String!) { createApiToken(input: {name: $name}) {
  token { id } errors { message } } }"""
NORA = to_global_id("Person", 13)
ADA = to_global_id("Person", 1)


def names(api, key: str, person: str | None = None) -> list[str]:
    data = api.query(key, TOKENS, {"person": person})["apiTokens"]
    assert data["totalCount"] == len(data["nodes"])
    return [node["name"] for node in data["nodes"]]


def test_everyone_lists_their_own_tokens_newest_first(api):
    api.token("nora")  # the suite's own read token, made before the two below
    api.mutate("nora", NEW_TOKEN, {"name": "First"})
    api.mutate("nora", NEW_TOKEN, {"name": "Second"})
    mine = names(api, "nora")
    assert mine[:2] == ["Second", "First"] and set(mine) >= {"test read", "test read_write"}
    assert all(node["person"]["name"] == "Nora Quinn"
               for node in api.query("nora", TOKENS)["apiTokens"]["nodes"])  # fmt: skip
    assert "First" not in names(api, "ada")  # an administrator's own list is their own


def test_administrators_may_name_a_person_and_others_see_nothing_of_anyone_else(api):
    api.mutate("nora", NEW_TOKEN, {"name": "Nora's"})
    assert "Nora's" in names(api, "ada", NORA)
    assert names(api, "margaret", NORA) == []
    assert names(api, "nora", ADA) == []
    assert names(api, "ada", to_global_id("Plan", 1)) == []


def test_listing_tokens_with_their_owner_costs_the_same_for_few_or_many(api):
    def count() -> int:
        api.query("ada", TOKENS, {"person": NORA})
        counter = StatementCounter(api.client)
        try:
            api.query("ada", TOKENS, {"person": NORA})
        finally:
            counter.close()
        return counter.count

    api.token("ada")
    api.mutate("nora", NEW_TOKEN, {"name": "one"})
    few = count()
    for number in range(6):
        api.mutate("nora", NEW_TOKEN, {"name": f"more {number}"})
    assert count() == few


def test_the_audit_log_search_matches_names_of_things_and_actors(api):
    api.mutate("nora", NEW_TOKEN, {"name": "Weekly 100% report"})
    query = """query($search: String) { auditLog(first: 50, filter: {search: $search}) {
      totalCount nodes { entityLabel actorName } } }"""
    by_label = api.query("ada", query, {"search": "weekly 100%"})["auditLog"]
    assert by_label["totalCount"] == 1
    assert by_label["nodes"][0]["entityLabel"].startswith("Weekly 100% report")
    by_actor = api.query("ada", query, {"search": "QUINN"})["auditLog"]
    assert by_actor["totalCount"] >= 1
    assert all("Quinn" in node["actorName"] or "Quinn" in node["entityLabel"]
               for node in by_actor["nodes"])  # fmt: skip
    assert api.query("ada", query, {"search": "1_0%"})["auditLog"]["totalCount"] == 0


def test_a_refused_root_list_beside_another_fails_cleanly(api):
    query = """{ auditLog(first: 5, after: "not-a-cursor") { totalCount }
      people(first: 5) { totalCount } }"""
    messages = api.errors("ada", query)
    assert any("is not a cursor from this list" in message for message in messages)
