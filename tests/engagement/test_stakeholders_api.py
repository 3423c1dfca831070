"""Stakeholders and the services they use, through the API: administrators and business
relationship managers add and edit them, a relationship owner edits their own, nobody else;
each service lists its stakeholders."""

from __future__ import annotations

import pytest

ERRORS = "errors { field code message }"
FIELDS = """id name kind contact version viewerMayEdit relationshipOwner { name }
  services { service { name } since notes }"""
CREATE = f"""mutation($input: CreateStakeholderInput!) {{ createStakeholder(input: $input) {{
  stakeholder {{ {FIELDS} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($input: UpdateStakeholderInput!) {{ updateStakeholder(input: $input) {{
  stakeholder {{ {FIELDS} }} {ERRORS} }} }}"""
LINK = f"""mutation($input: LinkStakeholderServiceInput!) {{ linkStakeholderService(input: $input)
  {{ stakeholder {{ {FIELDS} }} {ERRORS} }} }}"""
UNLINK = f"""mutation($input: UnlinkStakeholderServiceInput!) {{
  unlinkStakeholderService(input: $input) {{ stakeholder {{ {FIELDS} }} {ERRORS} }} }}"""


def ids(api, root: str, key: str = "name") -> dict[str, str]:
    data = api.query("ada", f"{{ {root}(first: 100) {{ nodes {{ id {key} }} }} }}")
    return {node[key]: node["id"] for node in data[root]["nodes"]}


def test_the_demo_stakeholders_and_each_services_stakeholders(api):
    data = api.query(
        "nora",
        """{ stakeholders(first: 20) { totalCount nodes { name kind relationshipOwner { name }
              services { service { name } since } } }
            services(first: 20) { nodes { name stakeholders { stakeholder { name } notes } } } }""",
    )
    names = [node["name"] for node in data["stakeholders"]["nodes"]]
    assert names == sorted(names) and "Sales department" in names
    sales = next(n for n in data["stakeholders"]["nodes"] if n["name"] == "Sales department")
    assert sales["kind"] == "BUSINESS_UNIT"
    assert sales["relationshipOwner"] == {"name": "Sam Adeyemi"}
    assert [s["service"]["name"] for s in sales["services"]] == [
        "Collaboration", "E-mail", "Service Desk",
    ]  # fmt: skip
    email = next(n for n in data["services"]["nodes"] if n["name"] == "E-mail")
    sales_note = "Heaviest mail users; quarterly review with Rita."
    assert {"stakeholder": {"name": "Sales department"}, "notes": sales_note} in (
        email["stakeholders"]
    )


def test_a_business_relationship_manager_adds_a_stakeholder_and_its_services(api):
    services = ids(api, "services")
    created = api.mutate(
        "sam", CREATE,
        {"input": {"name": "Marketing", "kind": "BUSINESS_UNIT", "contact": "Jo, head of brand"}},
    )  # fmt: skip
    assert created["errors"] == []
    stakeholder = created["stakeholder"]
    assert stakeholder["relationshipOwner"] is None
    linked = api.mutate(
        "sam", LINK,
        {"input": {"stakeholderId": stakeholder["id"], "serviceId": services["Collaboration"],
                   "since": "2024-03-01", "notes": "Video calls with agencies"}},
    )  # fmt: skip
    assert linked["stakeholder"]["services"] == [
        {"service": {"name": "Collaboration"}, "since": "2024-03-01",
         "notes": "Video calls with agencies"}
    ]  # fmt: skip
    changed = api.mutate(
        "sam", LINK,
        {"input": {"stakeholderId": stakeholder["id"], "serviceId": services["Collaboration"],
                   "notes": "Agencies and webinars"}},
    )  # fmt: skip
    assert changed["stakeholder"]["services"][0]["notes"] == "Agencies and webinars"
    unlinked = api.mutate(
        "sam", UNLINK,
        {"input": {"stakeholderId": stakeholder["id"], "serviceId": services["Collaboration"]}},
    )  # fmt: skip
    assert unlinked["stakeholder"]["services"] == []
    twice = api.mutate(
        "sam", UNLINK,
        {"input": {"stakeholderId": stakeholder["id"], "serviceId": services["Collaboration"]}},
    )  # fmt: skip
    assert twice["errors"][0]["field"] == ["input", "serviceId"]


def test_the_relationship_owner_edits_their_own_and_nobody_else_may(api):
    stakeholders = ids(api, "stakeholders")
    northwind = stakeholders["Northwind Hosting"]  # Lena keeps it
    own = api.mutate("lena", UPDATE, {"input": {"id": northwind, "contact": "Piet, +31 20 555"}})
    assert own["errors"] == [] and own["stakeholder"]["contact"] == "Piet, +31 20 555"
    hand_over = api.mutate(
        "lena", UPDATE, {"input": {"id": northwind, "relationshipOwnerId": None}}
    )
    assert hand_over["errors"][0]["code"] == "FORBIDDEN"
    for person in ("priya", "nora", "margaret"):
        refused = api.mutate(person, UPDATE, {"input": {"id": northwind, "contact": "x"}})
        assert refused["errors"][0]["code"] == "FORBIDDEN", person
        add = api.mutate(person, CREATE, {"input": {"name": "X", "kind": "SUPPLIER"}})
        assert add["errors"][0]["code"] == "FORBIDDEN", person
    admin = api.mutate("ada", UPDATE, {"input": {"id": northwind, "kind": "CUSTOMER"}})
    assert admin["errors"] == [] and admin["stakeholder"]["kind"] == "CUSTOMER"
    stale = api.mutate(
        "ada", UPDATE, {"input": {"id": northwind, "kind": "SUPPLIER", "expectedVersion": 1}}
    )
    assert stale["errors"][0]["code"] == "CONFLICT"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": " ", "kind": "SUPPLIER"}, ["input", "name"], "must not be empty"),
        ({"name": "finance", "kind": "SUPPLIER"}, ["input", "name"],
         "a stakeholder is already called “finance”"),
        ({"name": "Y", "kind": "SUPPLIER", "contact": "c" * 301}, ["input", "contact"],
         "must be at most 300 characters (got 301)"),
        ({"name": "Y", "kind": "SUPPLIER", "relationshipOwnerId": "UGVyc29uOjk5OTk"},
         ["input", "relationshipOwnerId"], "no active person has this id"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_adds_nothing(api, fields, field, message):
    before = api.query("ada", "{ stakeholders { totalCount } }")["stakeholders"]["totalCount"]
    payload = api.mutate("sam", CREATE, {"input": fields})
    assert payload["stakeholder"] is None
    assert payload["errors"][0]["field"] == field
    assert payload["errors"][0]["message"] == message
    assert (
        api.query("ada", "{ stakeholders { totalCount } }")["stakeholders"]["totalCount"] == before
    )


def test_a_future_since_is_refused(api):
    stakeholders, services = ids(api, "stakeholders"), ids(api, "services")
    payload = api.mutate(
        "sam", LINK,
        {"input": {"stakeholderId": stakeholders["Finance"], "serviceId": services["Network"],
                   "since": "2999-01-01"}},
    )  # fmt: skip
    assert payload["errors"] == [
        {"field": ["input", "since"], "code": "INVALID", "message": "must not be in the future"}
    ]


def test_who_may_manage_stakeholders(api):
    query = "{ viewerMayManageStakeholders }"
    for person, expected in [("ada", True), ("sam", True), ("lena", False), ("nora", False)]:
        body = api.post(person, query, scope="read_write").json()
        assert body["data"]["viewerMayManageStakeholders"] is expected, person
    filtered = api.query(
        "nora", '{ stakeholders(filter: {kind: [SUPPLIER], search: "north"}) { nodes { name } } }'
    )
    assert filtered["stakeholders"]["nodes"] == [{"name": "Northwind Hosting"}]
