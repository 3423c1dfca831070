"""What the initiative and metric pages keep on record: the audit trail of an initiative's
fields, the benefit it realised when it completed, and the corrective actions that tie an
off-target metric to the initiative raised to fix it."""

from __future__ import annotations

import re

from schema.core.ids import to_global_id
from tests.support.pages import section, text_of

FIND = """query($search: String!) { initiatives(filter: {search: $search}) { nodes { id version
  metrics(first: 5) { nodes { id name } } } } }"""

TRAIL = """query($ids: [ID!]) { auditLog(first: 20, filter: {entity: $ids}) { totalCount
  nodes { entityType entityId action after } } }"""


def initiative(api, title: str) -> dict:
    return api.query("ada", FIND, {"search": title})["initiatives"]["nodes"][0]


def test_the_audit_log_filters_to_one_objects_trail(api):
    found = initiative(api, "Shorten mailbox provisioning to one hour")
    api.mutate(
        "priya",
        """mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) {
        errors { message } } }""",
        {"input": {"id": found["id"], "expectedVersion": found["version"], "priority": "LOW"}},
    )
    trail = api.query("ada", TRAIL, {"ids": [found["id"]]})["auditLog"]
    assert trail["totalCount"] >= 1
    assert {(n["entityType"], n["entityId"]) for n in trail["nodes"]} == {
        ("Initiative", found["id"])
    }
    assert trail["nodes"][0]["action"] == "UPDATE" and trail["nodes"][0]["after"] == {
        "priority": "low"
    }
    nothing = api.query("ada", TRAIL, {"ids": [to_global_id("Initiative", 9999)]})
    assert nothing["auditLog"]["totalCount"] == 0
    (message,) = api.errors("ada", TRAIL, {"ids": ["not-an-id"]})
    assert message.startswith("`filter.entity`: 'not-an-id'")


def test_the_initiative_page_shows_who_changed_which_field(api, signed_in):
    found = initiative(api, "Shorten mailbox provisioning to one hour")
    api.mutate(
        "priya",
        """mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) {
        errors { message } } }""",
        {"input": {"id": found["id"], "expectedVersion": found["version"], "priority": "LOW",
                   "tags": ["mailbox", "onboarding"]}},
    )  # fmt: skip
    page = signed_in("nora").get(f"/initiatives/{found['id']}")
    assert page.status_code == 200
    trail = text_of(section(page.text, "Audit trail"))
    assert "Priya Raman Update" in trail
    assert "Priority : medium → low" in trail
    assert "Tags : — → mailbox, onboarding" in trail


def test_a_completed_initiative_shows_its_realised_benefit_beside_baseline_and_target(
    api, signed_in
):
    found = initiative(api, "Replace end-of-life core switches")
    nora = signed_in("nora")
    before = nora.get(f"/initiatives/{found['id']}")
    assert "Realised benefit" not in before.text
    done = api.mutate(
        "jonas",
        """mutation($input: CompleteInitiativeInput!) { completeInitiative(input: $input) {
        errors { message } } }""",
        {"input": {"id": found["id"], "expectedVersion": found["version"],
                   "outcome": "ACHIEVED"}},
    )  # fmt: skip
    assert done["errors"] == []
    benefits = api.query(
        "nora",
        """query($id: ID!) { node(id: $id) { ... on Initiative { realisedBenefits {
        value attainment baseline target metric { name unit } } } } }""",
        {"id": found["id"]},
    )["node"]["realisedBenefits"]
    page = nora.get(f"/initiatives/{found['id']}")
    table = page.text[page.text.index('<table class="realised-benefits">') :]
    table = table[: table.index("</table>")]
    rows = [text_of(row).strip() for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)][1:]
    assert len(rows) == len(benefits) == 2
    for benefit in benefits:
        row = next(r for r in rows if r.startswith(benefit["metric"]["name"]))
        for value in (benefit["baseline"], benefit["value"], benefit["target"]):
            assert f"{value:g}" in row
        assert f"{benefit['attainment'] * 100:.0f}%" in row


def test_a_corrective_action_is_shown_on_the_metric_and_on_the_initiative(api, signed_in):
    metric_id = api.query(
        "ada", '{ metrics(filter: {search: "E-mail availability"}) { nodes { id } } }'
    )["metrics"]["nodes"][0]["id"]
    raised = api.mutate(
        "priya",
        """mutation($input: RaiseCorrectiveActionInput!) { raiseCorrectiveAction(input: $input) {
        initiative { id title } errors { message } } }""",
        {"input": {"metricId": metric_id}},
    )["initiative"]
    client = signed_in("priya")
    metric_page = client.get(f"/metrics/{metric_id}")
    listed = section(metric_page.text, "Corrective actions raised")
    assert f'href="/initiatives/{raised["id"]}"' in listed and raised["title"] in listed
    initiative_page = client.get(f"/initiatives/{raised['id']}")
    assert "Raised to correct" in initiative_page.text
    assert f'<a href="/metrics/{metric_id}">E-mail availability</a>' in initiative_page.text


def test_the_initiative_page_is_a_dashboard_of_its_metrics(api, signed_in):
    found = initiative(api, "Replace end-of-life core switches")
    page = signed_in("nora").get(f"/initiatives/{found['id']}").text
    table = page[page.index('<table class="metrics-compact">') :]
    table = table[: table.index("</tbody>\n  </table>\n  </div>")]
    for metric in found["metrics"]["nodes"]:
        assert f'<a href="/metrics/{metric["id"]}">{metric["name"]}</a>' in table
    assert table.count("<svg") == table.count('class="badge rag-') == 2  # a sparkline each


def test_an_in_place_swap_renders_the_metrics_and_the_trail_too(api, signed_in):
    found = initiative(api, "Replace end-of-life core switches")  # in progress, two metrics
    client = signed_in("jonas")
    page = client.get(f"/initiatives/{found['id']}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    swapped = client.post(
        f"/initiatives/{found['id']}/actions/STATUS_UPDATE",
        data={"csrf_token": token, "health": "AT_RISK", "percentComplete": "40", "note": "Late"},
        headers={"hx-request": "true"},
    )
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith('<div id="initiative"')
    assert swapped.text.count('class="badge rag-') >= 2 and "<svg" in swapped.text
    assert "<h2>History</h2>" in swapped.text  # the trail too, when it has entries
