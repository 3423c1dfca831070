"""Linking a strategic initiative's children in Chromium: the steering committee narrows the
choices, links a service improvement, sees the roll-up count it, and unlinks it again, in place."""

from __future__ import annotations

from playwright.sync_api import expect

from schema.core.ids import to_global_id
from tests.support.browser import screenshot, sign_in
from tests.support.demo import SHORTEN

PORTAL = to_global_id("Initiative", 1)  # "Introduce a self-service portal"
TITLE = "Shorten mailbox provisioning to one hour"


def test_link_a_child_then_unlink_it(page, backend):
    sign_in(page, "margaret")
    page.goto(f"/initiatives/{PORTAL}")
    children = page.locator("#children")
    expect(page.get_by_text("Derived from 5 initiatives")).to_be_visible()
    page.get_by_label("Find by title or description").fill("mailbox")
    page.get_by_role("button", name="Find", exact=True).click()
    page.wait_for_url("**find=mailbox**")
    page.get_by_label("Link an initiative that executes it").select_option(SHORTEN)
    page.get_by_role("button", name="Link", exact=True).click()
    expect(children.get_by_role("link", name=TITLE)).to_be_visible()
    expect(page.get_by_text("Derived from 6 initiatives")).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text(f"Done: {TITLE} linked.")
    screenshot(page, f"initiative-children-{backend}")

    children.get_by_role("button", name=f"Unlink {TITLE}").click()
    expect(children.get_by_role("link", name=TITLE)).to_have_count(0)
    expect(page.get_by_text("Derived from 5 initiatives")).to_be_visible()
    options = page.locator("#link-childId option").all_inner_texts()
    assert f"{TITLE} (proposed)" in options
