"""The product's main journeys in Chromium, on a desktop (1280 px) and a phone (390 px), in the
light and the dark theme, with axe on every state they pass through (no serious or critical
finding) and a screenshot of each in var/screenshots/ (desktop light, phone dark):

- sort the strategic plan by a column heading and save the view, then open it again;
- move work on the board: drag a card onto a column, and the same step from the keyboard;
- open the roadmap;
- decide a budget from the steering meeting pack, and print the pack;
- export a list as XLSX and read the file back with openpyxl.

Each layout runs on a database of its own (the journeys change it)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.support.browser import (
    BROWSER_LOCALE,
    LAYOUTS,
    layout_problems,
    screenshot,
    settled,
    sign_in,
)
from tests.support.demo import STRATEGIC

VIEW = "Running, by title"
# Screenshots of a desktop in the light theme and a phone in the dark one (the other two share
# their colours or their layout), as the accessibility walk keeps them.
SHOT_LAYOUTS = ("desktop-light", "phone-dark")
BOARD = f"/plans/{STRATEGIC}?view=board"
TITLES = '#results tbody td a[href^="/initiatives/"]'  # the plan table's initiatives, in order


class Journey:
    """One layout's walk: every state is checked with axe and kept as a screenshot."""

    def __init__(self, page, layout: str) -> None:
        self.page = page
        self.layout = layout
        self.found: list[str] = []
        self.width = LAYOUTS[layout][0]["width"]

    def check(self, state: str) -> None:
        page = self.page
        settled(page)
        self.found += [f"{state}: {problem}" for problem in layout_problems(page, self.width)]
        if self.layout in SHOT_LAYOUTS:
            screenshot(page, f"journey-{state}-{self.layout}")

    def sort_and_save_a_view(self) -> None:
        page = self.page
        page.goto(f"/plans/{STRATEGIC}?status=IN_PROGRESS&status=ON_HOLD")
        settled(page)
        page.locator("#results thead").get_by_role("link", name="Title").click()
        page.wait_for_url("**sort=title**")
        settled(page)
        expect(page.locator("#results th[aria-sort=ascending]")).to_contain_text("Title")
        titles = page.locator(TITLES).all_inner_texts()
        assert titles == sorted(titles) and titles  # SQLite orders text as Python does
        self.check("plan-sorted")
        page.get_by_text("Save this view…").click()
        page.get_by_label("Name").fill(VIEW)
        page.get_by_role("button", name="Save the view").click()
        expect(page.get_by_role("status")).to_contain_text(f"The view \u201c{VIEW}\u201d is saved.")
        self.check("view-saved")
        page.goto(f"/plans/{STRATEGIC}")
        settled(page)
        page.get_by_role("navigation", name="Saved views").get_by_role("link", name=VIEW).click()
        page.wait_for_url("**sort=title**")
        settled(page)
        assert page.locator(TITLES).all_inner_texts() == titles
        self.check("view-opened")

    def move_work_on_the_board(self) -> None:
        page = self.page
        page.goto(BOARD)
        settled(page)
        self.check("board")
        proposed = page.locator('.board-column[data-status="PROPOSED"] .board-card').first
        title = proposed.locator(".board-title").inner_text()
        proposed.drag_to(page.locator('.board-column[data-status="APPROVED"]'))
        approved = page.locator('.board-column[data-status="APPROVED"]')
        approved.get_by_role("link", name=title).wait_for()
        page.get_by_text("Approve: done.").wait_for()
        self.check("board-dragged")
        # the same kind of step from the keyboard: the card's menu, no dragging
        card = approved.locator(".board-card", has=page.get_by_role("link", name=title))
        card.locator("summary").focus()
        page.keyboard.press("Enter")
        cancel = card.get_by_label("Why (cancel)")
        cancel.wait_for()
        self.check("board-menu-open")
        cancel.fill("Not this year")
        card.get_by_role("button", name="Cancel").focus()
        page.keyboard.press("Enter")
        cancelled = page.locator('.board-column[data-status="CANCELLED"]')
        cancelled.get_by_role("link", name=title).wait_for()
        self.check("board-moved-by-keyboard")

    def open_the_roadmap(self) -> None:
        page = self.page
        page.goto("/roadmap")
        page.get_by_role("heading", name="Roadmap", level=1).wait_for()
        expect(page.locator("svg.roadmap").first).to_be_visible()
        self.check("roadmap")

    def decide_a_budget_and_print_the_pack(self) -> None:
        page = self.page
        page.goto("/")
        settled(page)
        if self.width < 800:  # the navigation folds behind its Menu button on a phone
            page.get_by_role("button", name="Menu").click()
        page.get_by_role("banner").get_by_role("link", name="Meeting pack", exact=True).click()
        page.get_by_role("heading", name="Steering meeting pack", level=1).wait_for()
        self.check("meeting-pack")
        budgets = page.locator("section", has=page.locator("#budgets-heading"))
        waiting = budgets.locator("ul.decisions > li").count()
        first = budgets.locator("ul.decisions > li").first
        first.get_by_label("Amount to fund (EUR)").fill("1000")
        first.get_by_role("button", name="Fund").click()
        expect(page.get_by_role("status")).to_contain_text("Fund: done.")
        assert "/meeting-pack" in page.url, page.url  # back on the pack, one decision fewer
        expect(budgets.locator("ul.decisions > li")).to_have_count(waiting - 1)
        self.check("meeting-pack-funded")
        page.emulate_media(media="print")
        expect(page.get_by_role("banner")).to_be_hidden()
        expect(page.locator("main form").first).to_be_hidden()
        expect(page.get_by_role("heading", name="Decisions waiting")).to_be_visible()
        self.check("meeting-pack-printed")
        page.emulate_media(media="screen")
        expect(page.get_by_role("banner")).to_be_visible()

    def export_a_list_as_xlsx(self) -> None:
        page = self.page
        page.goto(f"/plans/{STRATEGIC}?sort=title")
        settled(page)
        shown = page.locator(TITLES).all_inner_texts()
        with page.expect_download() as download:
            page.get_by_role("link", name="XLSX").first.click()
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        rows = list(book.active.iter_rows(values_only=True))
        titles = [row[0] for row in rows[1:] if row and row[0]]
        assert rows[0][0] == "Title" and titles[: len(shown)] == shown


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_main_journeys_in_every_layout(browser, live_server, layout):
    viewport, scheme = LAYOUTS[layout]
    context = browser.new_context(
        base_url=live_server.base_url,
        viewport=viewport,
        color_scheme=scheme,
        locale=BROWSER_LOCALE.replace("_", "-"),
        accept_downloads=True,
    )
    page = context.new_page()
    sign_in(page, "margaret")
    journey = Journey(page, layout)
    try:
        journey.sort_and_save_a_view()
        journey.move_work_on_the_board()
        journey.open_the_roadmap()
        journey.decide_a_budget_and_print_the_pack()
        journey.export_a_list_as_xlsx()
    finally:
        context.close()
    assert not journey.found, f"{layout}:\n" + "\n".join(journey.found)
