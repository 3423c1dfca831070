"""Strategic initiatives executed through children, derived roll-ups, and administrators'
changes to people, roles, tokens, services, processes, plans and offerings."""

from __future__ import annotations

from schema.core.ids import to_global_id
from tests.support.initiatives import initiatives_in

PORTAL = to_global_id("Initiative", 1)  # "Introduce a self-service portal", in the demo


def initiative_by_title(api, title: str) -> dict:
    return api.query(
        "ada",
        f'{{ initiatives(filter: {{search: "{title}"}}) {{ nodes {{ id version status '
        "plan { kind } } } }",
    )["initiatives"]["nodes"][0]


def rollup(api) -> dict:
    return api.query(
        "margaret",
        f'{{ node(id: "{PORTAL}") {{ ... on Initiative {{ rollup {{ percentComplete health '
        "childCount } children(first: 50) { nodes { status latestStatusUpdate { "
        "percentComplete health } } } } } }",
    )["node"]


def test_the_rollup_is_derived_from_the_children(api):
    node = rollup(api)
    children = node["children"]["nodes"]
    counted = [c for c in children if c["status"] not in ("REJECTED", "CANCELLED")]
    percents = [
        100 if c["status"] == "COMPLETED" else (c["latestStatusUpdate"] or {}).get(
            "percentComplete", 0)
        for c in counted
    ]  # fmt: skip
    assert node["rollup"]["childCount"] == len(children) == 5
    assert node["rollup"]["percentComplete"] == round(sum(percents) / len(percents))


def test_linking_and_unlinking_children_changes_the_rollup_at_once(api):
    child = initiative_by_title(api, "Right-size idle virtual machines")  # completed, 100%
    before = rollup(api)["rollup"]
    linked = api.mutate(
        "margaret",
        f'mutation {{ linkChildInitiative(input: {{parentId: "{PORTAL}", childId: "{child["id"]}"'
        "}) { initiative { parent { id } } errors { code message } } }",
    )
    assert linked["errors"] == [] and linked["initiative"]["parent"]["id"] == PORTAL
    after = rollup(api)["rollup"]
    assert after["childCount"] == before["childCount"] + 1
    assert after["percentComplete"] >= before["percentComplete"]
    unlinked = api.mutate(
        "margaret",
        f'mutation {{ unlinkChildInitiative(input: {{childId: "{child["id"]}"}}) '
        "{ initiative { parent { id } } errors { code } } }",
    )
    assert unlinked == {"initiative": {"parent": None}, "errors": []}
    assert rollup(api)["rollup"] == before


def test_children_must_live_in_subordinate_plans_and_only_strategic_work_has_children(api):
    strategic = initiative_by_title(api, "Adopt a value-stream operating model")
    refused = api.mutate(
        "margaret",
        f'mutation {{ linkChildInitiative(input: {{parentId: "{PORTAL}", childId: '
        f'"{strategic["id"]}"}}) {{ errors {{ field message }} }} }}',
    )
    assert refused["errors"][0]["field"] == ["input", "childId"]
    service_work = initiative_by_title(api, "Shorten mailbox provisioning to one hour")
    other = initiative_by_title(api, "Guest access for partners")
    refused = api.mutate(
        "priya",
        f'mutation {{ linkChildInitiative(input: {{parentId: "{service_work["id"]}", childId: '
        f'"{other["id"]}"}}) {{ errors {{ field code message }} }} }}',
    )
    assert refused["errors"] == [
        {"field": ["input", "parentId"], "code": "INVALID",
         "message": "only initiatives in the strategic plan are executed through children"}
    ]  # fmt: skip
    refused = api.mutate(
        "nora",
        f'mutation {{ linkChildInitiative(input: {{parentId: "{PORTAL}", childId: '
        f'"{other["id"]}"}}) {{ errors {{ code }} }} }}',
    )
    assert refused["errors"] == [{"code": "FORBIDDEN"}]


FREE = """{ initiatives(first: 500, filter: {planKind: [SERVICE_IMPROVEMENT,
  PROCESS_IMPROVEMENT, SECURITY_IMPROVEMENT, CONTINUITY_IMPROVEMENT, SKILL_DEVELOPMENT],
  hasParent: false}) { totalCount nodes { id parent { id } } } }"""
LINKED = "{ initiatives(first: 500, filter: {hasParent: true}) { nodes { parent { id } } } }"


def test_the_filter_finds_the_work_that_executes_no_strategic_initiative(api):
    free = api.query("margaret", FREE)["initiatives"]
    assert free["totalCount"] > 0
    assert {node["parent"] is None for node in free["nodes"]} == {True}
    linked = api.query("margaret", LINKED)["initiatives"]["nodes"]
    assert linked and {node["parent"] is not None for node in linked} == {True}


MAY_LINK = """query($id: ID!) { node(id: $id) { ... on Initiative { viewerMayLinkChildren } } }"""


def test_the_strategic_plans_maintainers_may_link_children_and_no_one_else(api):
    service_work = initiative_by_title(api, "Shorten mailbox provisioning to one hour")["id"]
    for person, may in (("margaret", True), ("ada", True), ("priya", False), ("nora", False)):
        body = api.post(person, MAY_LINK, {"id": PORTAL}, scope="read_write").json()
        assert body["data"]["node"]["viewerMayLinkChildren"] is may, person
        body = api.post(person, MAY_LINK, {"id": service_work}, scope="read_write").json()
        assert body["data"]["node"]["viewerMayLinkChildren"] is False, person
    read_only = api.query("margaret", MAY_LINK, {"id": PORTAL})["node"]
    assert read_only["viewerMayLinkChildren"] is False


CANDIDATES = """query($id: ID!, $search: String) { node(id: $id) { ... on Initiative {
  childCandidates(first: 200, search: $search) { totalCount pageInfo { hasNextPage }
    nodes { id title status parent { id } plan { kind } } } } } }"""


def candidates(api, person: str, initiative: str, search: str | None = None, scope="read_write"):
    body = api.post(person, CANDIDATES, {"id": initiative, "search": search}, scope=scope).json()
    assert "errors" not in body, body
    return body["data"]["node"]["childCandidates"]


def test_the_strategic_plans_maintainers_are_offered_the_work_they_may_link(api):
    offered = candidates(api, "margaret", PORTAL)
    assert offered["totalCount"] == len(offered["nodes"]) > 0
    assert not offered["pageInfo"]["hasNextPage"]
    titles = [node["title"] for node in offered["nodes"]]
    assert titles == sorted(titles)
    for node in offered["nodes"]:
        assert node["parent"] is None and node["plan"]["kind"] != "STRATEGIC", node
        assert node["status"] not in ("REJECTED", "CANCELLED"), node
    # The same work the filter finds, less what was turned down.
    free = api.query("margaret", FREE)["initiatives"]["nodes"]
    statuses = api.query("margaret", "{ initiatives(first: 500) { nodes { id status } } }")[
        "initiatives"
    ]["nodes"]
    dead = {node["id"] for node in statuses if node["status"] in ("REJECTED", "CANCELLED")}
    assert {node["id"] for node in offered["nodes"]} == {n["id"] for n in free} - dead
    assert candidates(api, "ada", PORTAL)["totalCount"] == offered["totalCount"]


def test_no_one_else_is_offered_children_to_link(api):
    service_work = initiative_by_title(api, "Shorten mailbox provisioning to one hour")["id"]
    for person in ("priya", "nora"):
        assert candidates(api, person, PORTAL) is None, person
    assert candidates(api, "margaret", PORTAL, scope="read") is None  # a read-only token
    assert candidates(api, "margaret", service_work) is None  # not strategic work


def test_linking_a_candidate_takes_it_off_the_list_and_search_narrows_it(api):
    child = initiative_by_title(api, "Guest access for partners")
    found = candidates(api, "margaret", PORTAL, "guest ACCESS")
    assert [node["title"] for node in found["nodes"]] == ["Guest access for partners"]
    linked = api.mutate(
        "margaret",
        f'mutation {{ linkChildInitiative(input: {{parentId: "{PORTAL}", childId: "{child["id"]}"'
        "}) { errors { code } } }",
    )
    assert linked == {"errors": []}
    assert candidates(api, "margaret", PORTAL, "guest access")["nodes"] == []
    api.mutate(
        "margaret",
        f'mutation {{ unlinkChildInitiative(input: {{childId: "{child["id"]}"}}) '
        "{ errors { code } } }",
    )
    assert len(candidates(api, "margaret", PORTAL, "guest access")["nodes"]) == 1


def test_a_search_too_long_is_refused_naming_it(api):
    body = api.post(
        "margaret", CANDIDATES, {"id": PORTAL, "search": "x" * 1000}, scope="read_write"
    ).json()
    assert body["data"]["node"] is None or body["data"]["node"]["childCandidates"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "search"}
    assert "`search` must be at most" in body["errors"][0]["message"]


def test_an_administrator_manages_a_person_from_creation_to_deactivation(api):
    created = api.mutate(
        "ada",
        'mutation { createPerson(input: {email: "New.Person@Example.org", name: "New Person", '
        'password: "long-enough-pw"}) { person { id email isActive } errors { field code } } }',
    )
    assert created["errors"] == [] and created["person"]["email"] == "new.person@example.org"
    person = created["person"]["id"]
    duplicate = api.mutate(
        "ada",
        'mutation { createPerson(input: {email: "new.person@example.org", name: "Again"}) '
        "{ errors { field code } } }",
    )
    assert duplicate["errors"] == [{"field": ["input", "email"], "code": "DUPLICATE"}]
    roles = api.query("ada", "{ roles(first: 20) { nodes { id slug } } }")["roles"]["nodes"]
    owner_role = next(r["id"] for r in roles if r["slug"] == "service_owner")
    services = api.query("ada", "{ services(first: 20) { nodes { id name } } }")["services"]
    email = next(s["id"] for s in services["nodes"] if s["name"] == "E-mail")
    assigned = api.mutate(
        "ada",
        f'mutation {{ assignRole(input: {{personId: "{person}", roleId: "{owner_role}", '
        f'serviceId: "{email}"}}) {{ roleAssignment {{ id service {{ name }} role {{ slug }} }} '
        "errors { code } } }",
    )
    assert assigned["roleAssignment"]["service"]["name"] == "E-mail"
    again = api.mutate(
        "ada",
        f'mutation {{ assignRole(input: {{personId: "{person}", roleId: "{owner_role}", '
        f'serviceId: "{email}"}}) {{ errors {{ code message }} }} }}',
    )
    assert again["errors"][0]["code"] == "DUPLICATE"
    renamed = api.mutate(
        "ada",
        f'mutation {{ updatePerson(input: {{id: "{person}", name: "Renamed Person"}}) '
        "{ person { name } errors { code } } }",
    )
    assert renamed == {"person": {"name": "Renamed Person"}, "errors": []}
    removed = api.mutate(
        "ada",
        f'mutation {{ unassignRole(input: {{id: "{assigned["roleAssignment"]["id"]}"}}) '
        "{ person { roleAssignments { totalCount } } errors { code } } }",
    )
    assert removed["person"]["roleAssignments"]["totalCount"] == 0
    deactivated = api.mutate(
        "ada",
        f'mutation {{ deactivatePerson(input: {{id: "{person}"}}) {{ person {{ isActive }} '
        "errors { code } } }",
    )
    assert deactivated == {"person": {"isActive": False}, "errors": []}
    entries = api.query(
        "ada", '{ auditLog(first: 50, filter: {entityType: ["Person", "RoleAssignment"]}) '
        "{ nodes { action entityType } } }",
    )["auditLog"]["nodes"]  # fmt: skip
    assert {(e["action"], e["entityType"]) for e in entries} >= {
        ("CREATE", "Person"), ("UPDATE", "Person"), ("CREATE", "RoleAssignment"),
        ("DELETE", "RoleAssignment"),
    }  # fmt: skip


def test_people_create_and_revoke_their_own_tokens_and_the_secret_shows_once(api):
    created = api.mutate(
        "nora",
        'mutation { createApiToken(input: {name: "My report", scope: READ, expiresInDays: 30}) '
        "{ secret token { id prefix scope expiresAt person { name } } errors { code } } }",
    )
    assert created["secret"].startswith(f"stw_{created['token']['prefix']}_")
    assert created["token"]["person"]["name"] == "Nora Quinn"
    response = api.client.post(
        "/graphql", json={"query": "{ viewer { name } }"},
        headers={"authorization": f"Bearer {created['secret']}"},
    )  # fmt: skip
    assert response.json() == {"data": {"viewer": {"name": "Nora Quinn"}}}
    others = api.mutate(
        "priya",
        f'mutation {{ revokeApiToken(input: {{id: "{created["token"]["id"]}"}}) '
        "{ errors { code } } }",
    )
    assert others["errors"] == [{"code": "NOT_FOUND"}]
    revoked = api.mutate(
        "nora",
        f'mutation {{ revokeApiToken(input: {{id: "{created["token"]["id"]}"}}) '
        "{ token { revokedAt } errors { code } } }",
    )
    assert revoked["token"]["revokedAt"] is not None
    response = api.client.post(
        "/graphql", json={"query": "{ viewer { name } }"},
        headers={"authorization": f"Bearer {created['secret']}"},
    )  # fmt: skip
    assert response.status_code == 401


def test_a_service_and_a_process_arrive_with_their_improvement_plans(api):
    service = api.mutate(
        "ada",
        'mutation { createService(input: {name: "Printing", lifecycle: PIPELINE}) '
        "{ service { name improvementPlan { name kind } } errors { code } } }",
    )
    assert service["service"]["improvementPlan"] == {
        "name": "Printing improvement plan", "kind": "SERVICE_IMPROVEMENT",
    }  # fmt: skip
    process = api.mutate(
        "ada",
        'mutation { createProcess(input: {name: "Capacity Management", planName: '
        '"Capacity plan"}) { process { improvementPlan { name kind } } errors { code } } }',
    )
    assert process["process"]["improvementPlan"] == {
        "name": "Capacity plan", "kind": "PROCESS_IMPROVEMENT",
    }  # fmt: skip
    refused = api.mutate(
        "ada",
        'mutation { createPlan(input: {kind: SERVICE_IMPROVEMENT, name: "Loose plan"}) '
        "{ errors { field code } } }",
    )
    assert refused["errors"] == [{"field": ["input", "kind"], "code": "INVALID"}]
    offering = api.mutate(
        "ada",
        'mutation { createService(input: {name: "Scanning", lifecycle: LIVE}) '
        "{ service { id } errors { code } } }",
    )["service"]["id"]
    added = api.mutate(
        "ada",
        f'mutation {{ createOffering(input: {{serviceId: "{offering}", name: "Scan to mail", '
        "kind: SERVICE_ACTION}) { offering { name service { name } } errors { code } } }",
    )
    assert added["offering"] == {"name": "Scan to mail", "service": {"name": "Scanning"}}


def test_the_security_plan_stays_confidential(api):
    plans = api.query("ada", "{ plans(first: 50) { nodes { id kind } } }")["plans"]["nodes"]
    security = next(p["id"] for p in plans if p["kind"] == "SECURITY_IMPROVEMENT")
    refused = api.mutate(
        "ada",
        f'mutation {{ updatePlan(input: {{id: "{security}", confidential: false}}) '
        "{ errors { field code } } }",
    )
    assert refused["errors"] == [{"field": ["input", "confidential"], "code": "INVALID"}]


def test_completed_work_cannot_be_edited(api):
    done = initiatives_in(api, "COMPLETED")[0]
    payload = api.mutate(
        done["owner"]["email"].split("@")[0],
        f'mutation {{ updateInitiative(input: {{id: "{done["id"]}", expectedVersion: '
        f'{done["version"]}, description: "late"}}) {{ errors {{ field message }} }} }}',
    )
    assert payload["errors"][0]["message"] == "cannot be changed while the initiative is completed"
