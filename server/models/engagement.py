"""Engagement: suggestions to the plans (the open improvement register) and who supports
them; stakeholders and the services they use; stakeholder feedback on services; service
reviews with their participants, frozen metric snapshot and findings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
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
    FindingOutcome,
    ReviewStatus,
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
    source_finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_findings.id", ondelete="SET NULL"), index=True
    )
    source_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("balance_assessments.id", ondelete="SET NULL"), index=True
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
        CheckConstraint(
            "source = 'review_finding' OR source_finding_id IS NULL",
            name="finding_source_named",
        ),
        CheckConstraint(
            "source = 'balance_assessment' OR source_assessment_id IS NULL",
            name="assessment_source_named",
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


class ServiceReview(Base):
    """A review of one service with its stakeholders over a period: who took part, the metrics
    as they stood when it was held (frozen in `ReviewMetricSnapshot`), the satisfaction received
    in the period (frozen with them), notes and findings.

        draft → held → closed (only once every finding has an outcome)
    """

    __tablename__ = "service_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    scheduled_on: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "status"), default=ReviewStatus.DRAFT
    )
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    satisfaction_average: Mapped[float | None] = mapped_column(Float)
    satisfaction_responses: Mapped[int | None] = mapped_column(Integer)
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_service_reviews_service_id_scheduled_on", "service_id", "scheduled_on"),
        CheckConstraint("period_start <= period_end", name="period_in_order"),
        CheckConstraint("status = 'draft' OR held_on IS NOT NULL", name="held_on_when_held"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class ServiceReviewPerson(Base):
    """A person who took part in a service review."""

    __tablename__ = "service_review_people"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("service_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ServiceReviewStakeholder(Base):
    """A stakeholder that took part in a service review."""

    __tablename__ = "service_review_stakeholders"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("service_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ReviewMetricSnapshot(Base):
    """One of the service's metrics as it stood when the review was held: copied, not linked,
    so the record shows what was seen then (the name too, in case it is renamed later)."""

    __tablename__ = "review_metric_snapshots"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("service_reviews.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric_id: Mapped[int | None] = mapped_column(
        ForeignKey("metrics.id", ondelete="SET NULL"), index=True
    )
    metric_name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="", server_default="")
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    latest_value: Mapped[float | None] = mapped_column(Float)
    target_value: Mapped[float | None] = mapped_column(Float)
    trend: Mapped[str] = mapped_column(String(10))


class ReviewFinding(Base):
    """Something a review found, and what became of it: an improvement (a proposed initiative
    in the service's improvement plan, `initiative_id`), a suggestion to another plan (the
    suggestion names this finding as its source), or noted with no action, with a reason."""

    __tablename__ = "review_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("service_reviews.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome: Mapped[FindingOutcome | None] = mapped_column(enum_column(FindingOutcome, "outcome"))
    outcome_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="SET NULL"), index=True
    )
    raised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint(
            "outcome = 'improvement' OR initiative_id IS NULL", name="initiative_when_improvement"
        ),
    )
