"""Comments in Chromium: Nora comments on a proposed initiative in Markdown and mentions Priya,
then edits it (marked edited, the mention gone); Priya reads it but may neither edit nor delete
it, and Ada, an administrator, deletes it. On a metric an empty comment is not sent, one of
spaces is refused with the error beside it, and corrected there: its Markdown link leads to the
plan and a <script> typed in it shows as text, never run. The demo conversation on the mail
routing upgrade reads in the order it was written. A new comment's page opens at it, with
JavaScript and without (the comment forms are plain posts: a boosted one would lose the
address's #comment part)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in, violations
from tests.support.demo import EMAIL_METRIC, EMAIL_PLAN, MAIL_ROUTING, SHORTEN

SHORTEN_TITLE = "Shorten mailbox provisioning to one hour"
MAIL_ROUTING_TITLE = "Upgrade the mail routing cluster"
EMAIL_PLAN_NAME = "E-mail improvement plan"
METRIC = "E-mail availability"
WRITTEN = "Is the **cut-over** fixed before the pilot?"
EDITED = "Is the date fixed? The service desk needs a week's notice."
SCRIPT = '<script>alert("comment")</script>'
LINKED = f"The dip follows [the E-mail plan](/plans/{EMAIL_PLAN}) changes. {SCRIPT}"


def open_initiative(page, title: str, path: str) -> None:
    """From Plans, through the E-mail improvement plan, to one of its initiatives."""
    page.get_by_role("banner").get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("heading", name="Plans", level=1).wait_for()
    settled(page)
    page.get_by_role("link", name=EMAIL_PLAN_NAME, exact=True).click()
    page.get_by_role("heading", name=EMAIL_PLAN_NAME, level=1).wait_for()
    settled(page)
    page.get_by_role("link", name=title, exact=True).first.click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    settled(page)
    assert page.url.endswith(path), page.url


def open_metric(page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Metrics", exact=True).click()
    page.get_by_role("heading", name="Metrics", level=1).wait_for()
    settled(page)
    page.get_by_role("link", name=METRIC, exact=True).click()
    page.get_by_role("heading", name=METRIC, level=1).wait_for()
    settled(page)
    assert page.url.endswith(f"/metrics/{EMAIL_METRIC}"), page.url


def comments(page):
    return page.locator("section", has=page.locator("#comments-heading"))


def comment_by(page, author: str):
    name = page.locator(".comment-meta strong", has_text=re.compile(rf"^{re.escape(author)}$"))
    return comments(page).locator("li.comment").filter(has=name)


def write_comment(page, body: str, mention: str | None = None) -> None:
    form = page.locator("form#add-comment")
    form.get_by_label("Add a comment").fill(body)
    if mention:
        form.locator("summary", has_text="Mention people").click()
        form.get_by_label(mention, exact=True).check()
    form.get_by_role("button", name="Comment", exact=True).click()


def test_nora_comments_with_a_mention_edits_it_and_an_administrator_deletes_it(
    page, browser, live_server, backend
):
    # Nora opens the proposed initiative: nobody has commented yet
    sign_in(page, "nora")
    settled(page)
    open_initiative(page, SHORTEN_TITLE, f"/initiatives/{SHORTEN}")
    expect(page.locator("#comments-heading")).to_have_text("Comments 0")
    expect(comments(page).locator(".empty")).to_have_text("No comment yet.")
    expect(comments(page).locator("li.comment")).to_have_count(0)

    # she types a comment in Markdown and opens the people she may mention
    form = page.locator("form#add-comment")
    form.get_by_label("Add a comment").fill(WRITTEN)
    mentions = form.locator("details.mentions")
    priya = form.get_by_label("Priya Raman", exact=True)
    expect(priya).to_be_hidden()  # folded until asked for
    mentions.locator("summary", has_text="Mention people").click()
    expect(mentions).to_have_attribute("open", "")
    expect(priya).to_be_visible()
    expect(priya).not_to_be_checked()
    expect(form.get_by_label("Ada Lindqvist", exact=True)).to_be_visible()
    assert violations(page) == []
    screenshot(page, f"comments-writing-{backend}")
    priya.check()
    form.get_by_role("button", name="Comment", exact=True).click()

    # the page returns with her comment: its author, the bold rendered, the mention
    comment = comment_by(page, "Nora Quinn")
    comment.wait_for()
    settled(page)
    assert page.url.split("#")[0].endswith(f"/initiatives/{SHORTEN}"), page.url
    expect(page.get_by_role("heading", name=SHORTEN_TITLE, level=1)).to_be_visible()
    expect(page.locator("#comments-heading")).to_have_text("Comments 1")
    expect(comments(page).locator(".empty")).to_have_count(0)
    expect(comments(page).locator("li.comment")).to_have_count(1)
    body = comment.locator(".comment-body")
    expect(body).to_have_text("Is the cut-over fixed before the pilot?")
    expect(body.locator("strong")).to_have_text("cut-over")
    expect(body).not_to_contain_text("**")
    expect(comment.locator("p.muted", has_text="Mentions")).to_have_text("Mentions Priya Raman")
    expect(comment.locator(".comment-meta")).not_to_contain_text("edited")
    expect(comment.locator(".comment-meta time")).to_have_text(
        re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M$")  # Dec 6, 2026, 9:26 AM
    )
    expect(form.get_by_label("Add a comment")).to_have_value("")  # a fresh form below
    screenshot(page, f"comments-written-{backend}")

    # she edits it: the Markdown as she typed it, Priya ticked; new text, Priya unticked
    comment.get_by_role("button", name="Edit…").click()
    text = comment.get_by_label(re.compile(r"^Comment"))
    expect(text).to_be_visible()
    expect(text).to_have_value(WRITTEN)
    chosen = comment.locator("details.mentions")
    expect(chosen).to_have_attribute("open", "")
    expect(chosen.locator("summary")).to_have_text("Mention people (1)")
    ticked = chosen.get_by_label("Priya Raman", exact=True)
    expect(ticked).to_be_checked()
    text.fill(EDITED)
    ticked.uncheck()
    comment.get_by_role("button", name="Save the comment").click()
    body = comment_by(page, "Nora Quinn").locator(".comment-body")
    expect(body).to_have_text(EDITED)
    settled(page)
    comment = comment_by(page, "Nora Quinn")
    expect(comments(page).locator("li.comment")).to_have_count(1)
    expect(comment.locator(".comment-meta")).to_contain_text("· edited")
    expect(comment.get_by_text(re.compile(r"^Mentions "))).to_have_count(0)
    expect(comment.get_by_text("Priya Raman")).to_be_hidden()  # only among the choices, folded
    screenshot(page, f"comments-edited-{backend}")

    # Priya reads Nora's comment but may neither edit nor delete it
    context = browser.new_context(base_url=live_server.base_url)
    other = context.new_page()
    sign_in(other, "priya")
    settled(other)
    open_initiative(other, SHORTEN_TITLE, f"/initiatives/{SHORTEN}")
    theirs = comment_by(other, "Nora Quinn")
    expect(theirs).to_have_count(1)
    expect(theirs.locator(".comment-body")).to_have_text(EDITED)
    expect(theirs.locator(".comment-meta")).to_contain_text("· edited")
    expect(theirs.get_by_text("Edit…")).to_have_count(0)
    expect(theirs.get_by_role("button", name="Delete")).to_have_count(0)
    expect(theirs.locator("form")).to_have_count(0)
    expect(other.locator("form#add-comment")).to_be_visible()  # she may add her own
    screenshot(other, f"comments-read-by-another-{backend}")
    context.close()

    # Ada, an administrator, may delete it but not edit it; she deletes it
    context = browser.new_context(base_url=live_server.base_url)
    admin = context.new_page()
    sign_in(admin, "ada")
    settled(admin)
    open_initiative(admin, SHORTEN_TITLE, f"/initiatives/{SHORTEN}")
    theirs = comment_by(admin, "Nora Quinn")
    expect(theirs.locator(".comment-body")).to_have_text(EDITED)
    expect(theirs.get_by_text("Edit…")).to_have_count(0)
    delete = theirs.get_by_role("button", name="Delete", exact=True)
    expect(delete).to_be_visible()
    delete.click()
    comments(admin).locator(".empty").wait_for()
    settled(admin)
    expect(comments(admin).locator(".empty")).to_have_text("No comment yet.")
    expect(admin.locator("#comments-heading")).to_have_text("Comments 0")
    expect(comments(admin).locator("li.comment")).to_have_count(0)
    expect(admin.get_by_text(EDITED)).to_have_count(0)
    expect(admin.get_by_role("heading", name=SHORTEN_TITLE, level=1)).to_be_visible()
    screenshot(admin, f"comments-deleted-{backend}")
    context.close()

    # Nora finds it gone too
    page.reload()
    page.get_by_role("heading", name=SHORTEN_TITLE, level=1).wait_for()
    expect(comments(page).locator(".empty")).to_have_text("No comment yet.")


def test_a_refused_comment_is_corrected_and_its_link_works_and_a_script_stays_text(page, backend):
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    sign_in(page, "nora")
    settled(page)
    open_metric(page)
    expect(page.locator("#comments-heading")).to_have_text("Comments 0")

    # an empty comment is not sent: the browser asks for the text
    form = page.locator("form#add-comment")
    text = form.get_by_label("Add a comment")
    form.get_by_role("button", name="Comment", exact=True).click()
    expect(text).to_be_focused()
    assert text.evaluate("element => element.validity.valueMissing")
    assert page.url.endswith(f"/metrics/{EMAIL_METRIC}"), page.url
    expect(page.get_by_role("heading", name=METRIC, level=1)).to_be_visible()

    # spaces are sent, and refused with the error beside the text
    text.fill("   ")
    form.get_by_role("button", name="Comment", exact=True).click()
    page.get_by_role("heading", name="Your comment was not saved", level=1).wait_for()
    settled(page)
    again = page.get_by_label(re.compile(r"^Comment"))
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(again).to_have_attribute("aria-describedby", "comment-body-error")
    expect(page.locator("#comment-body-error")).to_have_text("must not be empty")
    expect(again).to_be_focused()
    expect(again).to_have_value("   ")
    expect(page.get_by_role("link", name="Back to where you were")).to_have_attribute(
        "href", f"/metrics/{EMAIL_METRIC}"
    )
    expect(page.locator("details.mentions summary")).to_have_text("Mention people")
    assert violations(page) == []
    screenshot(page, f"comments-refused-{backend}")

    # she writes it there: back on the metric, the link rendered, the script shown as text
    again.fill(LINKED)
    page.get_by_role("button", name="Save the comment").click()
    page.get_by_role("heading", name=METRIC, level=1).wait_for()
    comment = comment_by(page, "Nora Quinn")
    comment.wait_for()
    settled(page)
    assert page.url.split("#")[0].endswith(f"/metrics/{EMAIL_METRIC}"), page.url
    expect(page.locator("#comments-heading")).to_have_text("Comments 1")
    body = comment.locator(".comment-body")
    expect(body).to_have_text(f"The dip follows the E-mail plan changes. {SCRIPT}")
    link = body.get_by_role("link", name="the E-mail plan", exact=True)
    expect(link).to_have_attribute("href", f"/plans/{EMAIL_PLAN}")
    expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    expect(body).not_to_contain_text("](")
    expect(body.locator("script")).to_have_count(0)
    expect(page.locator("main script")).to_have_count(0)
    assert dialogs == []
    screenshot(page, f"comments-link-and-script-{backend}")

    # the link leads to the plan
    link.click()
    page.get_by_role("heading", name=EMAIL_PLAN_NAME, level=1).wait_for()
    settled(page)
    assert page.url.endswith(f"/plans/{EMAIL_PLAN}"), page.url
    assert dialogs == []


def test_the_demo_conversation_reads_in_order(page, backend):
    sign_in(page, "nora")
    settled(page)
    open_initiative(page, MAIL_ROUTING_TITLE, f"/initiatives/{MAIL_ROUTING}")
    expect(page.locator("#comments-heading")).to_have_text("Comments 2")
    listed = comments(page).locator("li.comment")
    expect(listed.locator(".comment-meta strong")).to_have_text(["Tom Becker", "Priya Raman"])
    expect(listed.locator(".comment-body")).to_have_text(
        [
            "Is the cut-over still planned for a weekend? Finance closes the month on the 30th.",
            "Yes: Saturday night, with the old cluster kept warm for a week as the way back.",
        ]
    )
    expect(listed.nth(1).locator(".comment-body strong")).to_have_text("Saturday night")
    expect(listed.locator("p.muted", has_text="Mentions")).to_have_text(
        ["Mentions Priya Raman", "Mentions Tom Becker"]
    )
    times = listed.locator(".comment-meta time")
    first, second = (times.nth(n).get_attribute("datetime") for n in (0, 1))
    assert first < second, (first, second)
    # neither is Nora's, and she administers nothing
    expect(listed.get_by_text("Edit…")).to_have_count(0)
    expect(listed.get_by_role("button", name="Delete")).to_have_count(0)
    screenshot(page, f"comments-demo-conversation-{backend}")


def test_without_javascript_a_new_comment_opens_at_it(browser, live_server, backend):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "nora")
    page.goto(f"/initiatives/{SHORTEN}")
    write_comment(page, WRITTEN)
    comment = comment_by(page, "Nora Quinn")
    comment.wait_for()
    comment_id = comment.get_attribute("id")
    assert page.url.endswith(f"/initiatives/{SHORTEN}#{comment_id}"), page.url
    expect(comment).to_be_in_viewport()
    context.close()


def test_with_javascript_a_new_comment_opens_at_it(page, backend):
    sign_in(page, "nora")
    settled(page)
    page.goto(f"/initiatives/{SHORTEN}")
    settled(page)
    write_comment(page, WRITTEN, mention="Priya Raman")
    comment = comment_by(page, "Nora Quinn")
    comment.wait_for()
    settled(page)
    comment_id = comment.get_attribute("id")
    assert page.url.endswith(f"/initiatives/{SHORTEN}#{comment_id}"), page.url
    expect(comment).to_be_in_viewport()


def test_typing_at_and_a_name_offers_the_people_who_may_see_it(page, backend):
    sign_in(page, "nora")
    open_initiative(page, SHORTEN_TITLE, f"/initiatives/{SHORTEN}")
    form = page.locator("form#add-comment")
    body = form.get_by_label("Add a comment")
    body.click()
    page.keyboard.type("Over to @mar")
    offered = form.get_by_role("listbox", name="People to mention")
    expect(offered).to_be_visible()
    expect(offered.get_by_role("option")).to_have_text(["Margaret Okafor"])
    expect(form.get_by_role("status")).to_contain_text("1 person to mention")
    assert violations(page) == []
    page.keyboard.press("Enter")  # picks; does not send the form
    expect(offered).to_be_hidden()
    expect(body).to_have_value("Over to @Margaret Okafor ")
    # her box in the (closed) list of people to mention is ticked: that is what is sent
    margaret = form.locator("fieldset.mention-choices label", has_text="Margaret Okafor")
    expect(margaret.locator("input")).to_be_checked()
    page.keyboard.type("and @zzz")
    expect(offered).to_be_hidden()
    expect(form.get_by_role("status")).to_have_text("Nobody who may see this matches.")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("to")  # "@to": Tom Becker; Tab picks too
    expect(offered.get_by_role("option")).to_have_text(["Tom Becker"])
    page.keyboard.press("Tab")
    expect(body).to_have_value("Over to @Margaret Okafor and @Tom Becker ")
    screenshot(page, f"mention-offered-{backend}")
    form.get_by_role("button", name="Comment", exact=True).click()
    written = page.locator("li.comment", has_text="Over to @Margaret Okafor and @Tom Becker")
    expect(written).to_contain_text("Mentions Margaret Okafor, Tom Becker")
