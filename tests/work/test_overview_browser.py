"""My work, the plans, the board and the services and processes pages in Chromium."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import choose_chips, screenshot, sign_in
from tests.support.demo import STRATEGIC


def test_my_work_lists_what_awaits_and_links_to_it(page, backend):
    sign_in(page, "margaret")
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    approvals = page.locator("section", has=page.locator("#to-approve"))
    assert approvals.locator("li").count() == 1
    budgets = page.locator("section", has=page.locator("#budget-requests"))
    assert budgets.locator("li").count() == 5
    screenshot(page, f"my-work-{backend}")
    approvals.get_by_role("link", name="Outsource printing services").click()
    page.wait_for_url("**/initiatives/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Outsource printing services"


def test_an_empty_section_says_so(page):
    sign_in(page, "nora")
    assert page.get_by_text("Nothing awaits your approval.").is_visible()


def test_the_plans_page_shows_cards_with_budgets_and_health(page, backend):
    sign_in(page, "margaret")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.wait_for_url("**/plans")
    assert page.locator(".plan-card").count() == 13
    card = page.locator(".plan-card", has_text="E-mail improvement plan")
    assert "€85,000 requested" in card.inner_text()
    assert "At risk 1" in card.inner_text()
    screenshot(page, f"plans-{backend}")


def test_the_board_swaps_in_place_and_keeps_the_filters(page, backend):
    sign_in(page, "margaret")
    page.goto(f"/plans/{STRATEGIC}?status=PROPOSED&status=IN_PROGRESS")
    page.evaluate("window.stillHere = true")
    page.get_by_role("link", name="Board").click()
    page.wait_for_url("**view=board**")
    page.locator(".board-column").first.wait_for()
    assert page.locator(".board-column").count() == 2
    assert "status=PROPOSED" in page.url
    assert page.evaluate("window.stillHere") is True  # swapped, not reloaded
    expect(page.locator("#view-board")).to_be_focused()  # focus kept
    assert page.locator(".board-card").count() == 2
    screenshot(page, f"board-{backend}")
    choose_chips(page, "status", ["IN_PROGRESS"])
    expect(page.locator(".board-column")).to_have_count(1)
    assert "view=board" in page.url
    page.get_by_role("link", name="Table").click()
    page.locator("#results table").wait_for()
    assert "view=" not in page.url and "status=IN_PROGRESS" in page.url


def test_the_board_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "margaret")
    page.goto(f"/plans/{STRATEGIC}?status=PROPOSED")
    page.get_by_role("link", name="Board").click()
    page.wait_for_url("**view=board**")
    assert page.locator(".board-column").count() == 1
    choose_chips(page, "status", ["IN_PROGRESS", "PROPOSED"])
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**status=IN_PROGRESS**")
    assert "view=board" in page.url and page.locator(".board-column").count() == 2
    context.close()


def test_services_and_processes_lead_to_their_detail_pages(page, backend):
    sign_in(page, "nora")
    page.get_by_role("link", name="Services", exact=True).click()
    page.wait_for_url("**/services")
    page.get_by_role("link", name="E-mail", exact=True).click()
    page.wait_for_url("**/services/**")
    assert page.get_by_role("heading", level=1).inner_text() == "E-mail"
    assert page.get_by_text("Shared mailbox set-up").is_visible()
    screenshot(page, f"service-{backend}")
    page.get_by_role("link", name="Processes", exact=True).click()
    page.wait_for_url("**/processes")
    page.get_by_role("link", name="Incident Management", exact=True).click()
    page.wait_for_url("**/processes/**")
    holders = page.locator("section", has=page.locator("#holders-heading"))
    assert "Carlos Mendes" in holders.inner_text()
    screenshot(page, f"process-{backend}")
