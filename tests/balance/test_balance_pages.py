"""The balance pages without JavaScript: the organisation's chart and latest assessment, the
evidence beside each score, a refusal beside its field, guidelines kept by the committee; a
service's page for its owner."""

from __future__ import annotations

import re

from tests.support.demo import service_id
from tests.support.pages import csrf, text_of


def error_beside(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', page)
    return match.group(1) if match else None


SCORES = {"internalExternal": "1", "stabilityResponsiveness": "0", "qualityCost": "-1",
          "reactiveProactive": "-2"}  # fmt: skip


def test_the_committee_records_an_assessment_with_the_evidence_beside_it(signed_in):
    client = signed_in("margaret")
    page = client.get("/balance")
    text = text_of(page.text)
    assert "Record an assessment" in text and "The data:" in text
    bad = client.post(
        "/balance",
        data={"csrf_token": csrf(page.text), "periodStart": "2026-07-01",
              "periodEnd": "2026-06-01", **SCORES},
    )  # fmt: skip
    assert bad.status_code == 422
    beside = error_beside(bad.text, "assess-periodEnd")
    assert beside == "must not be before the period&#39;s first day"  # HTML-escaped
    done = client.post(
        "/balance",
        data={"csrf_token": csrf(page.text), "periodStart": "2026-07-01",
              "periodEnd": "2026-09-30", "reactiveProactiveEvidence": "Two outages drove the "
              "quarter", **SCORES},
    )  # fmt: skip
    assert done.status_code == 303
    after = client.get("/balance")
    shown = text_of(after.text)
    assert "The assessment was recorded." in shown
    assert "leans toward reactive (-2)" in shown and "Two outages drove the quarter" in shown
    assert "svg" in after.text and "chart-balance" in after.text
    guide = client.post(
        "/balance/guidelines",
        data={"csrf_token": csrf(after.text), "tension": "REACTIVE_PROACTIVE",
              "statement": "A fifth of each quarter's work is planned prevention.",
              "reviewOn": "2027-06-30"},
    )  # fmt: skip
    assert guide.status_code == 303
    assert "A fifth of each quarter" in text_of(client.get("/balance").text)


def test_a_service_owner_assesses_their_service_and_others_only_read(
    signed_in, app_factory, demo_url
):
    from tests.support.pages import sign_in

    client = signed_in("jonas")
    page = client.get(f"/services/{service_id('desk')}/balance")
    assert page.status_code == 200 and "Balance of Service Desk" in text_of(page.text)
    done = client.post(
        f"/services/{service_id('desk')}/balance",
        data={"csrf_token": csrf(page.text), "periodStart": "2026-07-01",
              "periodEnd": "2026-09-30", **SCORES},
    )  # fmt: skip
    assert done.status_code == 303
    reader = app_factory(demo_url)
    assert sign_in(reader, "nora").status_code == 303
    seen = reader.get(f"/services/{service_id('desk')}/balance").text
    assert "leans toward reactive (-2)" in text_of(seen)
    assert "Record an assessment" not in seen and "Agree a guideline" not in seen
    organisation = reader.get("/balance").text
    assert "Record an assessment" not in organisation


def test_a_suggestion_raised_from_an_assessment_is_linked_both_ways(signed_in):
    client = signed_in("nora")
    page = client.get("/balance")
    link = re.search(
        r'href="(/suggestions\?kind=STRATEGIC&amp;sourceAssessmentId=[^"]+)"', page.text
    )
    form = client.get(link[1].replace("&amp;", "&"))
    assert "It comes from a balance assessment" in text_of(form.text)
    assessment = re.search(r'name="sourceAssessmentId" value="([^"]+)"', form.text)[1]
    sent = client.post(
        "/suggestions",
        data={"csrf_token": csrf(form.text), "kind": "STRATEGIC", "sourceAssessmentId": assessment,
              "title": "Plan prevention work before the next budget round"},
    )  # fmt: skip
    assert sent.status_code == 303
    suggestion = text_of(client.get(sent.headers["location"]).text)
    assert "balance assessment of the organisation" in suggestion
    back = text_of(client.get("/balance").text)
    assert "Raised from it: Plan prevention work before the next budget round" in back
