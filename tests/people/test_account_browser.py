"""A person opens their account from their name in the header, changes their password, sees
where they are signed in and signs out everywhere; too many wrong passwords show a clear wait."""

from __future__ import annotations

from tests.support.browser import screenshot, sign_in

NEW_PASSWORD = "lantern-orchard-velvet-42"


def test_change_the_password_then_sign_out_everywhere(page, backend):
    sign_in(page, "nora")
    page.get_by_role("link", name="Nora Quinn").click()
    page.wait_for_url("**/account")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"
    assert page.get_by_role("row").filter(has_text="This session").count() == 1
    page.get_by_label("Current password").fill("steward-demo")
    page.get_by_label("New password", exact=True).fill("1234567890")
    page.get_by_label("New password again").fill("1234567890")
    page.get_by_role("button", name="Change the password").click()
    page.locator("#new-password-error").wait_for()
    assert "too easy to guess" in page.locator("#new-password-error").inner_text()
    screenshot(page, f"account-weak-password-{backend}")
    page.get_by_label("Current password").fill("steward-demo")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change the password").click()
    page.get_by_text("Your password was changed.").wait_for()
    screenshot(page, f"account-{backend}")
    page.get_by_role("button", name="Sign out everywhere").click()
    page.wait_for_url("**/sign-in")
    assert "You signed out everywhere." in page.get_by_role("status").inner_text()
    page.goto("/account")
    assert "/sign-in" in page.url


def test_too_many_wrong_passwords_say_how_long_to_wait(page, backend):
    page.goto("/sign-in")
    for _ in range(5):
        page.get_by_label("E-mail address").fill("priya@harbour-it.example")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("alert").wait_for()
    assert page.get_by_role("alert").inner_text() == "Too many attempts; try again in 15 minutes."
    screenshot(page, f"sign-in-too-many-{backend}")
