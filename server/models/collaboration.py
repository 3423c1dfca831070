"""Working together: comments on the register's things and the people each mentions, who
watches what, and the notifications people receive."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import NotificationKind

SUBJECT_COLUMNS = (
    "initiative_id", "suggestion_id", "metric_id", "service_review_id", "balance_assessment_id",
)  # fmt: skip


def _one_subject() -> CheckConstraint:
    """Exactly one of the subject columns is set."""
    return CheckConstraint(
        " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in SUBJECT_COLUMNS) + " = 1",
        name="one_subject",
    )


class Comment(Base):
    """What someone wrote about one initiative, suggestion, metric, service review or balance
    assessment (exactly one), in Markdown."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE")
    )
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE")
    )
    metric_id: Mapped[int | None] = mapped_column(ForeignKey("metrics.id", ondelete="CASCADE"))
    service_review_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_reviews.id", ondelete="CASCADE")
    )
    balance_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("balance_assessments.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(200))  # as they were named when they wrote
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        _one_subject(),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
        CheckConstraint("version >= 1", name="version_positive"),
        *(Index(f"ix_comments_{c}_created_at", c, "created_at") for c in SUBJECT_COLUMNS),
    )


class CommentMention(Base):
    """A person a comment mentions, chosen by their id."""

    __tablename__ = "comment_mentions"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Watch(Base):
    """A person's choice to follow one thing, or not to (`watching` false mutes what they would
    follow anyway: their own initiative, suggestion or metric)."""

    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    metric_id: Mapped[int | None] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), index=True
    )
    service_review_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_reviews.id", ondelete="CASCADE"), index=True
    )
    balance_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("balance_assessments.id", ondelete="CASCADE"), index=True
    )
    watching: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        _one_subject(),
        Index("ix_watches_person_id", "person_id"),
    )


class Notification(Base):
    """Something one person should know: a thing waits for their decision, a decision was made
    on their thing, they were mentioned, a thing they watch changed or was commented on. The
    message is written when it happens; the link is to the thing."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind, "kind"))
    message: Mapped[str] = mapped_column(String(400))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), index=True
    )
    metric_id: Mapped[int | None] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), index=True
    )
    service_review_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_reviews.id", ondelete="CASCADE"), index=True
    )
    balance_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("balance_assessments.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Waits for its person's daily digest mail (their preference for its kind); cleared when the
    # digest is written.
    awaits_digest: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )

    __table_args__ = (
        Index("ix_notifications_person_id_created_at", "person_id", "created_at"),
        Index("ix_notifications_person_id_read_at", "person_id", "read_at"),
    )


class ReminderSent(Base):
    """A reminder raised for one occurrence (an initiative stale since a day, a review due on a
    day), so the same one is never raised twice, whichever process runs the reminders."""

    __tablename__ = "reminders_sent"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))  # what it is about: "stale:initiative:12"
    occurrence: Mapped[str] = mapped_column(String(40))  # which time: a day, usually
    sent_at: Mapped[datetime] = created_at_column()

    __table_args__ = (UniqueConstraint("key", "occurrence"),)
