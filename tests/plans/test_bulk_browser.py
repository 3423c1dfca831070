"""A bulk change in Chromium: Priya ticks every row of her plan's table, asks to approve them
all, and the table comes back saying which one was approved and, for each other, why not; the
approved one now reads Approved."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in, violations
from tests.support.demo import EMAIL_PLAN

PLAN = "E-mail improvement plan"


def test_the_owner_approves_the_ticked_rows_and_reads_each_outcome(page, backend):
    sign_in(page, "priya")
    settled(page)
    page.goto(f"/plans/{EMAIL_PLAN}")
    page.get_by_role("heading", name=PLAN).wait_for()
    settled(page)
    rows = page.locator("table.striped tbody tr")
    count = rows.count()
    assert count >= 4
    for index in range(count):
        rows.nth(index).get_by_role("checkbox").check()
    page.get_by_text("Change the selected…").click()
    assert violations(page) == []
    page.get_by_label("Or take a step").select_option("APPROVE")
    page.get_by_role("button", name="Change the selected", exact=True).click()
    settled(page)
    flash = page.locator(".flash")
    expect(flash).to_contain_text(f"Changed 1 of {count}.")
    expect(flash).to_contain_text("“Upgrade the mail routing cluster”:")
    row = rows.filter(has_text="Shorten mailbox provisioning to one hour")
    expect(row.locator(".badge").first).to_have_text("Approved")
    screenshot(page, f"bulk-approved-{backend}")
