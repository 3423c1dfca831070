"""Mail in Chromium, end to end: Carlos asks for a budget on his initiative's page; the app's
own background sender (under its lease, every second here) mails the steering committee through
a real SMTP server in the test; Margaret opens the link in her mail, signs in, and lands on the
initiative. Then she chooses, on her account page, to get decisions in her daily digest at
07:00 in Europe/Oslo, and the page keeps her choice."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.browser import LiveServer, screenshot, settled, sign_in, violations
from tests.support.demo import TEMPLATES, demo_email
from tests.support.smtp import MailServer

TITLE = "Major incident communication templates"


@pytest.fixture
def mailing(demo_url, tmp_path):
    server = MailServer().start()
    with LiveServer(demo_url, tmp_path, smtp=server.server, mail_sender=True,
                    mail_interval_seconds=1) as live:  # fmt: skip
        yield live, server
    server.stop()


def wait_for_mail(server: MailServer, address: str, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if received := server.inbox.to(address):
            return received
        time.sleep(0.1)
    raise AssertionError(f"no mail reached {address} within {seconds} s")


@pytest.mark.both_databases  # the app's own background sender, under its lease, on either
def test_a_budget_request_reaches_the_committee_by_mail_and_its_link_opens_it(
    browser, mailing, backend
):
    live, server = mailing
    carlos = browser.new_context(base_url=live.base_url).new_page()
    sign_in(carlos, "carlos")
    carlos.goto(f"/initiatives/{TEMPLATES}")
    carlos.get_by_role("heading", name=TITLE, level=1).wait_for()
    settled(carlos)
    carlos.get_by_text("Request a budget…").click()
    carlos.get_by_label("Amount (EUR)").fill("4500")
    carlos.get_by_label("Justification").fill("Two writers for a month")
    carlos.get_by_role("button", name="Request a budget", exact=True).click()
    expect(carlos.locator(".badge", has_text=re.compile("budget requested", re.I)).first
           ).to_be_visible()  # fmt: skip
    carlos.context.close()

    (message,) = wait_for_mail(server, demo_email("margaret"))
    assert message["Subject"] == f"Carlos Mendes asks for a budget for “{TITLE}”: decide it."
    wait_for_mail(server, demo_email("tom"))
    html = message.get_body(("html",)).get_content()
    link = re.search(r'href="(http://127\.0\.0\.1:\d+/notifications/[^"]+)"', html)
    assert link, html
    # The mail's link, opened signed out: sign in first, then on to the initiative.
    page = browser.new_context().new_page()
    page.goto(link.group(1).replace("http://127.0.0.1:8000", live.base_url))
    page.get_by_label("E-mail address").fill(demo_email("margaret"))
    page.get_by_label("Password").fill("steward-demo")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.url.endswith(f"/initiatives/{TEMPLATES}"), page.url
    screenshot(page, f"mail-link-opened-{backend}")
    page.context.close()


def test_choices_are_made_on_the_account_page(page, backend):
    sign_in(page, "margaret")
    page.goto("/account")
    section = page.locator("#mail")
    expect(section.get_by_role("heading", name="Notifications by e-mail")).to_be_visible()
    expect(section).to_contain_text("This server sends no e-mail yet")
    section.get_by_role("radio", name="A decision was made on my initiative or suggestion: "
                        "in the daily digest").check()  # fmt: skip
    section.get_by_label("The daily digest goes at").select_option("7")
    section.get_by_label("in the time zone").select_option("Europe/Oslo")
    section.get_by_role("button", name="Save the e-mail choices").click()
    expect(page.get_by_text("Your e-mail choices were saved.")).to_be_visible()
    section = page.locator("#mail")
    expect(section.get_by_role("radio", name="A decision was made on my initiative or "
                               "suggestion: in the daily digest")).to_be_checked()  # fmt: skip
    expect(section.get_by_label("The daily digest goes at")).to_have_value("7")
    expect(section.get_by_label("in the time zone")).to_have_value("Europe/Oslo")
    assert violations(page) == []
    screenshot(page, f"mail-choices-{backend}")
