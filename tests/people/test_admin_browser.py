"""The administration pages in Chromium: a role assigned and a person deactivated through the
forms, and the audit log filtered in place with the URL kept shareable."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in


def test_assign_a_role_then_deactivate_with_confirmation(page, backend):
    sign_in(page, "ada")
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("heading", name="People", level=1).wait_for()
    settled(page)  # the search field's trigger is attached when the boosted swap settles
    page.get_by_label("Search by name or e-mail address").fill("quinn")
    page.get_by_text("1 person match").wait_for()
    expect(page).to_have_url(re.compile(r"/people\?q=quinn$"))  # htmx pushed it to the address
    assert page.locator("#people-results tbody tr").count() == 1
    page.get_by_role("link", name="Nora Quinn").click()
    page.get_by_role("heading", name="Nora Quinn", level=1).wait_for()
    page.get_by_label("Role", exact=True).select_option(label="Process owner")
    page.get_by_label("Scope", exact=True).select_option(label="Problem Management")
    page.get_by_role("button", name="Assign the role").click()
    page.get_by_text("The role was assigned.").wait_for()
    assert page.get_by_role("row").filter(has_text="Process owner").is_visible()
    page.get_by_label("Role", exact=True).select_option(label="Process owner")
    page.get_by_label("Scope", exact=True).select_option(label="Problem Management")
    page.get_by_role("button", name="Assign the role").click()
    error = page.locator("#assign-role-error")
    error.wait_for()
    assert "already holds Process owner" in error.inner_text()
    expect(page.locator("#assign-role")).to_be_focused()
    page.get_by_text("Deactivate Nora Quinn…").click()
    page.get_by_role("button", name="Yes, deactivate Nora Quinn").click()
    page.get_by_text("The person was deactivated").wait_for()
    assert page.locator("hgroup .badge").first.inner_text() == "Deactivated"
    screenshot(page, f"person-{backend}")


def test_the_audit_log_filters_in_place_and_keeps_the_url(page, backend):
    sign_in(page, "ada")
    page.goto("/people")
    page.get_by_label("Name", exact=True).fill("Zoe Adams")
    page.get_by_label("E-mail address", exact=True).fill("zoe@harbour-it.example")
    page.get_by_role("button", name="Add the person").click()
    page.get_by_text("Zoe Adams was added.").wait_for()
    page.get_by_role("link", name="Audit log").click()
    page.get_by_role("heading", name="Audit log", level=1).wait_for()
    page.evaluate("window.__kept = true")  # gone if the page were loaded afresh
    # A slow machine settles a swap late; a change made meanwhile must not be lost (the form
    # stays in place and only the results are swapped).
    page.evaluate("htmx.config.defaultSettleDelay = 1000")
    page.get_by_label("Action").select_option(label="Delete")
    page.get_by_text("No change matches these filters.").wait_for()
    assert "action=DELETE" in page.url
    page.get_by_label("Action").select_option(label="Create")
    page.get_by_text("1 change matches these filters.").wait_for()
    assert page.evaluate("window.__kept") is True
    assert page.get_by_role("link", name="Zoe Adams").is_visible()
    screenshot(page, f"audit-{backend}")
    page.go_back()
    page.get_by_text("No change matches these filters.").wait_for()
