"""The sign-in throttle, kept in the database so every worker process agrees.

Failed attempts are counted for the e-mail address tried and for the client address they came
from, within a window (15 minutes by default). From the account limit (5) or the address limit
(20) on, an attempt is refused at once, without hashing, until the oldest counted failure leaves
the window; refused attempts on an account still count, so at the lock limit (10) the account
locks for a while (15 minutes), whatever password is sent, until then or until an
administrator unlocks it. Invalid API tokens are counted per client address the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from server.models import AuthFailure, Person
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
    """An attempt refused before any password is checked, and when to try again."""

    retry_after: int  # seconds
    locked: bool = False
    # Refused for the account's failures: the attempt counts as one more (towards the lock).
    # Not when the account is locked, nor when its address is refused (that would let one
    # address lock any account it likes without being counted against itself).
    counts: bool = False

    @property
    def message(self) -> str:
        return too_many_message(self.retry_after)


def too_many_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return TOO_MANY.format(minutes="1 minute" if minutes == 1 else f"{minutes} minutes")


def seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def normal_email(email: str) -> str:
    return email.strip().lower()[:254]


def _nth_newest(limit: int, *conditions):
    """The time of the `limit`-th newest failure matching (null when there are fewer)."""
    return (
        select(AuthFailure.at)
        .where(*conditions)
        .order_by(AuthFailure.at.desc())
        .offset(limit - 1)
        .limit(1)
        .scalar_subquery()
    )


def sign_in_refusal(
    session: Session, rules: ThrottleRules, email: str, address: str, now: datetime
) -> Refusal | None:
    """Whether this attempt is refused before the password is looked at (one statement)."""
    email = normal_email(email)
    since = now - rules.window
    locked_until, account_nth, address_nth = session.execute(
        select(
            select(Person.locked_until).where(Person.email == email).scalar_subquery(),
            _nth_newest(rules.account_limit, AuthFailure.email == email, AuthFailure.at > since),
            _nth_newest(
                rules.address_limit,
                AuthFailure.address == address,
                AuthFailure.kind == FailureKind.PASSWORD,
                AuthFailure.at > since,
            ),
        )
    ).one()
    if locked_until is not None and locked_until > now:
        return Refusal(seconds_until(locked_until, now), locked=True)
    if address_nth is not None:
        return Refusal(seconds_until(address_nth + rules.window, now))
    if account_nth is not None:
        return Refusal(seconds_until(account_nth + rules.window, now), counts=True)
    return None


def record_sign_in_failure(
    session: Session, rules: ThrottleRules, email: str, address: str, now: datetime
) -> Refusal | None:
    """Count a failed attempt; the refusal the account has earned with it, if any (from the
    account limit on; a lock from the lock limit on)."""
    email = normal_email(email)
    _prune(session, rules, now)
    session.add(AuthFailure(kind=FailureKind.PASSWORD, email=email, address=address, at=now))
    session.flush()
    failures = session.scalar(
        select(func.count())
        .select_from(AuthFailure)
        .where(AuthFailure.email == email, AuthFailure.at > now - rules.window)
    )
    if failures >= rules.lock_after:
        until = now + rules.lock_for
        session.execute(update(Person).where(Person.email == email).values(locked_until=until))
        return Refusal(seconds_until(until, now), locked=True)
    if failures >= rules.account_limit:
        nth = session.scalar(
            select(_nth_newest(rules.account_limit, AuthFailure.email == email,
                               AuthFailure.at > now - rules.window))
        )  # fmt: skip
        return Refusal(seconds_until(nth + rules.window, now))
    return None


def forget_failures(session: Session, email: str) -> None:
    """A successful sign-in (or an administrator's unlock) clears the account's count."""
    session.execute(delete(AuthFailure).where(AuthFailure.email == normal_email(email)))


def record_token_failure(session: Session, rules: ThrottleRules, address: str) -> None:
    now = datetime.now(UTC)
    _prune(session, rules, now)
    session.add(AuthFailure(kind=FailureKind.TOKEN, email=None, address=address, at=now))


def _prune(session: Session, rules: ThrottleRules, now: datetime) -> None:
    session.execute(delete(AuthFailure).where(AuthFailure.at <= now - rules.kept_for))
