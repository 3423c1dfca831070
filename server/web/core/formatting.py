"""The one place the pages write money, numbers and dates: in the locale of the person reading
(their choice on the account page, else what their browser asks for), through Babel. Every
template uses these filters (`money`, `number`, `day`), never Python's own formatting."""

from __future__ import annotations

from copy import copy
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern
from jinja2 import pass_context
from starlette.requests import Request

from server.domain.core.locales import LOCALES, negotiate


def page_locale(request: Request, viewer: Any) -> str:
    """The reader's locale: their choice, else the best match for what their browser asks."""
    chosen = getattr(viewer, "locale", None)
    if chosen in LOCALES:
        return str(chosen)
    return negotiate(request.headers.get("accept-language"))


def _locale_of(context: Any) -> str:
    return page_locale(context["request"], context.get("viewer"))


@pass_context
def money_filter(context: Any, value: Any, currency: str | None, whole: bool = False) -> str:
    return money(value, currency, _locale_of(context), whole)


@pass_context
def number_filter(context: Any, value: Any, digits: int | None = None) -> str:
    return number(value, _locale_of(context), digits)


@pass_context
def day_filter(context: Any, value: Any) -> str:
    return day(value, _locale_of(context))


FILTERS = {"money": money_filter, "number": number_filter, "day": day_filter}


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
    if whole:  # the locale's own pattern (symbol, grouping), without the cents
        return _whole_currency_pattern(locale).apply(
            amount.quantize(Decimal(1)), Locale.parse(locale), currency=currency or "EUR",
            currency_digits=False,
        )  # fmt: skip
    return format_currency(amount, currency or "EUR", locale=locale)


@cache
def _whole_currency_pattern(locale: str) -> NumberPattern:
    pattern = copy(parse_pattern(Locale.parse(locale).currency_formats["standard"].pattern))
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
        return format_decimal(amount, format=pattern, locale=locale)
    return format_decimal(amount, locale=locale)


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
            return value
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="medium", locale=locale)
