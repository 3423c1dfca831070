"""The metric forms and the corrective action route: saving redirects to the metric's page,
bad input comes back beside the field with everything kept, and only those allowed get in."""

from __future__ import annotations

import re

from tests.support.demo import metric_id, objective_id
from tests.support.pages import csrf

FORM = {
    "name": "Mailbox quota complaints",
    "unit": "count",
    "direction": "DOWN",
    "frequency": "MONTHLY",
    "shouldMeasure": "on",
    "canMeasure": "on",
    "dataSource": "Ticketing system",
    "baselineValue": "40",
    "baselineDate": "2026-01-01",
    "targetValue": "10",
    "targetDate": "2027-06-30",
    "amberTolerance": "2.5",
}


def filled(html: str) -> dict:
    """What a browser would post from the form as it was rendered."""
    form: dict = dict(
        re.findall(
            r'<input id="metric-\w+" name="(\w+)"(?: type="(?:text|date)")? value="([^"]*)"', html
        )
    )
    for name, options in re.findall(r'<select id="metric-\w+" name="(\w+)"[^>]*>(.*?)</select>',
                                    html, re.S):  # fmt: skip
        chosen = re.findall(r'<option value="([^"]*)" selected>', options)
        if name.endswith("Ids"):
            form[name] = chosen
        elif chosen:
            form[name] = chosen[0]
    return form


def plan_id(html: str, name: str) -> str:
    return re.search(rf'<option value="([^"]+)">{re.escape(name)}</option>', html).group(1)


def test_the_plan_owner_defines_a_metric_and_lands_on_its_page(signed_in):
    client = signed_in("priya")
    page = client.get("/metrics/new")
    assert page.status_code == 200
    assert '<label for="metric-dataSource">' in page.text
    goal = objective_id("E-mail available 99.9% of every month")
    response = client.post(
        "/metrics/new",
        data={**FORM, "csrf_token": csrf(page.text),
              "planId": plan_id(page.text, "E-mail improvement plan"), "objectiveIds": [goal]},
    )  # fmt: skip
    assert response.status_code == 303
    assert re.fullmatch(r"/metrics/[\w-]+", response.headers["location"])
    new_id = response.headers["location"].rsplit("/", 1)[1]
    edit = client.get(f"/metrics/{new_id}/edit")
    assert edit.status_code == 200
    assert 'value="Mailbox quota complaints"' in edit.text and 'value="2.5"' in edit.text
    assert f'<option value="{goal}" selected>' in edit.text


def test_bad_input_is_shown_beside_the_field_with_the_input_kept(signed_in):
    client = signed_in("priya")
    page = client.get("/metrics/new")
    plan = plan_id(page.text, "E-mail improvement plan")
    token = csrf(page.text)
    cases = [
        ({"dataSource": ""}, "dataSource", "needs one"),
        ({"amberTolerance": "-1"}, "amberTolerance", "must not be negative"),
        ({"targetValue": "lots"}, "targetValue", "must be a number"),
        ({"targetDate": "2025-01-01"}, "targetDate", "must not be before the baseline date"),
        ({"baselineDate": "yesterday"}, "baselineDate", "must be a date"),
    ]
    for changes, field, message in cases:
        response = client.post(
            "/metrics/new",
            data={**FORM, "csrf_token": token, "planId": plan, **changes},
            headers={"accept": "text/html"},
        )
        assert response.status_code == 422, field
        error = re.search(rf'<small class="field-error" id="error-{field}">([^<]+)<', response.text)
        assert error and message in error.group(1), (field, response.text[:200])
        assert 'value="Mailbox quota complaints"' in response.text


def test_a_plan_the_viewer_does_not_own_is_refused_beside_the_plan(signed_in):
    client = signed_in("jonas")
    page = client.get("/metrics/new")
    response = client.post(
        "/metrics/new",
        data={**FORM, "csrf_token": csrf(page.text),
              "planId": plan_id(page.text, "E-mail improvement plan")},
        headers={"accept": "text/html"},
    )  # fmt: skip
    assert response.status_code == 422
    assert 'id="error-planId"' in response.text and "define metrics in this plan" in response.text


def test_the_owner_edits_and_others_may_not_open_the_form(signed_in, demo_client):
    mttr = metric_id("Mean time to restore")
    client = signed_in("carlos")
    page = client.get(f"/metrics/{mttr}/edit")
    assert page.status_code == 200
    form = filled(page.text)
    assert form["direction"] == "DOWN" and form["planId"] and form["objectiveIds"]
    form.update(canMeasure="on", shouldMeasure="on", targetValue="3.5", csrf_token=csrf(page.text))
    saved = client.post(f"/metrics/{mttr}/edit", data=form)
    assert saved.status_code == 303 and saved.headers["location"] == f"/metrics/{mttr}"
    assert 'value="3.5"' in client.get(f"/metrics/{mttr}/edit").text
    client.post("/sign-out", data={"csrf_token": csrf(page.text)})
    refused = signed_in("nora").get(f"/metrics/{mttr}/edit", headers={"accept": "text/html"})
    assert refused.status_code == 403


def test_the_corrective_action_route_raises_and_redirects_to_the_new_initiative(signed_in):
    client = signed_in("priya")
    page = client.get("/objectives")
    token = csrf(page.text)
    response = client.post(
        f"/metrics/{metric_id('E-mail availability')}/corrective-action", data={"csrf_token": token}
    )
    assert response.status_code == 303
    initiative = client.get(response.headers["location"])
    assert ">Corrective action: E-mail availability</h1>" in initiative.text
    assert "Proposed" in initiative.text
    green = client.post(
        f"/metrics/{metric_id('Spam reaching inboxes')}/corrective-action",
        data={"csrf_token": token}, headers={"accept": "text/html"},
    )  # fmt: skip
    assert green.status_code == 422 and "it is on target (green)" in green.text
    missing = client.post(
        "/metrics/not-an-id/corrective-action", data={"csrf_token": token},
        headers={"accept": "text/html"},
    )  # fmt: skip
    assert missing.status_code == 404


def test_the_forms_link_the_query_they_ran(signed_in):
    from tests.support.pages import explorer_link

    client = signed_in("ada")  # an administrator: the page's query link is shown to them
    assert "query NewMetric" in explorer_link(client.get("/metrics/new").text)["query"]
    edit = explorer_link(client.get(f"/metrics/{metric_id('Mean time to restore')}/edit").text)
    assert "query EditMetric" in edit["query"] and "variables" in edit
    assert "query Gaps" in explorer_link(client.get("/gaps").text)["query"]
    assert "query Objectives" in explorer_link(client.get("/objectives").text)["query"]
