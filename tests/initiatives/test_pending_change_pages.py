"""Changing what was approved, on the pages: the owner asks for a new budget on the initiative
page, the steering committee finds it in My work and decides it there; a new target held on a
metric is decided on the metric's page. Errors sit beside their fields and write nothing."""

from __future__ import annotations

import re

from tests.support.demo import MAIL_ROUTING as ROUTING
from tests.support.pages import csrf, field_error, section, text_of


def act(client, action: str, **fields):
    page = client.get(f"/initiatives/{ROUTING}")
    return client.post(
        f"/initiatives/{ROUTING}/actions/{action}",
        data={"csrf_token": csrf(page.text), **fields},
        headers={"accept": "text/html"},
    )


def change_id(html: str) -> str:
    return re.search(r'name="changeId" value="([^"]+)"', html).group(1)


def pending_change(api) -> str:
    found = api.query(
        "ada", "query($id: ID!) { node(id: $id) { ... on Initiative { pendingChanges { id } } } }",
        {"id": ROUTING},
    )  # fmt: skip
    return found["node"]["pendingChanges"][0]["id"]


def test_a_new_budget_is_asked_for_then_accepted_by_the_steering_committee(
    signed_in, demo_client, api
):
    priya = signed_in("priya")
    page = priya.get(f"/initiatives/{ROUTING}").text
    assert "Ask for a new budget…" in page and "Changes waiting for approval" not in page

    before = api.table_contents()
    missing = act(priya, "CHANGE_BUDGET", amount="72000", reason=" ")
    assert missing.status_code == 422
    assert field_error(missing.text, "reason") == "must not be empty"
    assert 'value="72000"' in missing.text  # the input is kept
    assert api.table_contents() == before

    assert act(priya, "CHANGE_BUDGET", amount="72000", reason="Two more nodes").status_code == 303
    waiting = priya.get(f"/initiatives/{ROUTING}").text
    listed = text_of(section(waiting, "Changes waiting for approval"))
    assert "Budget : €60,000.00 → €72,000.00" in listed and "Two more nodes" in listed
    assert "Accept the change" not in waiting  # Priya asks; she does not decide
    assert "€60,000.00 approved" in waiting

    demo_client.cookies.clear()
    margaret = signed_in("margaret")
    home = margaret.get("/").text
    assert f'<a href="/initiatives/{ROUTING}">Budget of Upgrade the mail routing cluster</a>' in (
        home
    )
    assert change_id(margaret.get(f"/initiatives/{ROUTING}").text) == pending_change(api)
    no_reason = act(margaret, "REJECT_CHANGE", changeId=pending_change(api), reason="")
    assert no_reason.status_code == 422
    assert field_error(no_reason.text, "reason") == "must not be empty"
    assert act(margaret, "ACCEPT_CHANGE", changeId=pending_change(api)).status_code == 303
    decided = margaret.get(f"/initiatives/{ROUTING}").text
    assert "€72,000.00 approved" in decided and "Changes waiting for approval" not in decided
    assert "Budget approved : 60000.00 → 72000.00" in text_of(section(decided, "Audit trail"))


def test_someone_who_may_not_decide_is_refused(signed_in, demo_client, api):
    act(signed_in("priya"), "CHANGE_BUDGET", amount="72000", reason="Two more nodes")
    demo_client.cookies.clear()
    nora = signed_in("nora")
    change = pending_change(api)
    before = api.table_contents()
    refused = act(nora, "ACCEPT_CHANGE", changeId=change)
    assert refused.status_code == 403
    assert api.table_contents() == before


ADOPTION_TARGET = """mutation($input: UpdateMetricInput!) { updateMetric(input: $input) {
  metric { id pendingChanges { id } } errors { message } } }"""


def test_a_held_target_is_decided_on_the_metrics_page(api, signed_in, demo_client):
    metric_id = api.query("ada", '{ metrics(filter: {search: "Self-service adoption"}) '
                          "{ nodes { id targetValue } } }")["metrics"]["nodes"][0]  # fmt: skip
    held = api.mutate("ada", ADOPTION_TARGET, {"input": {"id": metric_id["id"], "targetValue": 55}})
    assert len(held["metric"]["pendingChanges"]) == 1
    url = f"/metrics/{metric_id['id']}"

    ada = signed_in("ada")
    mine = ada.get(url).text
    assert "55 % waits for approval" in text_of(mine) or "55% waits for approval" in text_of(mine)
    assert "Accept the new target" not in mine

    demo_client.cookies.clear()
    margaret = signed_in("margaret")
    assert f'<a href="{url}#pending-change">Target of Self-service adoption</a>' in (
        margaret.get("/").text
    )
    page = margaret.get(url).text
    token, change = csrf(page), change_id(page)
    no_reason = margaret.post(
        f"{url}/decide-change",
        data={"csrf_token": token, "changeId": change, "decision": "reject", "reason": ""},
    )
    assert no_reason.status_code == 422
    assert '<p class="form-error" role="alert" id="error-decision">must not be empty</p>' in (
        no_reason.text
    )
    rejected = margaret.post(
        f"{url}/decide-change",
        data={"csrf_token": token, "changeId": change, "decision": "reject",
              "reason": "The portal has not launched yet"},
    )  # fmt: skip
    assert rejected.status_code == 303
    after = margaret.get(url).text
    assert "waits for approval" not in after
    target = api.query(
        "ada", "query($id: ID!) { node(id: $id) { ... on Metric { targetValue } } }",
        {"id": metric_id["id"]},
    )["node"]["targetValue"]  # fmt: skip
    assert target == metric_id["targetValue"]
