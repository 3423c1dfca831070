"""Initiatives, with each one's lifecycle history, budget requests, status updates, tags,
Four Dimensions, and the benefit review that asks, months after completion, whether the gains
held."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

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

from server.models.base import Base, Money, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import (
    BenefitOutcome,
    BudgetRequestStatus,
    ExecutionMode,
    FourDimension,
    Health,
    InitiativeStatus,
    Outcome,
    Priority,
    ValueChainActivity,
)

CURRENCY_CHECK = "length({col}) = 3 AND {col} = upper({col})"


class Initiative(Base):
    """A piece of improvement work moving through the lifecycle in DOMAIN.md.

    `version` grows with every change so that a stale edit is detected instead of overwriting.
    """

    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    rationale: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[InitiativeStatus] = mapped_column(
        enum_column(InitiativeStatus, "status"), default=InitiativeStatus.PROPOSED
    )
    priority: Mapped[Priority] = mapped_column(
        enum_column(Priority, "priority"), default=Priority.MEDIUM
    )
    execution_mode: Mapped[ExecutionMode] = mapped_column(
        enum_column(ExecutionMode, "execution_mode"), default=ExecutionMode.INFORMAL
    )
    value_chain_activity: Mapped[ValueChainActivity | None] = mapped_column(
        enum_column(ValueChainActivity, "value_chain_activity")
    )
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")
    budget_requested: Mapped[Decimal | None] = mapped_column(Money())
    budget_approved: Mapped[Decimal | None] = mapped_column(Money())
    # What its latest status update that said so reported as spent to date (kept here so the
    # portfolio's sums are one grouped statement, like the requested and approved budgets).
    budget_spent: Mapped[Decimal | None] = mapped_column(Money())
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "outcome"))
    outcome_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    raised_from_metric_id: Mapped[int | None] = mapped_column(
        ForeignKey("metrics.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_initiatives_plan_id_status", "plan_id", "status"),
        # lists by title (the children a strategic initiative may link, a plan sorted by title)
        # read the first page in order instead of sorting every initiative
        Index("ix_initiatives_title_id", "title", "id"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint(CURRENCY_CHECK.format(col="currency"), name="currency_code"),
        CheckConstraint("budget_requested >= 0", name="budget_requested_not_negative"),
        CheckConstraint("budget_approved >= 0", name="budget_approved_not_negative"),
        CheckConstraint(
            "planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start",
            name="planned_dates_ordered",
        ),
        CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
            name="actual_dates_ordered",
        ),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "(outcome IS NULL) OR status = 'completed'", name="outcome_only_when_completed"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class InitiativeDimension(Base):
    """One of the Four Dimensions an initiative touches."""

    __tablename__ = "initiative_dimensions"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[FourDimension] = mapped_column(
        enum_column(FourDimension, "dimension"), primary_key=True, index=True
    )


class InitiativeTag(Base):
    """A free-text label on an initiative, for grouping and filtering."""

    __tablename__ = "initiative_tags"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)

    __table_args__ = (CheckConstraint("length(tag) > 0", name="tag_not_empty"),)


class InitiativeService(Base):
    """A service an initiative affects (security, continuity and strategic work shows on every
    service it touches, whatever plan it is in)."""

    __tablename__ = "initiative_services"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class InitiativeEvent(Base):
    """One step of an initiative's lifecycle: from which state to which, by whom, when and why."""

    __tablename__ = "initiative_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[InitiativeStatus | None] = mapped_column(
        enum_column(InitiativeStatus, "from_status")
    )
    to_status: Mapped[InitiativeStatus] = mapped_column(enum_column(InitiativeStatus, "to_status"))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class BudgetRequest(Base):
    """A request for money for an initiative and the steering committee's decision on it."""

    __tablename__ = "budget_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(Money())
    currency: Mapped[str] = mapped_column(String(3))
    justification: Mapped[str] = mapped_column(Text)
    status: Mapped[BudgetRequestStatus] = mapped_column(
        enum_column(BudgetRequestStatus, "status"), default=BudgetRequestStatus.PENDING
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_amount: Mapped[Decimal | None] = mapped_column(Money())
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(CURRENCY_CHECK.format(col="currency"), name="currency_code"),
        CheckConstraint("length(justification) > 0", name="justification_not_empty"),
        CheckConstraint(
            "approved_amount IS NULL OR (approved_amount >= 0 AND approved_amount <= amount)",
            name="approved_within_request",
        ),
        CheckConstraint(
            "(status = 'approved') = (approved_amount IS NOT NULL)", name="approved_has_amount"
        ),
        CheckConstraint("(status = 'pending') = (decided_at IS NULL)", name="decided_has_time"),
    )


class StatusUpdate(Base):
    """A progress report on a running initiative: health, percent complete, a note and, when
    the owner states it, the money spent to date (in the initiative's currency)."""

    __tablename__ = "status_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    health: Mapped[Health] = mapped_column(enum_column(Health, "health"))
    percent_complete: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    spent_to_date: Mapped[Decimal | None] = mapped_column(Money())
    posted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_in_range"),
        Index("ix_status_updates_initiative_id_posted_at", "initiative_id", "posted_at"),
    )


class BenefitReview(Base):
    """Whether a completed initiative's gains held, judged some months after it completed
    (the momentum step of the improvement model): sustained, or slipped with the corrective
    initiative proposed to win them back."""

    __tablename__ = "benefit_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), unique=True
    )
    reviewed_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[BenefitOutcome] = mapped_column(enum_column(BenefitOutcome, "outcome"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    corrective_initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        CheckConstraint(
            "outcome = 'slipped' OR corrective_initiative_id IS NULL",
            name="corrective_when_slipped",
        ),
    )
