"""Editing an initiative in Chromium: a stale edit says who changed what, keeps the input, and
saving again applies it to the latest version."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_in
from tests.support.demo import SWARMING


def test_a_stale_edit_keeps_the_input_and_can_be_saved_again(page, backend):
    sign_in(page, "carlos")
    page.goto(f"/initiatives/{SWARMING}")
    page.get_by_role("link", name="Edit the initiative").click()
    page.get_by_role("heading", name="Edit “Swarming instead of tiers”").wait_for()
    other = page.context.new_page()  # the same person, in another tab
    other.goto(f"/initiatives/{SWARMING}/edit")
    other.get_by_label("Description").fill("Changed in the other tab")
    other.get_by_role("button", name="Save the changes").click()
    # exact: the edit page's own heading contains the title too
    other.get_by_role("heading", name="Swarming instead of tiers", exact=True).wait_for()
    other.close()

    page.get_by_label("Title (required)").fill("Swarming for every support team")
    page.get_by_role("button", name="Save the changes").click()
    alert = page.locator(".conflict")
    alert.wait_for()
    assert "Carlos Mendes changed description" in alert.inner_text()
    assert page.get_by_label("Title (required)").input_value() == "Swarming for every support team"
    assert page.get_by_label("Description").input_value() == "Changed in the other tab"
    expect(page.locator("#form-status")).to_be_focused()
    screenshot(page, f"edit-conflict-{backend}")
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_role("heading", name="Swarming for every support team", exact=True).wait_for()
    assert "Changed in the other tab" in page.content()


def test_with_htmx_an_error_page_replaces_the_page_not_a_part_of_it(page):
    sign_in(page, "carlos")
    page.goto(f"/initiatives/{SWARMING}")
    other = page.context.new_page()  # signs out in another tab: the open form has expired
    other.goto("/")
    other.get_by_role("button", name="Sign out").click()
    other.wait_for_url("**/sign-in")
    other.close()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_role("heading", level=1).filter(has_text="Not allowed").wait_for()
    assert page.locator("#initiative").count() == 0
    assert page.locator("main").count() == 1
