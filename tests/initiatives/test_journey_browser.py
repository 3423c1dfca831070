"""An initiative's journey in Chromium, with JavaScript on (htmx swaps in place) and off (plain
forms): proposed by a practitioner, approved by the plan's owner, funded by the steering
committee, started and reported on by its owner; bad input and a person without the role on
the way. Screenshots of each step go to var/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_in
from tests.support.demo import INCIDENT_PLAN

TITLE = "Password resets at first contact"


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def journey_page(request, browser, live_server):
    """A fresh context with JavaScript on or off; requests outside the site fail the test."""
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=request.param)
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(live_server.base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.javascript = request.param
    yield page
    context.close()
    assert outside == [], f"the page tried to reach outside this site: {outside}"


def switch_to(page, key: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    sign_in(page, key)


def click_in_place(page, button) -> None:
    """Press a lifecycle button; with htmx the page must stay (no navigation, no reload)."""
    url = page.url
    if page.javascript:
        page.evaluate("window.__kept = true; document.getElementById('announcer').textContent = ''")
    button.click()
    page.wait_for_load_state()
    if page.javascript:  # the swap announces what happened
        expect(page.locator("#announcer")).not_to_have_text("")
        assert page.evaluate("window.__kept === true"), "the page was reloaded"
        assert page.url == url


def test_an_initiative_from_proposal_to_its_first_status_update(journey_page, backend):
    page = journey_page
    mode = "js" if page.javascript else "nojs"

    def shot(step: str) -> None:
        screenshot(page, f"journey-{mode}-{backend}-{step}")

    # Ben, a practitioner of Incident Management, proposes an initiative in its plan.
    sign_in(page, "ben")
    page.goto(f"/plans/{INCIDENT_PLAN}")
    page.get_by_role("link", name="Propose an initiative").click()
    page.get_by_role("heading", name="Propose an initiative").wait_for()
    page.get_by_label("Title (required)").fill(TITLE)
    page.get_by_label("Description").fill("Resolve password incidents on the first call.")
    page.get_by_label("Priority").select_option("HIGH")
    page.get_by_label("Planned start").fill("2027-02-01")
    page.get_by_label("Planned end").fill("2027-01-15")
    page.get_by_label("Information and technology").check()
    shot("1-propose-form")
    page.get_by_role("button", name="Propose the initiative").click()
    error = page.locator("#error-plannedEnd")
    error.wait_for()
    assert "must not be before" in error.inner_text()
    assert page.get_by_label("Title (required)").input_value() == TITLE  # the input is kept
    if page.javascript:
        expect(page.locator("#field-plannedEnd")).to_be_focused()
    shot("2-propose-error-beside-the-field")
    page.get_by_label("Planned end").fill("2027-06-30")
    page.get_by_role("button", name="Propose the initiative").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    initiative_url = page.url
    assert "/initiatives/" in initiative_url
    assert "Proposed" in page.locator("hgroup").inner_text()
    shot("3-proposed")

    # Nora holds no role: no approve button, and posting anyway is refused.
    switch_to(page, "nora")
    page.goto(initiative_url)
    page.get_by_role("heading", name=TITLE).wait_for()
    assert page.get_by_role("button", name="Approve", exact=True).count() == 0
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    refused = page.request.post(
        initiative_url + "/actions/APPROVE",
        form={"csrf_token": token, "version": "1"},
        headers={"accept": "text/html"},
        max_redirects=0,
    )
    assert refused.status == 403
    shot("4-no-approve-button")

    # Carlos owns the Incident Management plan: he approves it and asks for a budget.
    switch_to(page, "carlos")
    page.goto(initiative_url)
    click_in_place(page, page.get_by_role("button", name="Approve", exact=True))
    status = page.locator("hgroup .badge").first
    assert status.inner_text() == "Approved"
    if page.javascript:
        expect(page.locator("#initiative h1")).to_be_focused()
        assert "It is now approved" in page.locator("#announcer").inner_text()
    assert "Proposed → Approved" in page.locator(".history").inner_text()
    shot("5-approved")
    page.get_by_text("Request a budget…").focus()  # the disclosures open from the keyboard
    page.keyboard.press("Enter")
    page.get_by_label("Amount (EUR)").fill("18000")
    page.get_by_label("Justification").fill("Two contractors for three months")
    click_in_place(page, page.get_by_role("button", name="Request a budget", exact=True))
    assert page.locator("hgroup .badge").first.inner_text() == "Budget requested"
    shot("6-budget-requested")

    # Margaret, of the steering committee, sees the request and funds it in full.
    switch_to(page, "margaret")
    page.goto(initiative_url)
    page.get_by_text("Decide the budget request…").click()
    request = page.get_by_label("The pending budget request")
    assert "€18,000.00" in request.inner_text()
    assert "Two contractors for three months" in request.inner_text()
    assert "Carlos Mendes" in request.inner_text()
    assert page.get_by_label("Amount to fund (EUR)").input_value() == "18000.00"
    shot("7-decide-budget")
    click_in_place(page, page.get_by_role("button", name="Fund", exact=True))
    assert page.locator("hgroup .badge").first.inner_text() == "Funded"
    assert "€18,000.00 requested, €18,000.00 approved" in page.content()

    # Ben starts it and reports progress; a bad percentage is shown beside its field.
    switch_to(page, "ben")
    page.goto(initiative_url)
    click_in_place(page, page.get_by_role("button", name="Start", exact=True))
    assert page.locator("hgroup .badge").first.inner_text() == "In progress"
    page.get_by_text("Post a status update…").click()
    page.get_by_label("Health").select_option("AT_RISK")
    page.get_by_label("Percent complete").fill("about half")
    page.get_by_label("Note").fill("Contractors start next week")
    click_in_place(page, page.get_by_role("button", name="Post", exact=True))
    assert "must be a whole number" in page.locator("#error-percentComplete").inner_text()
    assert page.get_by_label("Note").input_value() == "Contractors start next week"
    if page.javascript:
        expect(page.locator("#update-percent")).to_be_focused()
    shot("8-status-update-error")
    page.get_by_label("Percent complete").fill("15")
    click_in_place(page, page.get_by_role("button", name="Post", exact=True))
    progress = page.get_by_role("heading", name="Progress").locator("xpath=../..")
    assert "Contractors start next week" in progress.inner_text()
    assert "15%" in progress.inner_text() and "At risk" in progress.inner_text()
    shot("9-status-update-posted")
