"""Passwords: the one policy every new password passes, and argon2id hashing, run off the
event loop in a bounded pool of threads. The only place passwords are touched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from server.domain.core.errors import INVALID, RuleViolation

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# zxcvbn rates a password 0-4 by the guesses it would take, knowing the common and breached
# passwords, words, names, keyboard walks, repeats and sequences; 3 means more than 10^8.
MIN_STRENGTH = 3
STRENGTH_CHECKED = 72  # zxcvbn's own limit: the first 72 characters are rated
MIN_LOCAL_PART = 3  # a shorter e-mail local part ("jo") is too common a string to forbid

# Verifying against this hash when the e-mail is unknown keeps the timing of a wrong e-mail and a
# wrong password alike, so the sign-in form does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

T = TypeVar("T")


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify with other argon2 parameters from now on. The test suite signs in
    thousands of times and uses cheap ones; a hash made before still verifies, as each carries
    its own parameters."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why a new password is not acceptable, or None: the one policy for every path that sets
    a password (the command line, createPerson, updatePerson, changeMyPassword)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"must be at least {MIN_PASSWORD_LENGTH} characters long"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"must be at most {MAX_PASSWORD_LENGTH} characters long"
    lowered = password.lower()
    address = (email or "").strip().lower()
    local = address.partition("@")[0]
    if address and (lowered == address or (len(local) >= MIN_LOCAL_PART and local in lowered)):
        return "must not be or contain the e-mail address (or the part before the @)"
    result = zxcvbn(password[:STRENGTH_CHECKED], user_inputs=[address, local] if address else [])
    if result["score"] < MIN_STRENGTH:
        warning = result["feedback"]["warning"]
        reason = f"{warning.rstrip('.')}. " if warning else ""
        return (
            f"is too easy to guess: {reason}Choose a longer password, for example a few "
            "unrelated words, and avoid common passwords, names, dates and keyboard patterns"
        )
    return None


def check_new_password(password: str, email: str | None, field: str) -> None:
    """Raise a rule violation on `field` when the password breaks the policy."""
    if problem := password_problem(password, email):
        raise RuleViolation(INVALID, problem, field)


def new_password_hash(password: str, email: str | None, field: str) -> str:
    """The hash of a new password, once the policy accepts it."""
    check_new_password(password, email, field)
    return hash_password(password)


class PasswordPool:
    """Hashing and verifying in at most `threads` worker threads, so a flood of sign-ins can
    neither block the event loop nor take every core."""

    def __init__(self, threads: int) -> None:
        self.limiter = anyio.CapacityLimiter(threads)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        return await anyio.to_thread.run_sync(function, *args, limiter=self.limiter)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await self.run(verify_password, password_hash, password)

    async def new_hash(self, password: str, email: str | None, field: str) -> str:
        """Check the policy and hash, both in the pool (raises a rule violation on `field`)."""
        return await self.run(new_password_hash, password, email, field)
