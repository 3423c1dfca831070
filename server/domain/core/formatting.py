"""The one place money, numbers and dates are written for people: in a locale (en_GB, de_DE,
...; server/domain/core/locales.py), through Babel, never Python's own formatting. The pages use
these through their template filters (server/web/core/formatting.py, in the reader's locale),
the meeting pack's PDF and the mail digest directly. Times are written in UTC, as the API gives
them."""

from __future__ import annotations

from copy import copy
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern

# A page writes hundreds of amounts and dates, many of them alike: Babel is given the parsed
# locale (parsing its name each time cost more than the formatting), and what was written
# lately is kept.
WRITTEN = 4096


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def money(value: Any, currency: str | None, locale: str, whole: bool = False) -> str:
    """An amount with its currency, as the locale writes it: €60,000.00 or 60.000,00 €;
    `whole` leaves the cents out (totals). Empty for no amount."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return _money(amount, currency or "EUR", locale, whole)


@lru_cache(maxsize=WRITTEN)
def _money(amount: Decimal, currency: str, locale: str, whole: bool) -> str:
    if whole:  # the locale's own pattern (symbol, grouping), without the cents
        return str(_whole_currency_pattern(locale).apply(
            amount.quantize(Decimal(1)), _locale(locale), currency=currency,
            currency_digits=False,
        ))  # fmt: skip
    return format_currency(amount, currency, locale=_locale(locale))


@cache
def _whole_currency_pattern(locale: str) -> NumberPattern:
    pattern = copy(parse_pattern(_locale(locale).currency_formats["standard"].pattern))
    pattern.frac_prec = (0, 0)
    return pattern


def number(value: Any, locale: str, digits: int | None = None) -> str:
    """A number as the locale writes it (1,234.5 or 1.234,5); `digits` fixes the decimals."""
    amount = _decimal(value)
    if amount is None:
        return ""
    if digits is not None:
        amount = round(amount, digits)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(amount, format=pattern, locale=_locale(locale))
    return format_decimal(amount, locale=_locale(locale))


def day(value: Any, locale: str) -> str:
    """A date (or the date of an ISO timestamp) as the locale writes it in short: 1 May 2026,
    May 1, 2026, 01.05.2026 ... Empty for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
            )
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        value = value.date()
    return _day(value, locale)


@lru_cache(maxsize=WRITTEN)
def _day(value: date, locale: str) -> str:
    return format_date(value, format="medium", locale=_locale(locale))


def month(value: Any, locale: str, short: bool = False) -> str:
    """The month of a date (or of an ISO date or month, 2026-05) as the locale names it: May 2026,
    Mai 2026, 2026年5月 ... (`short`: Sept 2026, Sep 2026 ...). Empty for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10] if len(value) > 7 else value + "-01")
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        value = value.date()
    return format_skeleton("yMMM" if short else "yMMMM", value, locale=_locale(locale))


def when(value: Any, locale: str) -> str:
    """A moment (an ISO timestamp or a datetime, UTC when it names no zone) as the locale writes
    a date and a time of day in UTC: 1 May 2026, 14:05 or May 1, 2026, 2:05 PM. Empty for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if "T" not in value and " " not in value.strip():
            return day(value, locale)  # a date alone has no time of day to write
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    if not isinstance(value, datetime):
        return day(value, locale)
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    pattern = _locale(locale).datetime_formats["medium"]
    return (
        str(pattern)
        .replace("'", "")
        .replace("{0}", format_time(moment, format="short", tzinfo=UTC, locale=_locale(locale)))
        .replace("{1}", _day(moment.date(), locale))
    )
