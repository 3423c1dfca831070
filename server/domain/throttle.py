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


def _recent(session: Session, limit: int, *conditions) -> list[datetime]:
    """The times of the newest `limit` failures matching, newest first."""
    statement = select(AuthFailure.at).where(*conditions).order_by(AuthFailure.at.desc())
    return list(session.scalars(statement.limit(limit)))


def _over(times: list[datetime], limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until fewer than `limit` failures are left in the window, or None when under."""
    if len(times) < limit:
        return None
    return seconds_until(times[limit - 1] + window, now)


def sign_in_refusal(
    session: Session, rules: ThrottleRules, email: str, address: str, now: datetime
) -> Refusal | None:
    """Whether this attempt is refused before the password is looked at."""
    email = normal_email(email)
    locked_until = session.scalar(select(Person.locked_until).where(Person.email == email))
    if locked_until is not None and locked_until > now:
        return Refusal(seconds_until(locked_until, now), locked=True)
    since = now - rules.window
    by_account = _recent(
        session, rules.account_limit, AuthFailure.email == email, AuthFailure.at > since
    )
    by_address = _recent(
        session,
        rules.address_limit,
        AuthFailure.address == address,
        AuthFailure.kind == FailureKind.PASSWORD,
        AuthFailure.at > since,
    )
    address_wait = _over(by_address, rules.address_limit, rules.window, now)
    if address_wait is not None:
        return Refusal(address_wait)
    account_wait = _over(by_account, rules.account_limit, rules.window, now)
    return None if account_wait is None else Refusal(account_wait, counts=True)


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
        times = _recent(session, rules.account_limit, AuthFailure.email == email,
                        AuthFailure.at > now - rules.window)  # fmt: skip
        return Refusal(_over(times, rules.account_limit, rules.window, now) or 1)
    return None


def forget_failures(session: Session, email: str) -> None:
    """A successful sign-in (or an administrator's unlock) clears the account's count."""
    session.execute(delete(AuthFailure).where(AuthFailure.email == normal_email(email)))


def token_failure_wait(times: list[datetime], rules: ThrottleRules, now: datetime) -> int | None:
    return _over(times, rules.token_address_limit, rules.window, now)


def record_token_failure(session: Session, rules: ThrottleRules, address: str) -> None:
    now = datetime.now(UTC)
    _prune(session, rules, now)
    session.add(AuthFailure(kind=FailureKind.TOKEN, email=None, address=address, at=now))


def recent_token_failures(session: Session, rules: ThrottleRules, address: str) -> list[datetime]:
    return _recent(
        session,
        rules.token_address_limit,
        AuthFailure.address == address,
        AuthFailure.kind == FailureKind.TOKEN,
        AuthFailure.at > datetime.now(UTC) - rules.window,
    )


def _prune(session: Session, rules: ThrottleRules, now: datetime) -> None:
    session.execute(delete(AuthFailure).where(AuthFailure.at <= now - rules.kept_for))
