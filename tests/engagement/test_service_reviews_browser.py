"""A service review in Chromium, from the service's page to the strategic plan: the owner opens
a review of E-mail with its stakeholders, notes a finding, holds it (the metrics frozen on it),
raises the finding as a suggestion to the strategic plan and closes the review; the steering
committee finds the suggestion in My work, accepts it, and the proposed initiative says where it
came from; the service's page lists the new work and the review."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in

FINDING = "Sales want a shared calendar for visiting customers"  # not a demo finding's title
INITIATIVE = "Shared calendars for customer visits"
# the day as the browser's locale (en-US) writes it: Dec 6, 2026
HELD_REVIEW = re.compile(r"^the E-mail review held on [A-Z][a-z]{2} \d{1,2}, \d{4}$")


def test_a_review_finding_becomes_a_strategic_initiative_that_affects_the_service(
    page, browser, live_server, backend
):
    # Priya, who owns E-mail, opens a review from the service's page
    sign_in(page, "priya")
    page.get_by_role("link", name="Services", exact=True).click()
    page.get_by_role("heading", name="Services", level=1).wait_for()
    settled(page)
    page.get_by_role("link", name="E-mail", exact=True).click()
    page.get_by_role("heading", name="E-mail", level=1).wait_for()
    settled(page)
    page.get_by_role("button", name="Open a review…").click()
    page.wait_for_url("**/reviews?service=*")
    page.get_by_role("heading", name="Open a review", level=2).wait_for()
    settled(page)
    form = page.locator("#open-review")
    expect(form.get_by_label("Service", exact=True).locator("option:checked")).to_have_text(
        "E-mail"
    )
    for field in ("Period from", "Period to", "Planned for"):
        expect(form.get_by_label(field, exact=True)).to_have_value(re.compile(r"^\d{4}-\d\d-\d\d$"))
    form.get_by_label("People taking part").select_option(label=["Priya Raman"])
    form.get_by_label("Stakeholders taking part").select_option(label=["Sales department"])
    form.get_by_role("button", name="Open the review").click()
    page.get_by_text("The review is opened as a draft.").wait_for()
    page.get_by_role("heading", name="E-mail review", level=1).wait_for()
    review_path = re.sub(r"^https?://[^/]+", "", page.url)
    assert re.fullmatch(r"/reviews/[^/?#]+", review_path), review_path
    settled(page)
    who = page.locator("section", has=page.locator("#who-heading"))
    expect(who).to_contain_text("Priya Raman")
    expect(who.get_by_role("link", name="Sales department")).to_be_visible()
    screenshot(page, f"review-opened-{backend}")

    # a finding noted while the review is a draft
    page.get_by_role("button", name="Note a finding…").click()
    page.get_by_label("Finding", exact=True).fill(FINDING)
    page.get_by_role("button", name="Note it").click()
    findings = page.locator("section", has=page.locator("#findings-heading"))
    findings.get_by_text(FINDING, exact=True).wait_for()
    expect(page.locator("#findings-heading")).to_have_text("Findings (1)")
    settled(page)

    # held: the metrics and the period's satisfaction frozen on it
    page.get_by_role("button", name="Mark it held…").click()
    page.get_by_role("button", name="Mark it held", exact=True).click()
    page.get_by_text(
        "The review is held: the metrics and the period's satisfaction are frozen on it."
    ).wait_for()
    snapshot = page.locator("table#metric-snapshot")
    snapshot.wait_for()
    assert snapshot.locator("tbody tr").count() > 0
    expect(page.get_by_text("Satisfaction in the period:")).to_be_visible()
    settled(page)
    screenshot(page, f"review-held-{backend}")

    # the finding goes to the strategic plan as a suggestion; then the review is closed
    page.get_by_role("button", name="Decide its outcome…").click()
    page.get_by_label("A suggestion to another plan").check()
    page.get_by_label("For a suggestion: the plan it goes to").select_option("STRATEGIC")
    page.get_by_role("button", name="Decide", exact=True).click()
    suggested = findings.get_by_role("link", name=FINDING, exact=True)
    suggested.wait_for()
    expect(findings).to_contain_text("Suggested:")
    expect(findings).to_contain_text("Strategic plan 2026-2028")
    settled(page)
    page.get_by_role("button", name="Close the review").click()
    page.get_by_text("The review is closed.").wait_for()
    expect(page.locator("#steps-heading")).to_have_count(0)  # nothing more to run
    screenshot(page, f"review-closed-{backend}")

    # Margaret, of the steering committee, triages the suggestion the review raised
    context = browser.new_context(base_url=live_server.base_url)
    committee = context.new_page()
    sign_in(committee, "margaret")
    triage = committee.locator("section", has=committee.locator("#suggestions-to-triage"))
    triage.get_by_role("link", name=FINDING, exact=True).click()
    committee.get_by_role("heading", name=FINDING, level=1).wait_for()
    settled(committee)
    idea = committee.locator("section", has=committee.locator("#idea-heading"))
    came_from = idea.locator("dt", has_text="Came from").locator("xpath=following-sibling::dd[1]")
    expect(came_from.get_by_role("link", name=HELD_REVIEW)).to_be_visible()
    expect(came_from).to_contain_text(FINDING)
    committee.get_by_label("The initiative's title").fill(INITIATIVE)
    committee.get_by_role("button", name="Accept: propose it in Strategic plan 2026-2028").click()
    committee.get_by_text("Accepted: it is now a proposed initiative in the plan.").wait_for()
    settled(committee)
    screenshot(committee, f"review-suggestion-accepted-{backend}")
    committee.get_by_role("link", name=INITIATIVE, exact=True).click()
    committee.get_by_role("heading", name=INITIATIVE, level=1).wait_for()
    settled(committee)
    about = committee.locator("article", has=committee.get_by_role("heading", name="About"))
    origin = about.locator("dt", has_text="Came from").locator("xpath=following-sibling::dd[1]")
    expect(origin.get_by_role("link", name=FINDING, exact=True)).to_be_visible()
    expect(origin.get_by_role("link", name=HELD_REVIEW)).to_be_visible()
    expect(about.get_by_role("link", name="E-mail", exact=True)).to_be_visible()  # it affects
    screenshot(committee, f"review-initiative-{backend}")

    # the service's page shows the new work and the closed review
    committee.get_by_role("link", name="Services", exact=True).click()
    committee.get_by_role("heading", name="Services", level=1).wait_for()
    settled(committee)
    committee.get_by_role("link", name="E-mail", exact=True).click()
    committee.get_by_role("heading", name="E-mail", level=1).wait_for()
    settled(committee)
    affecting = committee.locator("section", has=committee.locator("#affecting-heading"))
    work = affecting.get_by_role("listitem").filter(
        has=committee.get_by_role("link", name=INITIATIVE, exact=True)
    )
    expect(work).to_contain_text("Proposed")
    expect(work.get_by_role("link", name="Strategic plan 2026-2028")).to_be_visible()
    reviews = committee.locator("table#service-reviews")
    ours = reviews.locator("tbody tr").filter(has=committee.locator(f'a[href="{review_path}"]'))
    expect(ours).to_contain_text("Closed")
    expect(ours.locator("td.number")).to_have_text("1")
    screenshot(committee, f"review-service-{backend}")
    context.close()
