"""The service portfolio in Chromium: the Self-Service Portal's owner finds its go-live waiting
for the steering committee on its page; the committee, on Portfolio, is refused a rejection
without a reason (nothing changes), then approves the move and the portal joins the catalogue;
the owner then finds it live with the decision in its history, and proposes to retire it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in

PORTAL = "Self-Service Portal"
NOTE = "The pilot convinced the service desk."  # not a demo decision's note
CASE = "Its requests now arrive through the new intranet; nobody opens the portal any more."
REFUSAL = "a reason is required to reject a portfolio move"
DATE = r"[A-Z][a-z]{2} \d{1,2}, \d{4}"  # a day as the browser's locale (en-US) writes it


def open_the_portal(page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Services", exact=True).click()
    page.get_by_role("heading", name="Services", level=1).wait_for()
    settled(page)
    page.get_by_role("link", name=PORTAL, exact=True).click()
    page.get_by_role("heading", name=PORTAL, level=1).wait_for()
    settled(page)


def test_the_committee_takes_the_portal_live_and_its_owner_proposes_to_retire_it(
    page, browser, live_server, backend
):
    # Lena, who owns the portal, finds its go-live waiting for the steering committee
    sign_in(page, "lena")
    settled(page)
    open_the_portal(page)
    in_portfolio = page.locator("section", has=page.locator("#portfolio-heading"))
    expect(page.locator("#portfolio-heading")).to_have_text("In the portfolio")
    waiting = in_portfolio.locator("p", has=page.locator(".badge", has_text="Waiting"))
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Proposed to take it live by Lena Fischer:")
    expect(waiting.get_by_role("link", name="the portfolio page")).to_have_attribute(
        "href", "/portfolio"
    )
    expect(in_portfolio.get_by_text("Propose a portfolio move…")).to_have_count(0)
    expect(page.locator("form#propose-move")).to_have_count(0)
    screenshot(page, f"portfolio-owner-waiting-{backend}")

    # Margaret, of the steering committee, opens Portfolio from the navigation
    context = browser.new_context(base_url=live_server.base_url)
    committee = context.new_page()
    sign_in(committee, "margaret")
    settled(committee)
    committee.get_by_role("banner").get_by_role("link", name="Portfolio", exact=True).click()
    committee.get_by_role("heading", name="Service portfolio", level=1).wait_for()
    settled(committee)
    assert committee.url.endswith("/portfolio"), committee.url
    expect(committee.locator("#waiting-heading")).to_have_text(
        "Waiting for the steering committee (1)"
    )
    expect(committee.locator("#pipeline-heading")).to_have_text("Pipeline (1)")
    expect(committee.locator("#live-heading")).to_have_text("Catalogue (6)")
    waiting_list = committee.locator("section", has=committee.locator("#waiting-heading"))
    move = waiting_list.locator("ul.decisions > li")
    expect(move).to_have_count(1)
    expect(move.get_by_role("link", name=PORTAL, exact=True)).to_be_visible()
    expect(move).to_contain_text(f"{PORTAL}: take it live")
    expect(move).to_contain_text("proposed by Lena Fischer")
    pipeline = committee.locator("table#portfolio-pipeline tbody tr")
    expect(pipeline).to_have_count(1)
    expect(pipeline.get_by_role("link", name=PORTAL, exact=True)).to_be_visible()
    expect(pipeline.locator("td").last).to_have_text("take it live")
    screenshot(committee, f"portfolio-committee-waiting-{backend}")

    # a rejection without a reason is refused, and nothing changes
    move.get_by_role("button", name="Reject", exact=True).click()
    committee.get_by_text(REFUSAL).wait_for()
    settled(committee)
    move = committee.locator("section", has=committee.locator("#waiting-heading")).locator(
        "ul.decisions > li"
    )
    expect(move).to_have_count(1)
    note = move.get_by_label("Reason or note (required to reject)")
    expect(note).to_have_attribute("aria-invalid", "true")  # the error is beside the note
    expect(move.locator(".field-error")).to_have_text(REFUSAL)
    expect(committee.locator("#waiting-heading")).to_have_text(
        "Waiting for the steering committee (1)"
    )
    expect(committee.locator("#pipeline-heading")).to_have_text("Pipeline (1)")
    expect(committee.locator("#live-heading")).to_have_text("Catalogue (6)")
    expect(committee.locator("p.flash")).to_have_count(0)
    expect(committee.get_by_text("The move was rejected.")).to_have_count(0)
    screenshot(committee, f"portfolio-committee-refused-{backend}")

    # with a note, the move is approved: the portal joins the catalogue
    note.fill(NOTE)
    move.get_by_role("button", name="Approve: take it live").click()
    committee.get_by_text("Approved: the service moved.").wait_for()
    settled(committee)
    expect(committee.locator("p.flash")).to_have_text("Approved: the service moved.")
    expect(committee.locator("#waiting-heading")).to_have_text(
        "Waiting for the steering committee (0)"
    )
    expect(committee.get_by_text("No move is waiting.", exact=True)).to_be_visible()
    expect(committee.locator("#live-heading")).to_have_text("Catalogue (7)")
    expect(committee.locator("#pipeline-heading")).to_have_text("Pipeline (0)")
    expect(committee.locator("table#portfolio-pipeline")).to_have_count(0)
    catalogue = committee.locator("table#portfolio-live tbody tr")
    expect(
        catalogue.filter(has=committee.get_by_role("link", name=PORTAL, exact=True))
    ).to_have_count(1)
    expect(committee.get_by_text(REFUSAL)).to_have_count(0)
    decided = committee.locator("section", has=committee.locator("#decided-heading"))
    expect(committee.locator("#decided-heading")).to_have_text("The latest decisions")
    go_live = (
        decided.get_by_role("listitem")
        .filter(has=committee.get_by_role("link", name=PORTAL, exact=True))
        .filter(has_text="take it live")
    )
    expect(go_live).to_have_count(1)
    expect(go_live).to_have_text(
        re.compile(
            rf"^{DATE}: {PORTAL}, take it live: approved by Margaret Okafor \({re.escape(NOTE)}\)$"
        )
    )
    screenshot(committee, f"portfolio-committee-approved-{backend}")
    context.close()

    # back as Lena: the portal is live, and its history lists the go-live
    open_the_portal(page)
    lifecycle = page.locator("hgroup .badge")
    expect(lifecycle).to_have_text("Live")
    expect(lifecycle).to_have_class(re.compile(r"\blifecycle-live\b"))
    in_portfolio = page.locator("section", has=page.locator("#portfolio-heading"))
    expect(in_portfolio.locator(".badge", has_text="Waiting")).to_have_count(0)
    history = in_portfolio.locator("details", has=page.locator("#portfolio-history"))
    history.locator("summary", has_text="Its decisions").click()
    expect(history).to_have_attribute("open", "")
    entry = history.locator("#portfolio-history > li").filter(has_text="go live")
    expect(entry).to_have_count(1)
    expect(entry).to_be_visible()
    expect(entry).to_have_text(
        re.compile(rf"^{DATE}: go live, approved by Margaret Okafor \({re.escape(NOTE)}\)$")
    )
    screenshot(page, f"portfolio-owner-live-{backend}")

    # now she may propose a move, and retiring it is the only one
    propose = in_portfolio.locator("details", has=page.locator("form#propose-move"))
    propose.locator("summary", has_text="Propose a portfolio move…").click()
    form = page.locator("form#propose-move")
    choice = form.get_by_label("Move", exact=True)
    expect(choice).to_be_visible()
    expect(choice.locator("option")).to_have_text(["Retire it"])
    choice.select_option(label="Retire it")
    form.get_by_label("The case for it (required)").fill(CASE)
    form.get_by_role("button", name="Propose", exact=True).click()
    page.get_by_text("The move was proposed; the steering committee decides.").wait_for()
    page.get_by_role("heading", name=PORTAL, level=1).wait_for()
    settled(page)
    in_portfolio = page.locator("section", has=page.locator("#portfolio-heading"))
    waiting = in_portfolio.locator("p", has=page.locator(".badge", has_text="Waiting"))
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(f"Proposed to retire it by Lena Fischer: {CASE}")
    expect(page.locator("form#propose-move")).to_have_count(0)  # one move waits at a time
    expect(page.locator("hgroup .badge")).to_have_text("Live")
    screenshot(page, f"portfolio-owner-proposed-{backend}")
