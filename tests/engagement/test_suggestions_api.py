"""The open improvement register through the API: anyone signed in suggests, the owner of the
plan it concerns triages it, and an accepted suggestion becomes a proposed initiative linked
both ways. Suggestions to the confidential plan stay between their author and those who see it."""

from __future__ import annotations

import pytest

ERRORS = "errors { field code message }"
FIELDS = """id title status planKind triageNote version supportCount viewerSupports
  availableActions plan { name } author { name } decidedBy { name }
  initiative { id title status plan { name } } mergedInto { title }"""
SUBMIT = f"""mutation($input: SubmitSuggestionInput!) {{ submitSuggestion(input: $input) {{
  suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
EDIT = f"""mutation($input: EditSuggestionInput!) {{ editSuggestion(input: $input) {{
  suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
ACCEPT = f"""mutation($input: AcceptSuggestionInput!) {{ acceptSuggestion(input: $input) {{
  suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
DECLINE = f"""mutation($input: DeclineSuggestionInput!) {{ declineSuggestion(input: $input) {{
  suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
MERGE = f"""mutation($input: MergeSuggestionInput!) {{ mergeSuggestion(input: $input) {{
  suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
ASK = f"""mutation($input: RequestSuggestionInformationInput!) {{
  requestSuggestionInformation(input: $input) {{ suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
SUPPORT = f"""mutation($input: SupportSuggestionInput!) {{ supportSuggestion(input: $input) {{
  suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
WITHDRAW = f"""mutation($input: WithdrawSuggestionInput!) {{ withdrawSuggestion(input: $input) {{
  suggestion {{ {FIELDS} }} {ERRORS} }} }}"""
NODE = f"""query($id: ID!) {{ node(id: $id) {{ ... on Suggestion {{ {FIELDS} }} }} }}"""


def service_id(api, name: str) -> str:
    nodes = api.query("ada", "{ services(first: 50) { nodes { id name } } }")["services"]["nodes"]
    return next(node["id"] for node in nodes if node["name"] == name)


def node(api, person: str, suggestion_id: str) -> dict | None:
    """The suggestion as a person sees it with a read-write token (what they could do)."""
    body = api.post(person, NODE, {"id": suggestion_id}, scope="read_write").json()
    assert "errors" not in body, body
    return body["data"]["node"]


def submit(api, person: str, **fields) -> dict:
    payload = api.mutate(person, SUBMIT, {"input": {"kind": "STRATEGIC", **fields}})
    assert payload["errors"] == [], payload
    return payload["suggestion"]


def test_a_person_without_a_role_suggests_and_the_steering_committee_accepts(api):
    suggestion = submit(
        api, "nora", title="A self-service portal for new starters",
        description="Joiners wait a week for accounts; the portfolio has no onboarding service.",
    )  # fmt: skip
    assert suggestion["status"] == "SUBMITTED"
    assert suggestion["plan"] == {"name": "Strategic plan 2026-2028"}
    assert suggestion["author"] == {"name": "Nora Quinn"}
    assert suggestion["availableActions"] == ["EDIT", "WITHDRAW"]
    seen_by_margaret = node(api, "margaret", suggestion["id"])
    assert seen_by_margaret["availableActions"] == [
        "ACCEPT", "DECLINE", "MERGE", "REQUEST_INFORMATION", "SUPPORT",
    ]  # fmt: skip

    supported = api.mutate("priya", SUPPORT, {"input": {"id": suggestion["id"]}})
    assert supported["suggestion"]["supportCount"] == 1
    assert supported["suggestion"]["viewerSupports"] is True
    again = api.mutate("priya", SUPPORT, {"input": {"id": suggestion["id"]}})
    assert again["errors"] == [  # once per person
        {"field": ["input", "support"], "code": "INVALID",
         "message": "You support this suggestion already."}
    ]  # fmt: skip

    accepted = api.mutate(
        "margaret", ACCEPT, {"input": {"id": suggestion["id"], "note": "Good catch."}}
    )
    assert accepted["errors"] == []
    done = accepted["suggestion"]
    assert done["status"] == "ACCEPTED"
    assert done["decidedBy"] == {"name": "Margaret Okafor"}
    assert done["initiative"]["title"] == "A self-service portal for new starters"
    assert done["initiative"]["status"] == "PROPOSED"
    assert done["initiative"]["plan"] == {"name": "Strategic plan 2026-2028"}
    initiative = api.query(
        "nora",
        """query($id: ID!) { node(id: $id) { ... on Initiative { rationale owner { name }
          suggestions(first: 5) { nodes { title author { name } } } } } }""",
        {"id": done["initiative"]["id"]},
    )["node"]
    assert initiative["rationale"].startswith("Suggested by Nora Quinn on ")
    assert initiative["owner"] == {"name": "Margaret Okafor"}
    assert initiative["suggestions"]["nodes"] == [
        {"title": "A self-service portal for new starters", "author": {"name": "Nora Quinn"}}
    ]
    mine = node(api, "nora", suggestion["id"])
    assert mine["status"] == "ACCEPTED" and mine["availableActions"] == []
    refused = api.mutate("margaret", DECLINE, {"input": {"id": suggestion["id"], "reason": "x"}})
    assert refused["errors"][0]["code"] == "INVALID_TRANSITION"
    assert "accepted" in refused["errors"][0]["message"]


def test_a_service_suggestion_lands_with_the_service_owner(api):
    email = service_id(api, "E-mail")
    suggestion = submit(
        api, "nora", kind="SERVICE_IMPROVEMENT", serviceId=email, title="Bigger mailboxes"
    )
    assert suggestion["plan"] == {"name": "E-mail improvement plan"}
    not_owner = api.mutate("margaret", DECLINE, {"input": {"id": suggestion["id"], "reason": "No"}})
    assert not_owner["errors"][0]["code"] == "FORBIDDEN"
    asked = api.mutate(
        "priya", ASK, {"input": {"id": suggestion["id"], "question": "How big, and for whom?"}}
    )
    assert asked["suggestion"]["status"] == "NEEDS_INFORMATION"
    assert asked["suggestion"]["triageNote"] == "How big, and for whom?"
    answered = api.mutate(
        "nora", EDIT,
        {"input": {"id": suggestion["id"], "description": "10 GB for the sales team",
                   "expectedVersion": asked["suggestion"]["version"]}},
    )  # fmt: skip
    assert answered["errors"] == []
    assert answered["suggestion"]["status"] == "SUBMITTED"
    stale = api.mutate(
        "nora", EDIT, {"input": {"id": suggestion["id"], "title": "x", "expectedVersion": 1}}
    )
    assert stale["errors"][0]["code"] == "CONFLICT"
    assert stale["errors"][0]["field"] == ["input", "expectedVersion"]
    no_reason = api.mutate("priya", DECLINE, {"input": {"id": suggestion["id"], "reason": " "}})
    assert no_reason["errors"] == [
        {"field": ["input", "reason"], "code": "INVALID",
         "message": "a reason is required to decline a suggestion"}
    ]  # fmt: skip
    declined = api.mutate(
        "priya", DECLINE, {"input": {"id": suggestion["id"], "reason": "Quotas are set by policy."}}
    )
    assert declined["suggestion"]["status"] == "DECLINED"
    assert declined["suggestion"]["triageNote"] == "Quotas are set by policy."


def test_a_duplicate_is_merged_and_its_support_carries_over(api):
    first = submit(api, "nora", title="Single sign-on for every internal tool")
    second = submit(api, "grace", title="Single sign-on for internal tools")
    api.mutate("carlos", SUPPORT, {"input": {"id": second["id"]}})
    similar = api.query(
        "priya", '{ similarSuggestions(title: "sign-on for internal tools") { title } }'
    )["similarSuggestions"]
    assert {s["title"] for s in similar} >= {first["title"], second["title"]}
    into_itself = api.mutate(
        "tom", MERGE, {"input": {"id": second["id"], "intoSuggestionId": second["id"]}}
    )
    assert into_itself["errors"][0]["field"] == ["input", "intoSuggestionId"]
    neither = api.mutate("tom", MERGE, {"input": {"id": second["id"]}})
    assert neither["errors"][0]["message"] == (
        "name either the suggestion or the initiative to merge it into"
    )
    merged = api.mutate(
        "tom", MERGE, {"input": {"id": second["id"], "intoSuggestionId": first["id"]}}
    )
    assert merged["errors"] == []
    assert merged["suggestion"]["status"] == "MERGED"
    assert merged["suggestion"]["mergedInto"] == {"title": first["title"]}
    target = node(api, "tom", first["id"])
    assert target["supportCount"] == 2  # carlos, and grace who raised the duplicate


def test_only_the_author_edits_or_withdraws_and_not_after_triage(api):
    suggestion = submit(api, "nora", title="Quiet hours for change windows")
    other = api.mutate("grace", WITHDRAW, {"input": {"id": suggestion["id"]}})
    assert other["errors"][0]["code"] == "FORBIDDEN"
    own_support = api.mutate("nora", SUPPORT, {"input": {"id": suggestion["id"]}})
    assert own_support["errors"][0]["field"] == ["input", "id"]
    withdrawn = api.mutate(
        "nora", WITHDRAW, {"input": {"id": suggestion["id"], "reason": "Already agreed."}}
    )
    assert withdrawn["suggestion"]["status"] == "WITHDRAWN"
    late = api.mutate("nora", EDIT, {"input": {"id": suggestion["id"], "title": "Later"}})
    assert late["errors"][0]["code"] == "INVALID_TRANSITION"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": " "}, ["input", "title"], "must not be empty"),
        ({"title": "x" * 201}, ["input", "title"], "must be at most 200 characters (got 201)"),
        ({"kind": "SERVICE_IMPROVEMENT", "title": "x"}, ["input", "serviceId"],
         "name the service whose improvement plan this is for"),
        ({"title": "x", "source": "METRIC"}, ["input", "sourceMetricId"],
         "name the metric this suggestion comes from"),
        ({"title": "x", "serviceId": "U2VydmljZTo5OTk5"}, ["input", "serviceId"],
         "no service has this id"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_writes_nothing(api, fields, field, message):
    before = api.query("ada", "{ suggestions { totalCount } }")["suggestions"]["totalCount"]
    payload = api.mutate("nora", SUBMIT, {"input": {"kind": "STRATEGIC", **fields}})
    assert payload["suggestion"] is None
    assert payload["errors"][0]["field"] == field
    assert payload["errors"][0]["message"] == message
    after = api.query("ada", "{ suggestions { totalCount } }")["suggestions"]["totalCount"]
    assert after == before


def test_a_security_suggestion_is_seen_by_its_author_and_the_plans_readers_only(api):
    secret = submit(api, "nora", kind="SECURITY_IMPROVEMENT", title="Phishing drills for finance")
    assert secret["plan"] is None  # nora may not see the security plan itself
    assert secret["planKind"] == "SECURITY_IMPROVEMENT"
    assert node(api, "nora", secret["id"])["title"] == secret["title"]
    for person in ("priya", "carlos", "grace"):
        assert node(api, person, secret["id"]) is None
        listed = api.query(person, "{ suggestions(first: 100) { nodes { id } } }")
        assert secret["id"] not in {n["id"] for n in listed["suggestions"]["nodes"]}
        support = api.mutate(person, SUPPORT, {"input": {"id": secret["id"]}})
        assert support["errors"][0]["code"] == "NOT_FOUND"
    omar = node(api, "omar", secret["id"])
    assert omar["plan"] == {"name": "Security improvement plan"}
    assert "ACCEPT" in omar["availableActions"]


def test_the_register_filters_and_counts_by_plan_and_state(api):
    submit(api, "nora", title="Counted idea one")
    submit(api, "nora", title="Counted idea two")
    data = api.query(
        "margaret",
        """{ suggestions(filter: {kind: [STRATEGIC], status: [SUBMITTED], search: "counted idea"},
             orderBy: TITLE) { totalCount nodes { title } }
           suggestionStats(filter: {kind: [STRATEGIC]}) { plan { name } status count } }""",
    )
    assert [n["title"] for n in data["suggestions"]["nodes"]] == [
        "Counted idea one", "Counted idea two",
    ]  # fmt: skip
    submitted = [g for g in data["suggestionStats"] if g["status"] == "SUBMITTED"]
    assert submitted and submitted[0]["plan"] == {"name": "Strategic plan 2026-2028"}
    assert submitted[0]["count"] >= 2


def test_a_read_only_token_may_not_suggest(api):
    body = api.post(
        "nora", SUBMIT, {"input": {"kind": "STRATEGIC", "title": "x"}}, scope="read"
    ).json()
    assert body["data"]["submitSuggestion"]["errors"][0]["code"] == "FORBIDDEN"
