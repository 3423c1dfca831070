"""The sign-in throttle, kept in the database so every worker process agrees.

Attempts are counted as failures for the e-mail address tried and for the client address they
came from, within a window (15 minutes by default), before the password is checked (a success
forgets them), so attempts sent in parallel see each other. From the account limit (5) or the
address limit (20) on, an attempt is refused at once, without hashing, until the oldest counted
failure leaves the window; refused attempts on an account still count, so at the lock limit (10)
the account locks for a while (15 minutes), whatever password is sent, until then or until an
administrator unlocks it. Invalid API tokens are counted per client address the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from server.models import AuthFailure, Person
from server.models.base import UTCDateTime
from server.models.enums import FailureKind

TOO_MANY = "Too many attempts; try again in {minutes}."


@dataclass(frozen=True)
class ThrottleRules:
    """The limits, from the STEWARD_SIGN_IN_* and STEWARD_TOKEN_ADDRESS_LIMIT settings."""

    window: timedelta = timedelta(minutes=15)
    account_limit: int = 5
    address_limit: int = 20
    lock_after: int = 10
    lock_for: timedelta = timedelta(minutes=15)
    token_address_limit: int = 20

    @property
    def kept_for(self) -> timedelta:
        """How long a failure matters; older ones are pruned."""
        return max(self.window, self.lock_for)


@dataclass(frozen=True)
class Refusal:
    """An attempt refused, and when to try again."""

    retry_after: int  # seconds
    locked: bool = False

    @property
    def message(self) -> str:
        return too_many_message(self.retry_after)


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt, counted before its password is looked at: whether the password may
    be checked, and the answer if it is wrong (or at once, when it may not be checked)."""

    verify: bool
    refusal: Refusal | None = None
    counted: bool = True  # False: refused before anything was written


def too_many_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return TOO_MANY.format(minutes="1 minute" if minutes == 1 else f"{minutes} minutes")


def seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def normal_email(email: str) -> str:
    return email.strip().lower()[:254]


def _nth_newest(limit: int, *conditions: ColumnElement[bool]) -> ScalarSelect[datetime]:
    """The time of the `limit`-th newest failure matching (null when there are fewer)."""
    return (
        select(AuthFailure.at)
        .where(*conditions)
        .order_by(AuthFailure.at.desc())
        .offset(limit - 1)
        .limit(1)
        .scalar_subquery()
    )


@cache
def _gate(address_limit: int) -> Select[datetime | None, datetime | None]:
    """The account's lock and the address's limit-th newest failure, in one statement (built
    once: the flood of refused attempts is the path that must stay cheap)."""
    return select(
        select(Person.locked_until).where(Person.email == bindparam("email")).scalar_subquery(),
        _nth_newest(
            address_limit,
            AuthFailure.address == bindparam("address"),
            AuthFailure.kind == FailureKind.PASSWORD,
            AuthFailure.at > bindparam("since", type_=UTCDateTime()),
        ),
    )


def start_attempt(
    session: Session, rules: ThrottleRules, email: str, address: str, now: datetime
) -> Attempt:
    """Decide on an attempt before any hashing. A locked account, or an address over its
    limit, is refused and not counted. Otherwise the attempt is counted as a failure at once
    (a success forgets it), so attempts sent in parallel see each other: only those within the
    account limit get their password checked; past it the answer is 429, and at the lock limit
    the account locks."""
    email = normal_email(email)
    since = now - rules.window
    locked_until, address_nth = session.execute(
        _gate(rules.address_limit), {"email": email, "address": address, "since": since}
    ).one()
    if locked_until is not None and locked_until > now:
        wait = seconds_until(locked_until, now)
        return Attempt(verify=False, refusal=Refusal(wait, locked=True), counted=False)
    if address_nth is not None:
        wait = seconds_until(address_nth + rules.window, now)
        return Attempt(verify=False, refusal=Refusal(wait), counted=False)
    _prune(session, rules, now)
    session.add(AuthFailure(kind=FailureKind.PASSWORD, email=email, address=address, at=now))
    session.flush()
    failures = session.execute(
        select(func.count())
        .select_from(AuthFailure)
        .where(AuthFailure.email == email, AuthFailure.at > since)
    ).scalar_one()
    verify = failures <= rules.account_limit
    if failures >= rules.lock_after:
        until = now + rules.lock_for
        session.execute(update(Person).where(Person.email == email).values(locked_until=until))
        return Attempt(verify, Refusal(seconds_until(until, now), locked=True))
    if failures >= rules.account_limit:
        nth = session.execute(
            select(_nth_newest(rules.account_limit, AuthFailure.email == email,
                               AuthFailure.at > since))
        ).scalar_one()  # fmt: skip
        return Attempt(verify, Refusal(seconds_until(nth + rules.window, now)))
    return Attempt(verify)


def forget_failures(session: Session, email: str) -> None:
    """A successful sign-in (or an administrator's unlock) clears the account's count, this
    attempt's own included."""
    session.execute(delete(AuthFailure).where(AuthFailure.email == normal_email(email)))


def record_token_failure(session: Session, rules: ThrottleRules, address: str) -> None:
    now = datetime.now(UTC)
    _prune(session, rules, now)
    session.add(AuthFailure(kind=FailureKind.TOKEN, email=None, address=address, at=now))


def _prune(session: Session, rules: ThrottleRules, now: datetime) -> None:
    session.execute(delete(AuthFailure).where(AuthFailure.at <= now - rules.kept_for))
