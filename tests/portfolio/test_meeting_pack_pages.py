"""The steering meeting pack as the committee and others read it: budget requests by plan
against each plan's envelope, decided from the list; a meeting recorded (and refused with the
field named when the form is wrong); an envelope set; what changed; the PDF."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from server.domain.core.formatting import day, money
from tests.support.demo import STRATEGIC, person_id
from tests.support.pages import HTML, shown_day, text_of
from tests.support.pages import csrf as csrf_token


def today() -> date:
    """Asked at each use: a module-level date goes stale when a run crosses midnight."""
    return datetime.now(UTC).date()


def pack(client) -> str:
    response = client.get("/meeting-pack", headers=HTML)
    assert response.status_code == 200
    return response.text


def test_the_committee_funds_a_request_from_the_pack_and_comes_back_to_it(signed_in):
    client = signed_in("margaret")
    page = pack(client)
    words = text_of(page)
    assert f"Envelope for {today().year}:" in words  # the demo's plans with requests have one
    forms = re.findall(r'action="(/initiatives/([^/"]+)/actions/FUND)"', page)
    assert forms, "the committee may fund the waiting requests from the list"
    action, initiative = forms[0]
    version = re.search(
        r'actions/FUND">\s*<input type="hidden" name="csrf_token" value="[^"]+">\s*'
        r'<input type="hidden" name="version" value="(\d+)">',
        page[page.index(action) - 5 :],
    )
    assert version is not None
    answer = client.post(
        action,
        data={"csrf_token": csrf_token(page), "version": version.group(1), "amount": "1000",
              "back": "/meeting-pack#budgets-heading"},
        headers=HTML,
    )  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/meeting-pack#budgets-heading"
    after = pack(client)
    assert "Fund: done." in after
    assert f'action="/initiatives/{initiative}/actions/FUND"' not in after


def test_a_reader_outside_the_committee_sees_the_pack_without_its_forms(signed_in):
    page = pack(signed_in("nora"))
    words = text_of(page)
    assert "Budget requests" in words and "The portfolio at a glance" in words
    assert "/actions/FUND" not in page and "/actions/APPROVE" not in page
    assert "Record a meeting" not in page and "Set a budget envelope" not in page
    # the published minutes: the demo committee's last meeting, with who attended
    assert "Attended: Ada Lindqvist, Margaret Okafor, Tom Becker" in words


def test_a_meeting_is_recorded_and_a_wrong_form_names_its_field(signed_in):
    client = signed_in("tom")
    page = pack(client)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = client.post(
        "/meeting-pack/meetings",
        data={"csrf_token": csrf_token(page), "heldOn": tomorrow,
              "attendeeIds": [person_id("tom")], "decisions": "Kept"},
        headers=HTML,
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'id="new-heldOn-error"' in refused.text and "must not be after today" in refused.text
    assert ">Kept</textarea>" in refused.text  # what was typed stays
    nobody = client.post(
        "/meeting-pack/meetings",
        data={"csrf_token": csrf_token(page), "heldOn": today().isoformat()},
        headers=HTML,
    )  # fmt: skip
    assert nobody.status_code == 422 and "name at least one person" in nobody.text
    bad_day = client.post(
        "/meeting-pack/meetings",
        data={"csrf_token": csrf_token(page), "heldOn": "31/12/2026",
              "attendeeIds": [person_id("tom")]},
        headers=HTML,
    )  # fmt: skip
    assert bad_day.status_code == 422 and "must be a date such as" in bad_day.text
    recorded = client.post(
        "/meeting-pack/meetings",
        data={"csrf_token": csrf_token(page), "heldOn": today().isoformat(),
              "attendeeIds": [person_id("tom"), person_id("margaret")],
              "decisions": "- Funded *the vault*"},
        headers=HTML,
    )  # fmt: skip
    assert recorded.status_code == 303
    after = pack(client)
    assert f"The meeting of {shown_day(today())} is recorded." in after
    assert "<em>the vault</em>" in after
    assert "Attended: Margaret Okafor, Tom Becker" in text_of(after)
    # what changed now runs from today's meeting
    assert "what changed since" in text_of(after).lower()


def test_a_plans_owner_sets_its_envelope_from_the_pack(signed_in):
    client = signed_in("priya")
    page = pack(client)
    forms = re.findall(r'action="(/meeting-pack/envelopes/([^"]+))"', page)
    assert len(forms) == 2  # her two plans: e-mail and collaboration
    action, plan = forms[0]
    wrong = client.post(
        action, data={"csrf_token": csrf_token(page), "year": str(today().year), "amount": "lots"},
        headers=HTML,
    )  # fmt: skip
    assert wrong.status_code == 422
    assert f'id="envelope-{plan}-error"' in wrong.text and "must be an amount" in wrong.text
    done = client.post(
        action,
        data={"csrf_token": csrf_token(page), "year": str(today().year), "amount": "98765",
              "currency": "EUR"},
        headers=HTML,
    )  # fmt: skip
    assert done.status_code == 303
    after = pack(client)
    assert "The budget envelope is set." in after
    assert "98,765" in after


def test_what_changed_lists_the_initiatives_that_moved_since_the_meeting(signed_in, api):
    client = signed_in("margaret")
    before = text_of(pack(client))
    moved = re.search(r"Initiatives that moved \((\d+)\)", before)
    assert moved is not None
    body = api.post(
        "priya",
        "{ initiatives(first: 20, filter: {status: [IN_PROGRESS]}) { nodes { id title "
        "viewerMayPostStatusUpdate } } }",
        scope="read_write",
    ).json()["data"]["initiatives"]["nodes"]
    mine = next(n for n in body if n["viewerMayPostStatusUpdate"])
    posted = api.mutate(
        "priya",
        "mutation($i: PostStatusUpdateInput!) { postStatusUpdate(input: $i) { errors { code } } }",
        {"i": {"initiativeId": mine["id"], "health": "AT_RISK", "percentComplete": 50,
               "spentToDate": "1.00"}},
    )  # fmt: skip
    assert posted["errors"] == []
    after = text_of(pack(client))
    now = re.search(r"Initiatives that moved \((\d+)\)", after)
    assert now is not None and mine["title"] in after
    assert int(now.group(1)) >= int(moved.group(1))


def _pdf_text(content: bytes) -> str:
    """The text a reader of the PDF sees (and copies), page after page, as pypdf reads it back
    through the fonts' own character maps."""
    reader = PdfReader(BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pack_downloads_as_a_pdf(signed_in):
    client = signed_in("margaret")
    response = client.get("/meeting-pack?format=pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert (
        f'filename="meeting-pack-{today().isoformat()}.pdf"'
        in response.headers["content-disposition"]
    )
    assert response.content.startswith(b"%PDF-")
    drawn = _pdf_text(response.content)
    for words in (
        "Steering meeting pack",
        "Decisions waiting",
        "Budget requests",
        "The portfolio at a glance",
        "The latest meeting",
        "Offer a 24x7 service desk",
    ):
        assert words in drawn, words  # fmt: skip


TITLE = "Łódź rollout \N{EN DASH} phase 2 €"  # of it only the plain letters are Latin-1
PROPOSE = """mutation($input: ProposeInitiativeInput!) { proposeInitiative(input: $input) {
  errors { code field message } } }"""
LATEST_MEETING = "{ steeringMeetings(first: 1) { nodes { heldOn } } }"


@pytest.mark.parametrize(
    ("locale", "estimate"), [("en_US", "€85,000.00"), ("de_DE", "85.000,00 €")]
)
def test_the_pdf_writes_every_character_and_the_reader_s_amounts_and_dates(
    signed_in, api, locale, estimate
):
    proposed = api.mutate("margaret", PROPOSE, {"input": {
        "planId": STRATEGIC, "title": TITLE, "budgetRequested": "85000", "currency": "EUR",
    }})  # fmt: skip
    assert proposed["errors"] == []
    (latest,) = api.query("margaret", LATEST_MEETING)["steeringMeetings"]["nodes"]
    client = signed_in("margaret")  # she chose no locale: her browser's is the one
    response = client.get(
        "/meeting-pack?format=pdf", headers={"accept-language": locale.replace("_", "-")}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert TITLE in text, text  # as it was written: its Polish letters, the dash, the euro sign
    # The amount as the reader's locale writes it (the pages' own rule), not with an ISO code,
    # and the day it was proposed as the locale writes a date, in the approvals' table.
    # (fpdf2 sets Babel's no-break space as a space the line does not break at)
    assert money("85000", "EUR", locale).replace("\xa0", " ") == estimate
    proposed_on = day(today(), locale)
    row = rf"{re.escape(TITLE)} \w+ {re.escape(proposed_on)} {re.escape(estimate)}\n"
    assert re.search(row, text), text
    assert "85,000.00 EUR" not in text
    held = day(latest["heldOn"], locale)
    assert f"Prepared {proposed_on}; what changed runs from the meeting of {held}." in text
    assert f"What changed since {held}\n" in text
    assert re.search(r"\d{4}-\d{2}-\d{2}", text) is None, "no ISO date is left in the PDF"
