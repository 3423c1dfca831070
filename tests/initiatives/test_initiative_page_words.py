"""The initiative page says things as people read them: dates planned or not, a report that
disagrees with the schedule explained, a long title kept to a modest heading, no empty audit
trail, and the propose form starting in its title."""

from __future__ import annotations

import re

from tests.initiatives.test_initiative_forms import propose
from tests.support.demo import INCIDENT_PLAN, MAIL_ROUTING, SHORTEN
from tests.support.pages import HTML, text_of


def test_a_new_proposal_starts_in_its_title(signed_in):
    page = signed_in("ben").get(f"/plans/{INCIDENT_PLAN}/propose", headers=HTML).text
    assert re.findall(r'<input id="field-(\w+)"[^>]* autofocus', page) == ["title"]


def test_missing_dates_are_said_in_words(signed_in):
    ben = signed_in("ben")
    none = ben.get(propose(ben, INCIDENT_PLAN, title="No dates yet").headers["location"]).text
    assert (
        "No dates planned yet" in text_of(none)
        and "?" not in text_of(none).split("Planned")[1][:40]
    )
    start = propose(ben, INCIDENT_PLAN, title="A start only", plannedStart="2026-03-01")
    assert "from 1 Mar 2026, no end planned yet" in text_of(ben.get(start.headers["location"]).text)


def test_a_long_title_takes_a_smaller_heading(signed_in):
    ben = signed_in("ben")
    title = "Consolidate " + "and simplify the incident routing rules " * 4 + "across every queue"
    assert len(title) > 150
    page = ben.get(propose(ben, INCIDENT_PLAN, title=title).headers["location"]).text
    assert f'class="long-title">{title}</h1>' in page
    short = ben.get(f"/initiatives/{SHORTEN}", headers=HTML).text
    assert 'class="long-title"' not in short


def test_the_owner_s_report_and_the_schedule_are_told_apart(signed_in):
    page = text_of(signed_in("priya").get(f"/initiatives/{MAIL_ROUTING}", headers=HTML).text)
    assert (
        "Schedule: Red" in page and "Reported: On track in the owner's last status update" in page
    )
    assert "The two disagree: the schedule is worked out from the planned dates" in page


def test_an_initiative_without_changes_shows_its_history_and_no_empty_audit_trail(signed_in):
    page = signed_in("priya").get(f"/initiatives/{SHORTEN}", headers=HTML).text  # the demo's
    assert "<h2>History</h2>" in page
    assert "Audit trail" not in page and "No change recorded" not in page


def test_the_committee_sees_when_one_person_proposed_approved_and_asked_for_the_money(
    signed_in, api
):
    from tests.support.demo import EMAIL_PLAN

    proposed = api.mutate("priya", """mutation($plan: ID!) { proposeInitiative(input: {planId:
        $plan, title: "Archive old mailboxes"}) { initiative { id version } errors { code } } }""",
        {"plan": EMAIL_PLAN})["initiative"]  # fmt: skip
    approved = api.mutate("priya", """mutation($id: ID!, $v: Int!) { approveInitiative(input:
        {id: $id, expectedVersion: $v}) { initiative { version } errors { message } } }""",
        {"id": proposed["id"], "v": proposed["version"]})  # fmt: skip
    assert approved["errors"] == []
    asked = api.mutate("priya", """mutation($id: ID!, $v: Int!) { requestBudget(input: {id: $id,
        expectedVersion: $v, amount: "9000", justification: "Storage"}) { errors { message } } }""",
        {"id": proposed["id"], "v": approved["initiative"]["version"]})  # fmt: skip
    assert asked["errors"] == []
    margaret = signed_in("margaret")
    page = text_of(margaret.get(f"/initiatives/{proposed['id']}", headers=HTML).text)
    assert (
        "Approved by the person asking: Priya Raman proposed this initiative, approved it and "
        "asked for this budget, with no one else's decision between"
    ) in page
    # when someone else approved, nothing is said
    other = text_of(margaret.get(f"/initiatives/{MAIL_ROUTING}", headers=HTML).text)
    assert "Approved by the person asking" not in other
    # the meeting pack says it beside the budget waiting for the committee, and only there
    pack = margaret.get("/meeting-pack", headers=HTML).text
    notes = re.findall(r'<p class="self-approval" role="note">(.*?)</p>', pack, re.S)
    assert [text_of(note).strip() for note in notes] == [
        "Approved by the person asking: Priya Raman approved this initiative and asked for its "
        "budget, with no one else's decision between."
    ]
