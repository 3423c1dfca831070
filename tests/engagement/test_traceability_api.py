"""An initiative names the services it affects, whatever plan it is in, so security,
continuity and strategic work shows on every service it touches, as each viewer may see it."""

from __future__ import annotations

from tests.support.demo import demo_id, service_id

AFFECTING = """query($id: ID!) { node(id: $id) { ... on Service {
  affectingInitiatives(first: 50) { totalCount nodes { title plan { name } } } } } }"""
UPDATE = """mutation($id: ID!, $version: Int!, $services: [ID!]) { updateInitiative(input: {id: $id,
  expectedVersion: $version, serviceIds: $services}) {
  initiative { version affectedServices(first: 10) { nodes { name } } }
  errors { field code message } } }"""


def titles(api, person: str, service: str) -> set[str]:
    node = api.query(person, AFFECTING, {"id": service_id(service)})["node"]
    return {n["title"] for n in node["affectingInitiatives"]["nodes"]}


def test_work_in_other_plans_shows_on_the_services_it_affects(api):
    network = titles(api, "omar", "network")  # the security manager sees confidential work
    assert network >= {
        "Introduce a new malware detection system", "Upgrade the stand-by data centre",
        "Backup power for the network room",
    }  # fmt: skip
    assert "Introduce a new malware detection system" not in titles(api, "priya", "network")
    assert "Upgrade the stand-by data centre" in titles(api, "priya", "network")


def test_the_owner_names_the_services_an_initiative_affects(api):
    initiative = demo_id("Crisis communication plan")  # Grace's continuity initiative
    version = api.query(
        "grace", "query($id: ID!) { node(id: $id) { ... on Initiative { version } } }",
        {"id": initiative},
    )["node"]["version"]  # fmt: skip
    payload = api.mutate(
        "grace", UPDATE,
        {"id": initiative, "version": version,
         "services": [service_id("email"), service_id("collab"), service_id("email")]},
    )  # fmt: skip
    assert payload["errors"] == []
    assert [n["name"] for n in payload["initiative"]["affectedServices"]["nodes"]] == [
        "Collaboration", "E-mail",
    ]  # fmt: skip
    assert "Crisis communication plan" in titles(api, "nora", "collab")
    unknown = api.mutate(
        "grace", UPDATE,
        {"id": initiative, "version": payload["initiative"]["version"],
         "services": ["U2VydmljZTo5OTk"]},
    )  # fmt: skip
    assert unknown["errors"] == [
        {"field": ["input", "serviceIds"], "code": "NOT_FOUND",
         "message": "no service has the id number 999"}
    ]  # fmt: skip
