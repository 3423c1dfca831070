"""Signed-in browser sessions, and the failed sign-in and token attempts the throttle counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column
from server.models.enums import FailureKind


class WebSession(Base):
    """A browser signed in as a person. The cookie holds a random key; only its SHA-256 hash is
    kept here, so a copy of the table signs nobody in. Deleting the row ends the session."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(String(300), default="", server_default="")
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")

    __table_args__ = (CheckConstraint("length(key_hash) = 64", name="key_hash_sha256"),)


class AuthFailure(Base):
    """One failed attempt: a wrong password (for an e-mail address, from a client address) or
    an invalid API token (from a client address). Kept only as long as the throttle looks back."""

    __tablename__ = "auth_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FailureKind] = mapped_column(enum_column(FailureKind, "kind"))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    __table_args__ = (
        Index("ix_auth_failures_email_at", "email", "at"),
        Index("ix_auth_failures_address_kind_at", "address", "kind", "at"),
    )
