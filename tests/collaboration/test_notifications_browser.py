"""Notifications in Chromium: Margaret, of the steering committee, finds budget requests waiting
for her behind the header's count and follows one to its initiative; Priya, her page already
open, sees her count rise when htmx asks /notifications/count again after Nora comments on her
initiative, then marks that comment read and everything else read; Nora watches the mail
routing upgrade, hears of Tom's comment there and stops watching. Each person has a browser
context of their own; the notifications page passes axe with unread items on it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import screenshot, settled, sign_in, violations
from tests.support.demo import MAIL_ROUTING, SHORTEN

SHORTEN_TITLE = "Shorten mailbox provisioning to one hour"
MAIL_ROUTING_TITLE = "Upgrade the mail routing cluster"
BUDGET_REQUEST = re.compile(r"^.+ asks for a budget for “(.+)”: decide it\.$")
NORA_COMMENTED = f"Nora Quinn commented on “{SHORTEN_TITLE}”."
TOM_COMMENTED = f"Tom Becker commented on “{MAIL_ROUTING_TITLE}”."
REFRESH_COUNT = """() => htmx.ajax('GET', '/notifications/count',
  {target: '#unread-count', swap: 'outerHTML'})"""


def header_link(page):
    return page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Notifications"))


def unread_count(page) -> int:
    text = page.locator("#unread-count").inner_text().strip()
    assert re.fullmatch(r"\d+", text), text
    return int(text)


def open_notifications(page) -> None:
    header_link(page).click()
    page.get_by_role("heading", name="Notifications", level=1).wait_for()
    settled(page)
    assert page.url.endswith("/notifications"), page.url


def notification(page, message: str):
    link = page.get_by_role("link", name=message, exact=True)
    return page.locator("ol.notification-list > li").filter(has=link)


def open_initiative(page, path: str, title: str) -> None:
    page.goto(path)
    page.get_by_role("heading", name=title, level=1).wait_for()
    settled(page)


def watch_form(page):
    return page.locator("form.watch")


def comment_on(browser, live_server, key: str, path: str, title: str, body: str) -> None:
    """One person, in a browser of their own, comments on an initiative."""
    context = browser.new_context(base_url=live_server.base_url)
    other = context.new_page()
    sign_in(other, key)
    settled(other)
    open_initiative(other, path, title)
    form = other.locator("form#add-comment")
    form.get_by_label("Add a comment").fill(body)
    form.get_by_role("button", name="Comment", exact=True).click()
    other.locator("li.comment", has_text=body).wait_for()
    context.close()


def test_the_committee_finds_budget_requests_waiting_and_follows_one(page, backend):
    # Margaret signs in: the header counts what she has not read
    sign_in(page, "margaret")
    settled(page)
    link = header_link(page)
    expect(link).to_be_visible()
    expect(link).to_have_accessible_name(re.compile(r"^Notifications \d+ unread$"))
    count = unread_count(page)
    assert count > 0, count
    expect(page.locator("#unread-count")).not_to_have_class(re.compile(r"\bzero\b"))

    # her notifications: budget requests wait for her decision, unread
    open_notifications(page)
    expect(header_link(page)).to_have_attribute("aria-current", "page")
    expect(page.locator("hgroup p")).to_contain_text(f"{count} unread.")
    assert unread_count(page) == count
    items = page.locator("ol.notification-list > li")
    expect(items.first).to_be_visible()
    expect(page.locator("ol.notification-list > li.unread")).to_have_count(count)
    requests = items.filter(has=page.get_by_role("link", name=BUDGET_REQUEST))
    expect(requests.first).to_be_visible()
    request = requests.first
    expect(request.locator(".badge")).to_have_text("Waits for you")
    expect(request).to_have_class(re.compile(r"\bunread\b"))
    expect(request.locator("small")).to_contain_text("unread")
    expect(request.get_by_role("button", name="Mark read")).to_be_visible()
    expect(page.get_by_role("button", name="Mark all read")).to_be_visible()
    assert violations(page) == []  # with unread items on it
    screenshot(page, f"notifications-committee-{backend}")

    # she follows one to the initiative it names
    followed = request.get_by_role("link", name=BUDGET_REQUEST)
    title = BUDGET_REQUEST.match(followed.inner_text().strip())[1]
    href = followed.get_attribute("href")
    assert re.fullmatch(r"/initiatives/[^/#?]+", href), href
    followed.click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    settled(page)
    assert page.url.endswith(href), page.url
    screenshot(page, f"notifications-followed-{backend}")


def test_the_owner_sees_a_comment_arrive_and_marks_it_read_then_everything(
    page, browser, live_server, backend
):
    # Priya, who owns the initiative, has her browser open on My work
    sign_in(page, "priya")
    page.get_by_role("heading", name="My work", level=1).wait_for()
    settled(page)
    before = unread_count(page)
    assert before > 0, before  # Tom's demo comment mentions her

    # Nora, in a browser of her own, comments on it
    comment_on(browser, live_server, "nora", f"/initiatives/{SHORTEN}", SHORTEN_TITLE,
               "When will this start?")  # fmt: skip

    # Priya's page has not changed until htmx asks for the count again (every minute; asked
    # here at once rather than waited for), and then shows one more without a reload
    expect(page.locator("#unread-count")).to_have_text(str(before))
    url = page.url
    page.evaluate(REFRESH_COUNT)
    settled(page)
    expect(page.locator("#unread-count")).to_have_text(str(before + 1))
    expect(page.locator("#unread-count")).not_to_have_class(re.compile(r"\bzero\b"))
    expect(page.locator("#unread-count")).to_have_attribute("hx-trigger", "every 60s")
    expect(header_link(page)).to_have_accessible_name(f"Notifications {before + 1} unread")
    assert page.url == url
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    screenshot(page, f"notifications-count-polled-{backend}")

    # she opens her notifications: Nora's comment, unread, links to the comment
    open_notifications(page)
    item = notification(page, NORA_COMMENTED)
    expect(item).to_have_count(1)
    expect(item.locator(".badge")).to_have_text("Comment")
    expect(item).to_have_class(re.compile(r"\bunread\b"))
    expect(item.locator("small strong")).to_have_text("unread")
    expect(item.get_by_role("link", name=NORA_COMMENTED, exact=True)).to_have_attribute(
        "href", re.compile(rf"^/initiatives/{re.escape(SHORTEN)}#comment-")
    )
    item_id = item.get_attribute("id")
    assert item_id and item_id.startswith("notification-"), item_id
    assert violations(page) == []
    screenshot(page, f"notifications-owner-unread-{backend}")

    # she marks it read: no longer unread, and the header counts one fewer
    item.get_by_role("button", name="Mark read").click()
    page.get_by_text("Marked read.").wait_for()
    settled(page)
    item = page.locator(f"#{item_id}")
    expect(item).to_contain_text(NORA_COMMENTED)
    expect(item).not_to_have_class(re.compile(r"\bunread\b"))
    expect(item).not_to_contain_text("unread")
    expect(item.get_by_role("button", name="Mark read")).to_have_count(0)
    expect(page.locator("#unread-count")).to_have_text(str(before))
    expect(page.locator("hgroup p")).to_contain_text(f"{before} unread.")
    screenshot(page, f"notifications-owner-one-read-{backend}")

    # and everything else: nothing left unread
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator("#unread-count")).to_have_text("0")
    settled(page)
    expect(page.locator("#unread-count")).to_have_text("0")
    expect(page.locator("#unread-count")).to_have_class(re.compile(r"\bzero\b"))
    expect(page.locator("hgroup p")).to_contain_text("0 unread.")
    expect(page.locator("ol.notification-list > li.unread")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark all read")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark read")).to_have_count(0)
    expect(page.locator(f"#{item_id}")).to_be_visible()  # still listed under All

    # the Unread view is empty
    page.get_by_role("navigation", name="Which notifications").get_by_role(
        "link", name="Unread", exact=True
    ).click()
    page.get_by_text("Nothing unread.").wait_for()
    settled(page)
    assert page.url.endswith("/notifications?unread=1"), page.url
    expect(page.locator("p.empty")).to_have_text("Nothing unread.")
    expect(page.locator("ol.notification-list")).to_have_count(0)
    expect(page.locator("#unread-count")).to_have_text("0")
    screenshot(page, f"notifications-owner-all-read-{backend}")


def test_a_watcher_hears_of_a_comment_and_stops_watching(page, browser, live_server, backend):
    # Nora watches the mail routing upgrade from beside its comments
    sign_in(page, "nora")
    settled(page)
    before = unread_count(page)
    open_initiative(page, f"/initiatives/{MAIL_ROUTING}", MAIL_ROUTING_TITLE)
    form = watch_form(page)
    expect(form).to_contain_text("You do not hear of its comments and changes.")
    form.get_by_role("button", name="Watch", exact=True).click()
    page.get_by_text("You hear of its comments and changes.").wait_for()
    settled(page)
    assert page.url.endswith(f"/initiatives/{MAIL_ROUTING}#comments-heading"), page.url
    expect(form.get_by_role("button", name="Stop watching", exact=True)).to_be_visible()
    expect(form.get_by_role("button", name="Watch", exact=True)).to_have_count(0)
    screenshot(page, f"notifications-watching-{backend}")

    # Tom comments there, in a browser of his own
    comment_on(browser, live_server, "tom", f"/initiatives/{MAIL_ROUTING}", MAIL_ROUTING_TITLE,
               "The finance close moved to the 28th.")  # fmt: skip

    # Nora hears of it
    page.reload()
    page.get_by_role("heading", name=MAIL_ROUTING_TITLE, level=1).wait_for()
    settled(page)
    assert unread_count(page) == before + 1
    open_notifications(page)
    item = notification(page, TOM_COMMENTED)
    expect(item).to_have_count(1)
    expect(item.locator(".badge")).to_have_text("Comment")
    expect(item).to_have_class(re.compile(r"\bunread\b"))
    screenshot(page, f"notifications-watcher-told-{backend}")

    # she follows it back to the conversation and stops watching
    item.get_by_role("link", name=TOM_COMMENTED, exact=True).click()
    page.get_by_role("heading", name=MAIL_ROUTING_TITLE, level=1).wait_for()
    settled(page)
    assert re.search(rf"/initiatives/{re.escape(MAIL_ROUTING)}#comment-[^/]+$", page.url)
    form = watch_form(page)
    form.get_by_role("button", name="Stop watching", exact=True).click()
    page.get_by_text("You do not hear of its comments and changes.").wait_for()
    settled(page)
    expect(form.get_by_role("button", name="Watch", exact=True)).to_be_visible()
    expect(form.get_by_role("button", name="Stop watching", exact=True)).to_have_count(0)

    # Tom's next comment no longer reaches her
    comment_on(browser, live_server, "tom", f"/initiatives/{MAIL_ROUTING}", MAIL_ROUTING_TITLE,
               "Confirmed with finance.")  # fmt: skip
    page.evaluate(REFRESH_COUNT)
    settled(page)
    expect(page.locator("#unread-count")).to_have_text(str(before + 1))
