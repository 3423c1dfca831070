"""Money, numbers and dates are written one way, in the reader's locale."""

from __future__ import annotations

import pytest

from server.domain.core.locales import negotiate
from server.web.core.formatting import day, money, number


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
