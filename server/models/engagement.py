"""Engagement: suggestions to the plans (the open improvement register) and who supports
them; stakeholders and the services they use; stakeholder feedback on services."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import (
    FeedbackChannel,
    StakeholderKind,
    SuggestionSource,
    SuggestionStatus,
)


class Suggestion(Base):
    """An idea for improvement sent to the plan it concerns, which the plan's owner triages.

    `plan_id` is the plan whose inbox it sits in (chosen from the kind of plan and the service
    or process it names); `initiative_id` the initiative it became (accepted) or was merged
    into; `merged_into_id` the suggestion it was merged into.
    """

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"))
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="SET NULL"), index=True
    )
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[SuggestionSource] = mapped_column(
        enum_column(SuggestionSource, "source"), default=SuggestionSource.OWN_IDEA
    )
    source_metric_id: Mapped[int | None] = mapped_column(
        ForeignKey("metrics.id", ondelete="SET NULL"), index=True
    )
    source_feedback_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[SuggestionStatus] = mapped_column(
        enum_column(SuggestionStatus, "status"), default=SuggestionStatus.SUBMITTED
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    triage_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="SET NULL"), index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_suggestions_plan_id_status", "plan_id", "status"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_own_merge"),
        CheckConstraint(
            "source = 'metric' OR source_metric_id IS NULL",
            name="metric_source_named",
        ),
        CheckConstraint(
            "source = 'feedback' OR source_feedback_id IS NULL",
            name="feedback_source_named",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class SuggestionSupport(Base):
    """One person's support for a suggestion (one each; the count shows demand)."""

    __tablename__ = "suggestion_supports"

    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = created_at_column()


class Stakeholder(Base):
    """A customer, business unit, user group, supplier or internal team the provider keeps a
    relationship with; its relationship owner is a person (often a business relationship
    manager)."""

    __tablename__ = "stakeholders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[StakeholderKind] = mapped_column(enum_column(StakeholderKind, "kind"))
    contact: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    relationship_owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class StakeholderService(Base):
    """A service a stakeholder uses: the relationship, since when, and notes on it."""

    __tablename__ = "stakeholder_services"

    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    since: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")


class Feedback(Base):
    """What a stakeholder (or a person) said of a service: a satisfaction score from 1 to 5, a
    comment, and the channel it came through. The service's satisfaction metric is computed
    from it."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    stakeholder_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="SET NULL"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    given_on: Mapped[date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    channel: Mapped[FeedbackChannel] = mapped_column(enum_column(FeedbackChannel, "channel"))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        Index("ix_feedback_service_id_given_on", "service_id", "given_on"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_one_to_five"),
    )
