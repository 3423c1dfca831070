"""Moving work on the board: each card offers the steps its viewer may take (a reason asked on
the card when the step needs one; more than that on the initiative's page), the same forms a
card dragged onto a column uses; the board comes back after a step."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import screenshot, sign_in
from tests.support.demo import STRATEGIC
from tests.support.pages import HTML, csrf

BOARD = f"/plans/{STRATEGIC}?view=board"


def card(page: str, title: str) -> str:
    start = page.index(f">{title}</a>")
    return page[
        page.rindex('<article class="board-card"', 0, start) : page.index("</article>", start)
    ]


def test_a_card_offers_the_viewer_s_steps_and_a_step_brings_the_board_back(signed_in, api):
    client = signed_in("margaret")  # the steering committee owns the strategic plan
    proposed = api.query(
        "margaret",
        """{ plans(first: 1, kind: [STRATEGIC]) { nodes {
        initiatives(first: 1, filter: {status: [PROPOSED]}) { nodes { id title } } } } }""",
    )
    (item,) = proposed["plans"]["nodes"][0]["initiatives"]["nodes"]
    page = client.get(BOARD, headers=HTML).text
    moves = card(page, item["title"])
    assert 'data-moves="APPROVED REJECTED CANCELLED"' in moves
    assert f'action="/initiatives/{item["id"]}/actions/APPROVE"' in moves
    assert 'name="reason"' in moves  # rejecting asks why, on the card
    version = re.search(r'name="version" value="(\d+)"', moves).group(1)
    done = client.post(
        f"/initiatives/{item['id']}/actions/APPROVE", headers=HTML,
        data={"csrf_token": csrf(page), "version": version, "back": BOARD},
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == BOARD
    after = client.get(BOARD, headers=HTML).text
    assert "Approve: done." in after
    column = after[after.index('data-status="APPROVED"') :].split("</section>")[0]
    assert item["title"] in column


def test_nobody_sees_steps_they_may_not_take(signed_in):
    page = signed_in("nora").get(BOARD, headers=HTML).text
    assert "card-moves" not in page and "data-moves" not in page


def test_a_step_goes_back_only_to_a_plan_page_of_this_site(signed_in, api):
    client = signed_in("margaret")
    proposed = api.query(
        "margaret",
        """{ plans(first: 1, kind: [STRATEGIC]) { nodes {
        initiatives(first: 1, filter: {status: [PROPOSED]}) { nodes { id version } } } } }""",
    )
    (item,) = proposed["plans"]["nodes"][0]["initiatives"]["nodes"]
    page = client.get(BOARD, headers=HTML).text
    done = client.post(
        f"/initiatives/{item['id']}/actions/APPROVE", headers=HTML,
        data={"csrf_token": csrf(page), "version": item["version"], "back": "//evil.example/x"},
    )  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == f"/initiatives/{item['id']}"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_dragging_a_card_onto_a_column_takes_the_step_and_asks_for_a_reason(browser, live_server):
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "margaret")
    page.goto(BOARD)
    proposed = page.locator('.board-column[data-status="PROPOSED"] .board-card').first
    title = proposed.locator(".board-title").inner_text()
    proposed.drag_to(page.locator('.board-column[data-status="APPROVED"]'))
    page.wait_for_url(lambda url: "view=board" in url)
    approved = page.locator('.board-column[data-status="APPROVED"]')
    approved.get_by_role("link", name=title).wait_for()
    page.get_by_text("Approve: done.").wait_for()
    screenshot(page, "board-drag-approved")
    # a step with a reason: the card's menu opens at its reason
    moved = approved.locator(".board-card", has=page.get_by_role("link", name=title))
    moved.drag_to(page.locator('.board-column[data-status="CANCELLED"]'))
    reason = moved.get_by_label("Why (cancel)")
    reason.wait_for()
    assert reason.evaluate("box => box === document.activeElement")
    reason.fill("Not this year")
    moved.get_by_role("button", name="Cancel").click()
    cancelled = page.locator('.board-column[data-status="CANCELLED"]')
    cancelled.get_by_role("link", name=title).wait_for()
    screenshot(page, "board-drag-cancelled")
    # the same with the keyboard: the card's menu, no dragging
    running = page.locator('.board-column[data-status="IN_PROGRESS"] .board-card').first
    running.locator("summary").focus()
    page.keyboard.press("Enter")
    running.get_by_role("button", name="Put on hold").wait_for()
    context.close()
