"""Search in Chromium: Nora presses "/" on My work and the header's box takes her typing; Enter
shows what matches, the words marked, a word from two descriptions found; the filter by
kind narrows the list and a hit opens its page. What sits in the confidential plan is never
shown to her, while Omar, the security manager, finds it. The page passes axe."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in, violations


def search_from_the_header(page, words: str) -> None:
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Search the register")
    expect(box).to_be_focused()
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Search", level=1).wait_for()
    settled(page)


def test_nora_searches_from_any_page_and_opens_a_hit(page, backend):
    sign_in(page, "nora")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    settled(page)
    search_from_the_header(page, "calendars")
    # In the descriptions of the E-mail service and of the sales department (a stakeholder)
    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(2)
    expect(results.locator(".search-snippet mark")).to_have_text(["calendars", "calendars"])
    expect(results.locator(".badge")).to_have_text(["Service", "Stakeholder"])
    assert violations(page) == []
    screenshot(page, f"search-description-{backend}")

    page.get_by_role("searchbox", name="Search for").fill("mail rout")
    page.get_by_role("button", name="Search", exact=True).click()
    settled(page)
    expect(page.locator("ol.search-results > li")).to_have_count(2)
    page.get_by_role("navigation", name="Filter by kind").get_by_role(
        "link", name="Initiatives 1"
    ).click()
    settled(page)
    expect(page.locator("ol.search-results > li")).to_have_count(1)
    page.get_by_role("link", name="Upgrade the mail routing cluster").click()
    page.get_by_role("heading", name="Upgrade the mail routing cluster", level=1).wait_for()

    # Typing "/" in a field types it, and does not jump to the search box
    page.goto("/account")
    field = page.get_by_label("Current password")
    field.click()
    page.keyboard.type("a/b")
    expect(field).to_have_value("a/b")


def test_the_confidential_plan_stays_hidden_from_those_who_may_not_see_it(page, browser, backend):
    sign_in(page, "nora")
    settled(page)
    search_from_the_header(page, "phishing simulation")
    expect(page.locator("ol.search-results")).to_have_count(0)
    expect(page.get_by_text("Nothing matches “phishing simulation”.")).to_be_visible()

    omar = browser.new_context(base_url=page.url.split("/search")[0]).new_page()
    sign_in(omar, "omar")
    settled(omar)
    search_from_the_header(omar, "phishing simulation")
    expect(omar.get_by_role("link", name="Phishing simulation programme")).to_be_visible()
    omar.context.close()
