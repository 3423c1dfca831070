"""The plan page in Chromium: filters update the table in place and the address bar; without
JavaScript the same form works as a plain GET."""

from __future__ import annotations

from tests.support.browser import choose_chips, screenshot, sign_in
from tests.support.demo import STRATEGIC


def test_filtering_swaps_the_table_and_keeps_the_url_shareable(page, backend):
    sign_in(page, "margaret")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.wait_for_url("**/plans")
    page.get_by_role("link", name="Strategic plan 2026-2028").click()
    page.wait_for_url(f"**/plans/{STRATEGIC}")
    assert page.locator("#results tbody tr").count() == 8
    choose_chips(page, "status", ["PROPOSED"])
    page.wait_for_url("**status=PROPOSED**")
    page.locator("#results tbody tr").first.wait_for()
    assert page.locator("#results tbody tr").count() == 1
    assert "Outsource printing services" in page.locator("#results").inner_text()
    screenshot(page, f"plan-{backend}")
    page.reload()
    assert page.locator("#results tbody tr").count() == 1


def test_the_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "margaret")
    page.goto(f"/plans/{STRATEGIC}")
    choose_chips(page, "status", ["IN_PROGRESS"])
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**status=IN_PROGRESS**")
    assert page.locator("#results tbody tr").count() == 1
    context.close()
