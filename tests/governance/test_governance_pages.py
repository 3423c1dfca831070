"""A process's page without JavaScript: its definition, activities, RACI matrix, policies,
metrics, plan and suggestions; the definition as it stood on a day; its owner keeps it with the
forms there, errors beside their fields, while its practitioner and manager see no form and are
refused if they post one."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.support.demo import process_id
from tests.support.pages import csrf, shown_day, text_of

INCIDENT = f"/processes/{process_id('incident')}"


def error_beside(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return match.group(1) if match else None


def activity_ids(page: str) -> list[str]:
    return re.findall(r'<li id="activity-([^"]+)">', page)


def test_the_page_shows_the_definition_raci_policies_and_work(signed_in):
    page = signed_in("nora").get(INCIDENT)
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Restore normal service operation" in text
    assert "Not covered: service requests" in text  # the scope's Markdown, rendered
    assert "<strong>Not</strong>" in page.text
    for heading in ("Activities", "Who does what", "Policies", "Metrics", "Improvement plan",
                    "Open suggestions", "Changes to the definition"):  # fmt: skip
        assert f">{heading}</h2>" in page.text, heading
    assert len(activity_ids(page.text)) == 5
    matrix = page.text[page.text.index('<table class="raci">') :]
    matrix = matrix[: matrix.index("</table>")]
    assert '<th scope="col">Process owner</th>' in matrix
    assert '<abbr title="Accountable">A</abbr>' in matrix
    assert '<abbr title="Responsible">R</abbr>' in matrix
    assert "Review due" in text and "Retired" in text
    assert "Mean time to restore" in text  # the metrics panel
    assert "Adopted the policy 'Major incidents get a review'" in text
    assert "Change this activity" not in text and "Adopt a policy" not in text


def test_the_definition_as_it_stood_on_a_day(signed_in):
    client = signed_in("ben")
    day = (date.today() - timedelta(days=355)).isoformat()
    text = text_of(client.get(f"{INCIDENT}?asOf={day}").text)
    assert f"As it stood on {shown_day(day)}" in text
    assert "after “Adopted the policy 'Callbacks within a day'”" in text
    then = text[text.index(f"As it stood on {shown_day(day)}") : text.index("Back to today") + 2000]
    assert "Callbacks within a day" in then
    early = text_of(client.get(f"{INCIDENT}?asOf=2020-01-01").text)
    assert f"had no written definition yet on {shown_day('2020-01-01')}" in early
    wrong = client.get(f"{INCIDENT}?asOf=yesterday")
    assert wrong.status_code == 200
    assert error_beside(wrong.text, "asOf") == "Give the day as a date, e.g. 2026-01-31."


def test_the_owner_adds_an_activity_sets_its_raci_and_adopts_a_policy(signed_in):
    client = signed_in("carlos")
    page = client.get(INCIDENT)
    assert "Add an activity" in page.text and "Adopt a policy" in page.text
    token = csrf(page.text)
    nameless = client.post(f"{INCIDENT}/activities", data={"csrf_token": token, "name": ""})
    assert nameless.status_code == 422
    assert error_beside(nameless.text, "activity-name") == "must not be empty"
    added = client.post(
        f"{INCIDENT}/activities",
        data={"csrf_token": token, "name": "Communicate", "position": "2",
              "procedure": "Post on the **status page**."},
    )  # fmt: skip
    assert added.status_code == 303
    page = client.get(INCIDENT)
    assert "The activity was added." in page.text
    assert "<strong>status page</strong>" in page.text
    new = activity_ids(page.text)[1]
    manager_role = re.search(r'name="(role-[^"]+)">\s*<option value=""[^>]*>No part</option>',
                             page.text[page.text.index(f"/activities/{new}/raci"):])  # fmt: skip
    assert manager_role
    saved = client.post(
        f"{INCIDENT}/activities/{new}/raci",
        data={"csrf_token": csrf(page.text), manager_role[1]: "RESPONSIBLE"},
    )
    assert saved.status_code == 303
    page = client.get(INCIDENT)
    assert "Who does what was saved." in page.text
    today = date.today()
    late = client.post(
        f"{INCIDENT}/policies",
        data={"csrf_token": csrf(page.text), "title": "Status page first",
              "statement": "A P1 is on the status page within 15 minutes.",
              "effectiveOn": today.isoformat(),
              "reviewOn": (today - timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert late.status_code == 422
    assert (
        error_beside(late.text, "policy-reviewOn") == "must not be before the day it takes effect"
    )
    adopted = client.post(
        f"{INCIDENT}/policies",
        data={"csrf_token": csrf(page.text), "title": "Status page first",
              "statement": "A P1 is on the status page within 15 minutes.",
              "effectiveOn": today.isoformat(),
              "reviewOn": (today + timedelta(days=180)).isoformat()},
    )  # fmt: skip
    assert adopted.status_code == 303
    text = text_of(client.get(INCIDENT).text)
    assert "The policy was adopted." in text and "Status page first" in text
    assert "Adopted the policy 'Status page first'" in text


def test_the_practitioner_sees_no_form_and_is_refused(signed_in):
    client = signed_in("ben")
    page = client.get(INCIDENT)
    assert "Who does what in" not in page.text and "Add an activity" not in page.text
    first = activity_ids(page.text)[0]
    refused = client.post(
        f"{INCIDENT}/activities/{first}/raci",
        data={"csrf_token": csrf(page.text)},
    )
    assert refused.status_code == 403
