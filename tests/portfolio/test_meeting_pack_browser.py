"""The steering meeting pack in Chromium: Margaret, of the committee, opens it from the
navigation, funds a waiting request from the list and is brought back to it, and prints it: the
printed pack has no navigation and no forms, only what the meeting reads."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in


def test_the_committee_decides_a_budget_from_the_pack_and_prints_it(page, backend):
    sign_in(page, "margaret")
    settled(page)
    page.get_by_role("banner").get_by_role("link", name="Meeting pack", exact=True).click()
    page.get_by_role("heading", name="Steering meeting pack", level=1).wait_for()
    settled(page)
    budgets = page.locator("section", has=page.locator("#budgets-heading"))
    first = budgets.locator("ul.decisions > li").first
    title = first.locator("strong a").inner_text()
    waiting = budgets.locator("ul.decisions > li").count()
    screenshot(page, f"meeting-pack-{backend}")

    first.get_by_label("Amount to fund (EUR)").fill("1000")
    first.get_by_role("button", name="Fund").click()
    page.get_by_role("heading", name="Steering meeting pack", level=1).wait_for()
    expect(page.get_by_role("status")).to_contain_text("Fund: done.")
    assert "/meeting-pack" in page.url, page.url
    expect(budgets.locator("ul.decisions > li")).to_have_count(waiting - 1)
    expect(budgets.get_by_role("link", name=title, exact=True)).to_have_count(0)

    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.locator("main form").first).to_be_hidden()
    expect(page.get_by_role("heading", name="Decisions waiting")).to_be_visible()
    expect(page.get_by_role("heading", name="The portfolio at a glance")).to_be_visible()
    screenshot(page, f"meeting-pack-print-{backend}")
    page.emulate_media(media="screen")
    expect(page.get_by_role("banner")).to_be_visible()
