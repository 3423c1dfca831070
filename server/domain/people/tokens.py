"""API token secrets: made once, shown once, stored only as a SHA-256 hash beside a prefix."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

TOKEN_MARK = "stw"


@dataclass(frozen=True)
class NewToken:
    prefix: str
    secret: str
    secret_hash: str


def new_token() -> NewToken:
    """A fresh token `stw_<prefix>_<secret>`: the prefix finds the row, the hash proves it.

    The secret has 256 bits of entropy, so a fast hash is enough (no need for argon2 here).
    """
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix=prefix, secret=secret, secret_hash=hash_secret(secret))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(secret: str) -> str | None:
    """The prefix of a well-formed token, or None."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_MARK or len(parts[1]) != 8:
        return None
    return parts[1]


def secret_matches(secret: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), secret_hash)
