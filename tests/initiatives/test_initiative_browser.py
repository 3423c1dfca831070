"""The initiative page in Chromium: the lifecycle buttons work, with and without JavaScript."""

from __future__ import annotations

from tests.support.browser import screenshot, sign_in
from tests.support.demo import SHORTEN


def test_approve_then_request_a_budget(page, backend):
    sign_in(page, "priya")
    page.goto(f"/initiatives/{SHORTEN}")
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Approved", exact=True).first.wait_for()
    page.get_by_text("Request a budget…").click()
    page.get_by_label("Amount (EUR)").fill("-3")
    page.get_by_label("Justification").fill("Two supplier quotes")
    page.get_by_role("button", name="Request a budget", exact=True).click()
    error = page.locator("#error-amount")
    error.wait_for()
    assert "must be more than 0" in error.inner_text()
    assert page.get_by_label("Justification").input_value() == "Two supplier quotes"
    page.get_by_label("Amount (EUR)").fill("2500")
    page.get_by_role("button", name="Request a budget", exact=True).click()
    page.get_by_text("€2,500.00 requested").wait_for()
    screenshot(page, f"initiative-{backend}")


def test_rejecting_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "priya")
    page.goto(f"/initiatives/{SHORTEN}")
    page.get_by_text("Reject…").click()
    page.get_by_label("Reason to reject (required)").fill("The new cluster makes this unnecessary.")
    page.get_by_role("button", name="Reject", exact=True).click()
    page.get_by_text("The new cluster makes this unnecessary.").first.wait_for()
    assert "Rejected" in page.locator("hgroup").inner_text()
    context.close()
