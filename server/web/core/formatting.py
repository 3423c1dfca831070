"""How the pages write money, numbers and dates: in the locale of the person reading (their
choice on the account page, else what their browser asks for). Every template uses these
filters (`money`, `number`, `day`, `when`, `month`), never Python's own formatting; each rule
itself lives in server/domain/core/formatting.py, which the PDF and the mails use too."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from starlette.requests import Request

from server.domain.core.formatting import day, money, month, number, when
from server.domain.core.locales import LOCALES, negotiate

__all__ = ["FILTERS", "day", "money", "month", "number", "page_locale", "when"]


def page_locale(request: Request, viewer: Any) -> str:
    """The reader's locale: their choice, else the best match for what their browser asks."""
    chosen = getattr(viewer, "locale", None)
    if chosen in LOCALES:
        return str(chosen)
    return negotiate(request.headers.get("accept-language"))


_LOCALE_KEY = "steward.page_locale"


def _locale_of(context: Any) -> str:
    """The page's locale, worked out once per request: a long list writes hundreds of values."""
    request, viewer = context["request"], context.get("viewer")
    chosen = getattr(viewer, "locale", None)
    known = request.scope.get(_LOCALE_KEY)
    if known is None or known[0] != chosen:
        known = request.scope[_LOCALE_KEY] = (chosen, page_locale(request, viewer))
    return known[1]


@pass_context
def money_filter(context: Any, value: Any, currency: str | None, whole: bool = False) -> str:
    return money(value, currency, _locale_of(context), whole)


@pass_context
def number_filter(context: Any, value: Any, digits: int | None = None) -> str:
    return number(value, _locale_of(context), digits)


@pass_context
def day_filter(context: Any, value: Any) -> str:
    return day(value, _locale_of(context))


@pass_context
def when_filter(context: Any, value: Any) -> str:
    return when(value, _locale_of(context))


@pass_context
def month_filter(context: Any, value: Any) -> str:
    return month(value, _locale_of(context))


FILTERS = {
    "money": money_filter, "number": number_filter, "day": day_filter, "when": when_filter,
    "month": month_filter,
}  # fmt: skip
