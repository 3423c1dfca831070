"""Sort and save a view, in Chromium: Margaret sorts the strategic plan's table by title with a
click on its heading, ticks the "In progress" chip, saves the view shared, and later comes back
to it in one click; Tom, also of the committee, finds the shared view on the same page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import choose_chips, screenshot, settled, sign_in
from tests.support.demo import STRATEGIC

NAME = "Running, by title"


def test_sort_filter_and_save_a_view_then_open_it_again(page, browser, live_server, backend):
    sign_in(page, "margaret")
    page.goto(f"/plans/{STRATEGIC}")
    settled(page)
    page.locator("#results thead").get_by_role("link", name="Title").click()
    page.wait_for_url("**sort=title**")
    settled(page)
    choose_chips(page, "status", ["IN_PROGRESS", "ON_HOLD"])
    page.wait_for_url("**status=ON_HOLD**")
    settled(page)
    expect(page.locator("#results th[aria-sort=ascending]")).to_contain_text("Title")
    rows = page.locator("#results tbody tr").count()

    page.get_by_text("Save this view…").click()
    page.get_by_label("Name").fill(NAME)
    page.get_by_label("Share it with everyone").check()
    page.get_by_role("button", name="Save the view").click()
    expect(page.get_by_role("status")).to_contain_text(f"The view \u201c{NAME}\u201d is saved.")
    screenshot(page, f"saved-view-{backend}")

    page.goto(f"/plans/{STRATEGIC}")  # the plain page: every initiative, by id
    settled(page)
    views = page.get_by_role("navigation", name="Saved views")
    views.get_by_role("link", name=NAME).click()
    page.wait_for_url("**sort=title**")
    assert "status=IN_PROGRESS" in page.url and "status=ON_HOLD" in page.url
    expect(page.locator("#results tbody tr")).to_have_count(rows)
    expect(page.locator("input[name=status][value=IN_PROGRESS]")).to_be_checked()
    expect(views.get_by_role("link", name=NAME)).to_have_attribute("aria-current", "true")

    context = browser.new_context(base_url=live_server.base_url)
    other = context.new_page()
    sign_in(other, "tom")
    other.goto(f"/plans/{STRATEGIC}")
    shared = other.get_by_role("navigation", name="Saved views")
    expect(shared.get_by_role("link", name=NAME)).to_be_visible()
    expect(shared.get_by_role("button", name=f"Delete the view {NAME}")).to_have_count(0)
    context.close()
