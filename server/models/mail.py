"""E-mail: how each person wants each kind of notification mailed, when their daily digest goes,
and the outbox the sender delivers from (written in the transaction of the change that caused
the mail, so a change and its mail stand or fall together)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column
from server.models.enums import MailDelivery, NotificationKind


class MailPreference(Base):
    """One person's choice for one kind of notification; a kind without a row takes the
    default (server/domain/collaboration/mail.py)."""

    __tablename__ = "mail_preferences"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        enum_column(NotificationKind, "kind"), primary_key=True
    )
    delivery: Mapped[MailDelivery] = mapped_column(enum_column(MailDelivery, "delivery"))


class MailSchedule(Base):
    """When one person's daily digest goes: at this hour in this time zone, and when it last
    went. A person without a row gets it at the default hour, in UTC."""

    __tablename__ = "mail_schedules"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    digest_hour: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        CheckConstraint("digest_hour >= 0 AND digest_hour <= 23", name="digest_hour_range"),
    )


class OutboxMail(Base):
    """One mail to send. The sender takes those due, oldest first; a mail the server refused
    waits longer after each try, and after the last try stays here, failed, with the error."""

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        # The sender's question: what is still to send, and due.
        Index("ix_outbox_mails_waiting", "sent_at", "failed_at", "next_attempt_at"),
    )
