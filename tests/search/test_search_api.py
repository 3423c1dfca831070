"""The one search box through the API, on both databases: a word in a description is found and
marked; a hidden plan's initiative never is, nor counted; a title ranks above a description;
the last word matches by prefix; letters compare without accents; the index follows every
indexed table's changes (triggers) and held what existed when it was made; paging and filters
by kind; a query too long is refused naming it; a bounded number of statements."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from server.db import make_sync_engine
from tests.support.demo import EMAIL_PLAN, STRATEGIC

SEARCH = """query($q: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(query: $q, kinds: $kinds, first: $first, after: $after) {
    totalCount counts { kind count } pageInfo { hasNextPage endCursor }
    nodes { kind link title { text matched } snippet { text matched }
      node { id ... on Initiative { title } } } } }"""
PROPOSE = """mutation($input: ProposeInitiativeInput!) { proposeInitiative(input: $input) {
  initiative { id version } errors { field message } } }"""
UPDATE = """mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) {
  initiative { id version } errors { field message } } }"""


def search(api, person: str, words: str, **variables) -> dict:
    return api.query(person, SEARCH, {"q": words, **variables})["search"]


def marked(parts: list[dict]) -> str:
    return "".join(f"[{p['text']}]" if p["matched"] else p["text"] for p in parts)


def propose(api, person: str, plan: str, title: str, description: str = "") -> dict:
    proposed = api.mutate(person, PROPOSE, {"input": {
        "planId": plan, "title": title, "description": description,
    }})  # fmt: skip
    assert proposed["errors"] == []
    return proposed["initiative"]


def test_a_word_in_a_description_is_found_and_marked(api):
    made = propose(api, "priya", EMAIL_PLAN, "Tidy the shared mailboxes",
                   "Archive what the zeppelin project left behind.")  # fmt: skip
    found = search(api, "nora", "zeppelin")
    assert found["totalCount"] == 1
    (hit,) = found["nodes"]
    assert hit["kind"] == "INITIATIVE" and hit["node"]["id"] == made["id"]
    assert hit["link"] == f"/initiatives/{made['id']}"
    assert marked(hit["title"]) == "Tidy the shared mailboxes"
    assert "Archive what the [zeppelin] project left behind" in marked(hit["snippet"])
    counts = {c["kind"]: c["count"] for c in found["counts"]}
    assert counts["INITIATIVE"] == 1 and sum(counts.values()) == 1


def test_a_hidden_plans_initiative_is_never_found_nor_counted(api):
    # "Phishing simulation programme" sits in the confidential security plan.
    for person, sees in (("omar", True), ("ada", True), ("nora", False), ("priya", False)):
        found = search(api, person, "phishing simulation", kinds=["INITIATIVE"])
        titles = [h["node"]["title"] for h in found["nodes"]]
        assert titles == (["Phishing simulation programme"] if sees else []), person
        counts = {c["kind"]: c["count"] for c in found["counts"]}
        assert counts["INITIATIVE"] == (1 if sees else 0), person


def test_a_title_ranks_above_a_description_and_the_last_word_is_a_prefix(api):
    below = propose(api, "ada", STRATEGIC, "Review the archive policy",
                    "Ask the quokka team first.")  # fmt: skip
    above = propose(api, "ada", STRATEGIC, "Quokka rollout", "")
    found = search(api, "ada", "quokk")
    assert [h["node"]["id"] for h in found["nodes"]] == [above["id"], below["id"]]
    assert marked(found["nodes"][0]["title"]) == "[Quokka] rollout"
    assert search(api, "ada", "quokka roll")["totalCount"] == 1  # every word must match
    assert search(api, "ada", "quok rollout")["totalCount"] == 0  # only the last is a prefix


def test_letters_compare_without_case_or_accents(api):
    propose(api, "ada", STRATEGIC, "Café Zürich opening hours", "Ümlaut ÉTÉ")
    for words in ("cafe zurich", "CAFÉ", "zuri", "umlaut ete"):
        assert search(api, "ada", words)["totalCount"] == 1, words


def test_the_index_follows_changes_to_a_title(api):
    made = propose(api, "ada", STRATEGIC, "Aardvark census", "")
    assert search(api, "ada", "aardvark")["totalCount"] == 1
    changed = api.mutate("ada", UPDATE, {"input": {
        "id": made["id"], "expectedVersion": made["version"], "title": "Pangolin census",
    }})  # fmt: skip
    assert changed["errors"] == []
    assert search(api, "ada", "aardvark")["totalCount"] == 0
    assert search(api, "ada", "pangolin")["totalCount"] == 1


INDEXED = {  # table, column written, kind
    "initiatives": ("title", "INITIATIVE"),
    "suggestions": ("description", "SUGGESTION"),
    "metrics": ("name", "METRIC"),
    "services": ("description", "SERVICE"),
    "processes": ("scope", "PROCESS"),
    "objectives": ("title", "OBJECTIVE"),
    "stakeholders": ("contact", "STAKEHOLDER"),
    "people": ("name", "PERSON"),
}


def test_every_indexed_table_is_kept_in_the_index(api):
    """What the demo loaded was indexed as it was written (the insert triggers); a change to
    any searched column of any indexed table is found at once (the update triggers)."""
    engine = make_sync_engine(api.url, pooled=False)
    with engine.begin() as connection:
        for number, (table, (column, _)) in enumerate(INDEXED.items()):
            first = connection.execute(text(f"SELECT min(id) FROM {table}")).scalar()
            connection.execute(
                text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                {"value": f"Wombat{number} marker", "id": first},
            )
    engine.dispose()
    for number, (_, kind) in enumerate(INDEXED.values()):
        found = search(api, "ada", f"wombat{number}")
        assert [h["kind"] for h in found["nodes"]] == [kind], kind
    assert search(api, "ada", "Ada Lindqvist")["totalCount"] == 0  # renamed Wombat7
    assert search(api, "ada", "lindqvist")["totalCount"] == 0


def test_the_migration_indexes_what_exists(database_url):
    """Rows written before the index existed are found once it is made."""
    from alembic import command
    from server.cli import alembic_config

    config = alembic_config(database_url)
    command.downgrade(config, "0022_mail")
    engine = make_sync_engine(database_url, pooled=False)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO services (name, description, lifecycle, cost_currency) "
            "VALUES ('Numbat hosting', 'Runs on the okapi cluster', 'live', 'EUR')"
        ))  # fmt: skip
    command.upgrade(config, "head")
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            found = connection.execute(text(
                "SELECT count(*) FROM search_index WHERE document @@ to_tsquery('simple', 'okapi')"
            )).scalar()  # fmt: skip
        else:
            found = connection.execute(text(
                "SELECT count(*) FROM search_index WHERE search_index MATCH 'okapi'"
            )).scalar()  # fmt: skip
    engine.dispose()
    assert found == 1


def test_paging_and_the_filter_by_kind(api):
    everything = search(api, "ada", "e", first=5)
    assert everything["totalCount"] > 10 and len(everything["nodes"]) == 5
    assert everything["pageInfo"]["hasNextPage"]
    after = everything["pageInfo"]["endCursor"]
    following = search(api, "ada", "e", first=5, after=after)
    first_ids = {h["node"]["id"] for h in everything["nodes"]}
    assert first_ids.isdisjoint(h["node"]["id"] for h in following["nodes"])
    counts = {c["kind"]: c["count"] for c in everything["counts"]}
    only = search(api, "ada", "e", kinds=["METRIC", "SERVICE"], first=100)
    assert only["totalCount"] == counts["METRIC"] + counts["SERVICE"]
    assert {h["kind"] for h in only["nodes"]} == {"METRIC", "SERVICE"}
    assert {c["kind"]: c["count"] for c in only["counts"]} == counts  # counts: every kind


def test_people_are_found_but_only_administrators_get_a_link(api):
    for person, link in (("ada", True), ("nora", False)):
        (hit,) = search(api, person, "margaret okafor")["nodes"]
        assert hit["kind"] == "PERSON"
        assert (hit["link"] is not None) == link, person


@pytest.mark.parametrize(
    ("words", "message"),
    [("x" * 201, "`query`: at most 200 characters."), ("a " * 9, "`query`: at most 8 words.")],
)
def test_a_query_too_long_is_refused_naming_it(api, words, message):
    body = api.post("nora", SEARCH, {"q": words}).json()
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [message]


def test_blank_words_find_nothing(api):
    found = search(api, "nora", "  ?! ")
    assert found["totalCount"] == 0 and found["nodes"] == []


def test_the_statements_do_not_grow_with_the_hits(api):
    from tests.support.clients import statements

    none = statements(api, SEARCH, {"q": "zzzznothing"})
    few = statements(api, SEARCH, {"q": "quarterly", "first": 2})
    many = statements(api, SEARCH, {"q": "e", "first": 100})
    # The counts, then the page and the things on it (one statement per kind shown).
    assert none <= 2, none
    assert few <= many <= none + 1 + 8, (few, many)
