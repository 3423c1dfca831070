"""A person signs in with Chromium, sees their work and their plans, and signs out."""

from __future__ import annotations

from tests.support.browser import screenshot, sign_in


def test_sign_in_see_the_plans_and_sign_out(page, backend):
    page.goto("/")
    assert page.url.endswith("/sign-in?next=%2F")
    screenshot(page, f"sign-in-{backend}")
    sign_in(page, "priya")
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    page.get_by_role("link", name="Plans", exact=True).click()
    page.wait_for_url("**/plans")
    assert page.get_by_role("heading", level=1).inner_text() == "Plans"
    cards = page.locator(".plan-card")
    assert cards.count() == 12
    assert "Security improvement plan" not in page.content()
    assert page.evaluate("typeof window.htmx") == "object"
    screenshot(page, f"home-{backend}")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    page.goto("/")
    assert "/sign-in" in page.url


def test_a_wrong_password_shows_a_plain_message(page):
    page.goto("/sign-in")
    page.get_by_label("E-mail address").fill("priya@harbour-it.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert "do not match an active account" in alert.inner_text()
    assert page.get_by_label("E-mail address").input_value() == "priya@harbour-it.example"


def test_the_security_manager_sees_the_confidential_plan(page):
    sign_in(page, "omar")
    page.goto("/plans")
    assert page.locator(".plan-card").count() == 13
    assert page.get_by_text("Security improvement plan").is_visible()
