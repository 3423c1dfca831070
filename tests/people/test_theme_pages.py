"""The theme: light, dark or as the system is set, chosen from the menu in every page's header.
Kept with the person when signed in (every browser they use), in a cookie when signed out."""

from __future__ import annotations

import re

from server.web.core.theme import THEME_COOKIE
from tests.support.pages import HTML, csrf, sign_in

MINE = "{ viewer { preferences { theme } } }"


def theme_of(page: str) -> str | None:
    match = re.search(r'<html lang="en"(?: data-theme="(\w+)")?>', page)
    assert match, "the page has its <html> element"
    return match.group(1)


def color_scheme(page: str) -> str:
    return re.search(r'<meta name="color-scheme" content="([^"]+)">', page).group(1)


def choose(client, theme: str, page: str, next_path: str = "/", **extra):
    return client.post(
        "/appearance",
        data={"theme": theme, "next": next_path, "csrf_token": csrf(page), **extra},
        headers=HTML,
        follow_redirects=False,
    )


def test_the_pages_follow_the_system_until_someone_chooses(demo_client):
    page = demo_client.get("/sign-in").text
    assert theme_of(page) is None and color_scheme(page) == "light dark"
    assert 'action="/appearance"' in page and 'aria-pressed="true">As my system' in page


def test_a_signed_out_browser_keeps_its_choice_in_a_cookie(demo_client):
    page = demo_client.get("/sign-in").text
    answer = choose(demo_client, "dark", page, "/sign-in?next=/plans")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in?next=/plans"
    assert demo_client.cookies[THEME_COOKIE] == "dark"
    assert "httponly" in answer.headers["set-cookie"].lower()
    page = demo_client.get("/sign-in").text
    assert theme_of(page) == "dark" and color_scheme(page) == "dark"
    assert 'aria-pressed="true">Dark' in page


def test_a_person_s_choice_follows_them_to_every_browser(signed_in, demo_client, app_factory,
                                                         demo_url, api):  # fmt: skip
    client = signed_in("nora")
    page = client.get("/account", headers=HTML).text
    assert choose(client, "light", page, "/account").headers["location"] == "/account"
    assert theme_of(client.get("/", headers=HTML).text) == "light"
    assert api.query("nora", MINE) == {"viewer": {"preferences": {"theme": "LIGHT"}}}
    elsewhere = app_factory(demo_url)  # another browser: no cookie, the person's choice
    assert sign_in(elsewhere, "nora").status_code == 303
    assert THEME_COOKIE not in elsewhere.cookies
    assert theme_of(elsewhere.get("/", headers=HTML).text) == "light"
    tom = app_factory(demo_url)
    assert sign_in(tom, "tom").status_code == 303
    assert theme_of(tom.get("/", headers=HTML).text) is None  # Tom's own default


def test_an_unknown_theme_changes_nothing_and_says_why(signed_in, api):
    client = signed_in("nora")
    page = client.get("/", headers=HTML).text
    answer = choose(client, "purple", page, "/plans")
    assert answer.status_code == 303 and answer.headers["location"] == "/plans"
    assert THEME_COOKIE not in client.cookies
    shown = client.get("/plans", headers=HTML).text
    assert "The theme was not changed: it must be one of SYSTEM, LIGHT, DARK." in shown
    assert api.query("nora", MINE) == {"viewer": {"preferences": {"theme": "SYSTEM"}}}


def test_the_choice_needs_the_form_s_token_and_goes_back_only_to_this_site(signed_in):
    client = signed_in("nora")
    refused = client.post("/appearance", data={"theme": "dark"}, headers=HTML)
    assert refused.status_code == 403 and THEME_COOKIE not in client.cookies
    page = client.get("/", headers=HTML).text
    assert choose(client, "dark", page, "//evil.example/").headers["location"] == "/"


def test_money_and_dates_follow_the_browser_until_the_person_chooses_a_locale(signed_in, api):
    from tests.support.demo import MAIL_ROUTING as ROUTING  # 60,000 EUR approved

    client = signed_in("priya")
    german = client.get(f"/initiatives/{ROUTING}", headers={**HTML, "accept-language": "de-DE"})
    assert "60.000,00\xa0€ requested" in german.text  # German writes the sign after
    page = client.get("/account", headers=HTML).text
    assert 'value="de_DE">Deutsch (Deutschland)</option>' in page
    saved = client.post("/account/preferences", headers=HTML, data={
        "theme": "DARK", "locale": "en_US", "csrf_token": csrf(page)})  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == "/account#appearance"
    american = client.get(f"/initiatives/{ROUTING}", headers={**HTML, "accept-language": "de-DE"})
    assert "€60,000.00 requested" in american.text and theme_of(american.text) == "dark"
    assert api.query("priya", "{ viewer { preferences { theme locale } } }") == {
        "viewer": {"preferences": {"theme": "DARK", "locale": "en_US"}}
    }
    page = client.get("/account", headers=HTML).text
    refused = client.post("/account/preferences", headers=HTML, data={
        "locale": "xx_YY", "csrf_token": csrf(page)})  # fmt: skip
    assert refused.status_code == 422
    assert "must be one of the offered locales" in refused.text
