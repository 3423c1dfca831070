"""Money, numbers and dates are written one way, in the reader's locale."""

from __future__ import annotations

import pytest

from server.domain.core.locales import negotiate
from server.web.core.formatting import day, money, month, number, when
from tests.support.demo import process_id
from tests.support.pages import HTML, csrf, text_of


@pytest.mark.parametrize(
    ("locale", "amount", "whole", "written"),
    [
        ("en_GB", "60000", False, "€60,000.00"),
        ("en_GB", "85000.40", True, "€85,000"),
        ("de_DE", "60000", False, "60.000,00\xa0€"),
        ("de_DE", "85000", True, "85.000\xa0€"),
        ("fr_FR", "1234.5", False, "1\u202f234,50\xa0€"),
        ("en_US", "0", False, "€0.00"),
    ],
)
def test_money_is_written_as_the_locale_writes_it(locale, amount, whole, written):
    assert money(amount, "EUR", locale, whole) == written


def test_other_currencies_keep_their_own_digits_and_nothing_is_written_for_no_amount():
    assert money("1234", "JPY", "en_GB") == "JP¥1,234"
    assert money("12.5", "GBP", "en_GB") == "£12.50"
    assert money(None, "EUR", "en_GB") == "" and money("", "EUR", "en_GB") == ""


def test_numbers_and_dates():
    assert number("1234.567", "en_GB", 1) == "1,234.6"
    assert number("1234.567", "de_DE", 2) == "1.234,57"
    assert day("2026-05-01", "en_GB") == "1 May 2026"
    assert day("2026-05-01T23:10:00+00:00", "en_US") == "May 1, 2026"
    assert day("2026-05-01", "de_DE") == "01.05.2026"
    assert day(None, "en_GB") == "" and day("not a date", "en_GB") == "not a date"


def test_moments_are_written_with_their_time_of_day_in_utc_and_months_by_name():
    assert when("2026-05-01T14:05:33.5+00:00", "en_GB") == "1 May 2026, 14:05"
    assert when("2026-05-01T23:30:00-02:00", "de_DE") == "02.05.2026, 01:30"  # in UTC
    assert when("2026-05-01T14:05:00Z", "en_US") == "May 1, 2026, 2:05\u202fPM"
    assert when("2026-05-01T14:05:00", "fr_FR") == "1 mai 2026, 14:05"  # no zone: UTC
    assert when("2026-05-01", "en_GB") == "1 May 2026"  # a date alone has no time of day
    assert when(None, "en_GB") == "" and when("soon", "en_GB") == "soon"
    assert month("2026-05-01", "en_GB") == "May 2026" and month("2026-05", "de_DE") == "Mai 2026"


def test_a_page_writes_its_dates_in_the_locale_the_person_chose(signed_in):
    client = signed_in("ben")
    before_any = f"/processes/{process_id('incident')}?asOf=2020-05-01"
    browser_s = text_of(client.get(before_any, headers=HTML).text)
    assert f"yet on {day('2020-05-01', negotiate(None))}." in browser_s  # 1 May 2020
    for locale, written in (("de_DE", "01.05.2020"), ("en_US", "May 1, 2020")):
        page = client.get("/account", headers=HTML).text
        saved = client.post(
            "/account/preferences", headers=HTML, data={"locale": locale, "csrf_token": csrf(page)}
        )
        assert saved.status_code == 303, saved.text
        text = text_of(client.get(before_any, headers=HTML).text)
        assert f"had no written definition yet on {written}." in text
        assert f"As it stood on {written}" in text and "2020-05-01" not in text


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "en_GB"),
        ("", "en_GB"),
        ("de-DE,de;q=0.9,en;q=0.8", "de_DE"),
        ("de", "de_DE"),
        ("fr-CA,en-US;q=0.5", "fr_FR"),  # French first, though not Canada's
        ("xx-YY,en-US;q=0.5", "en_US"),
        ("en-US;q=0.2,nl;q=0.9", "nl_NL"),  # by quality, not order
        ("*", "en_GB"),
        ("de;q=abc,pt-BR", "pt_BR"),
    ],
)
def test_the_browser_s_languages_choose_the_locale(header, locale):
    assert negotiate(header) == locale
