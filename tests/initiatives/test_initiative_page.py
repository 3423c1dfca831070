"""The initiative page and its forms: each form runs a mutation; errors show beside the fields
with the input kept; the buttons are the ones the viewer may press."""

from __future__ import annotations

from schema.core.ids import to_global_id
from tests.support.demo import SHORTEN, demo_id
from tests.support.initiatives import post, version
from tests.support.pages import csrf


def test_the_page_shows_the_fields_history_and_only_the_viewers_buttons(signed_in):
    owner_view = signed_in("priya").get(f"/initiatives/{SHORTEN}")
    assert owner_view.status_code == 200
    assert "Shorten mailbox provisioning to one hour" in owner_view.text
    assert "E-mail improvement plan" in owner_view.text
    assert ">Approve</button>" in owner_view.text and ">Reject…</summary>" in owner_view.text


def test_an_ordinary_person_sees_no_buttons_and_is_refused_when_posting_anyway(signed_in):
    client = signed_in("nora")
    page = client.get(f"/initiatives/{SHORTEN}")
    assert '<button type="submit">Approve' not in page.text and "Approve</button>" not in page.text
    response = client.post(
        f"/initiatives/{SHORTEN}/actions/APPROVE",
        data={"csrf_token": csrf(page.text), "version": "1"},
        headers={"accept": "text/html"},
    )
    assert response.status_code == 403 and "Not allowed" in response.text


def test_a_post_without_the_csrf_token_is_refused(signed_in):
    response = signed_in("priya").post(
        f"/initiatives/{SHORTEN}/actions/APPROVE", data={"version": "1"},
        headers={"accept": "text/html"},
    )  # fmt: skip
    assert response.status_code == 403


def test_a_journey_through_the_forms(signed_in, demo_client):
    priya = signed_in("priya")
    approved = post(priya, SHORTEN, "APPROVE")
    assert approved.status_code == 303 and approved.headers["location"] == f"/initiatives/{SHORTEN}"
    bad = post(priya, SHORTEN, "REQUEST_BUDGET", amount="-5", justification="Two quotes")
    assert bad.status_code == 422
    assert 'id="error-amount"' in bad.text and "must be more than 0" in bad.text
    assert "Two quotes</textarea>" in bad.text  # the input is kept
    assert post(priya, SHORTEN, "REQUEST_BUDGET", amount="1200", justification="Two quotes"
                ).status_code == 303  # fmt: skip
    demo_client.cookies.clear()
    margaret = signed_in("margaret")
    assert post(margaret, SHORTEN, "FUND", amount="1000").status_code == 303
    demo_client.cookies.clear()
    priya = signed_in("priya")
    assert post(priya, SHORTEN, "START").status_code == 303
    wrong = post(priya, SHORTEN, "STATUS_UPDATE", health="ON_TRACK", percentComplete="lots")
    assert wrong.status_code == 422 and "must be a whole number from 0 to 100" in wrong.text
    page = priya.get(f"/initiatives/{SHORTEN}")
    data = {"csrf_token": csrf(page.text), "health": "AT_RISK", "percentComplete": "40",
            "note": "Scripts half done"}  # fmt: skip
    posted = priya.post(f"/initiatives/{SHORTEN}/actions/STATUS_UPDATE", data=data)
    assert posted.status_code == 303
    final = priya.get(f"/initiatives/{SHORTEN}").text
    assert "Scripts half done" in final and "40%" in final
    assert "€1,200.00 requested, €1,000.00 approved" in final
    assert "In progress" in final


def test_a_stale_form_says_who_changed_what_and_offers_to_reload(signed_in):
    client = signed_in("priya")
    page = client.get(f"/initiatives/{SHORTEN}")
    token, stale = csrf(page.text), version(page.text)
    assert post(client, SHORTEN, "APPROVE").status_code == 303
    response = client.post(
        f"/initiatives/{SHORTEN}/actions/CANCEL",
        data={"csrf_token": token, "version": stale, "reason": "Not needed"},
        headers={"accept": "text/html"},
    )
    assert response.status_code == 422
    assert "Priya Raman changed status" in response.text
    assert "Reload the initiative" in response.text


def test_a_missing_reason_is_shown_beside_the_field(signed_in):
    response = post(signed_in("priya"), SHORTEN, "REJECT", reason="  ")
    assert response.status_code == 422
    assert 'id="error-reason"' in response.text and "a reason is required" in response.text


def test_unknown_and_hidden_initiatives_are_not_found(signed_in):
    client = signed_in("nora")
    hidden = demo_id("Privileged access vault")
    for initiative in (hidden, to_global_id("Initiative", 9999), "nonsense"):
        response = client.get(f"/initiatives/{initiative}", headers={"accept": "text/html"})
        assert response.status_code == 404
