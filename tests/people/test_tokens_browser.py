"""Creating an API token in Chromium: the secret is shown once, the copy button puts it in the
clipboard, and without JavaScript it sits selectable in a labelled read-only field."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.browser import screenshot, sign_in


def test_the_copy_button_puts_the_new_secret_in_the_clipboard(browser, live_server, backend):
    context = browser.new_context(
        base_url=live_server.base_url, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    sign_in(page, "nora")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_role("heading", name="API tokens", level=1).wait_for()
    page.get_by_label("Name (what will use it").fill("Quarterly report")
    page.get_by_label("Read and write").check()
    page.get_by_label("Expires after this many days").fill("90")
    page.get_by_role("button", name="Create the token").click()
    secret_field = page.get_by_label("Secret of the token “Quarterly report”")
    secret_field.wait_for()
    secret = secret_field.input_value()
    assert secret.startswith("stw_")
    assert secret_field.get_attribute("readonly") is not None
    page.get_by_role("button", name="Copy").click()
    page.get_by_text("Copied to the clipboard.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    selected = page.evaluate(
        "(() => { const f = document.getElementById('new-token-secret');"
        " return f.value.substring(f.selectionStart, f.selectionEnd); })()"
    )
    assert selected == secret
    row = page.get_by_role("row").filter(has_text="Quarterly report")
    assert "Read and write" in row.inner_text() and "Active" in row.inner_text()
    screenshot(page, f"token-created-{backend}")
    page.reload()
    assert page.locator("#new-token-secret").count() == 0  # shown once only
    context.close()


def test_without_javascript_the_secret_is_selectable_and_revoking_asks_first(browser, live_server):
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "nora")
    page.goto("/tokens")
    page.get_by_label("Name (what will use it").fill("Script")
    page.get_by_role("button", name="Create the token").click()
    field = page.get_by_label("Secret of the token “Script”")
    assert field.input_value().startswith("stw_")
    assert not page.get_by_role("button", name="Copy").is_visible()  # needs the script
    field.select_text()
    page.get_by_text("Revoke…").click()
    page.get_by_role("button", name="Yes, revoke Script").click()
    page.get_by_text("The token was revoked").wait_for()
    assert "Revoked" in page.get_by_role("row").filter(has_text="Script").inner_text()
    context.close()


def test_a_refused_token_keeps_the_input_and_focuses_the_field(page):
    sign_in(page, "nora")
    page.goto("/tokens")
    page.get_by_label("Name (what will use it").fill("Too long-lived")
    page.get_by_label("Expires after this many days").fill("3651")
    page.locator("#token-expiry").evaluate("field => field.removeAttribute('max')")
    page.get_by_role("button", name="Create the token").click()
    error = page.locator("#token-expiry-error")
    error.wait_for()
    assert "from 1 to 3650 days" in error.inner_text()
    assert page.get_by_label("Name (what will use it").input_value() == "Too long-lived"
    expect(page.locator("#token-expiry")).to_be_focused()
