"""The open register in Chromium: a person with no role sees a likely duplicate while typing,
submits a new idea; the steering committee finds it in My work, accepts it, and the proposed
initiative says where it came from."""

from __future__ import annotations

from tests.support.browser import screenshot, settled, sign_in


def test_a_suggestion_from_someone_without_a_role_becomes_a_strategic_initiative(
    page, browser, live_server, backend
):
    sign_in(page, "nora")
    page.get_by_role("link", name="Suggestions", exact=True).click()
    page.get_by_role("heading", name="Make a suggestion", level=2).wait_for()
    settled(page)
    page.get_by_label("What it concerns").select_option("STRATEGIC")
    page.get_by_label("Title", exact=True).press_sequentially(
        "portal for everyday requests", delay=20
    )
    duplicate = page.locator("#similar").get_by_role(
        "link", name="Let people help themselves: a portal for everyday requests"
    )
    duplicate.wait_for()
    page.get_by_label("Title", exact=True).fill("Lend laptops to visitors at reception")
    page.get_by_label("What and why").fill("Visitors bring no laptop and borrow ours by hand.")
    page.get_by_role("button", name="Send the suggestion").click()
    page.get_by_text("Thank you: your suggestion was sent to Strategic plan 2026-2028.").wait_for()
    screenshot(page, f"suggestion-submitted-{backend}")

    context = browser.new_context(base_url=live_server.base_url)
    committee = context.new_page()
    sign_in(committee, "margaret")
    triage = committee.locator("section", has=committee.locator("#suggestions-to-triage"))
    triage.get_by_role("link", name="Lend laptops to visitors at reception").click()
    committee.get_by_role("heading", name="Lend laptops to visitors at reception").wait_for()
    committee.get_by_label("The initiative's title").fill("Visitor laptop loans")
    committee.get_by_role("button", name="Accept: propose it in Strategic plan 2026-2028").click()
    committee.get_by_text("Accepted: it is now a proposed initiative in the plan.").wait_for()
    committee.get_by_role("link", name="Visitor laptop loans").click()
    committee.get_by_role("heading", name="Visitor laptop loans", level=1).wait_for()
    came_from = committee.get_by_role("link", name="Lend laptops to visitors at reception")
    came_from.wait_for()
    screenshot(committee, f"suggestion-accepted-initiative-{backend}")
    context.close()

    page.goto("/")
    mine = page.locator("section", has=page.locator("#my-suggestions"))
    assert "Accepted" in mine.inner_text()
    assert "Visitor laptop loans" in mine.inner_text()
