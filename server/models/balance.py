"""Balance in service operation: assessments of the four tensions over time, for the whole
organisation or one service, and the guidelines agreed for resolving each tension."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import Tension

SCORES = ("internal_external", "stability_responsiveness", "quality_cost", "reactive_proactive")


def _score_checks() -> tuple[CheckConstraint, ...]:
    return tuple(
        CheckConstraint(f"{name} BETWEEN -3 AND 3", name=f"{name}_in_range") for name in SCORES
    )


class BalanceAssessment(Base):
    """Where the organisation (service_id NULL) or one service stood on each tension over a
    period: a score from -3 (toward the first-named pole: internal, stability, quality,
    reactive) to +3 (external, responsiveness, cost, proactive), 0 balanced, with the evidence
    for each."""

    __tablename__ = "balance_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    assessed_on: Mapped[date] = mapped_column(Date)
    internal_external: Mapped[int] = mapped_column(SmallInteger)
    stability_responsiveness: Mapped[int] = mapped_column(SmallInteger)
    quality_cost: Mapped[int] = mapped_column(SmallInteger)
    reactive_proactive: Mapped[int] = mapped_column(SmallInteger)
    internal_external_evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    stability_responsiveness_evidence: Mapped[str] = mapped_column(
        Text, default="", server_default=""
    )
    quality_cost_evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    reactive_proactive_evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_balance_assessments_service_id_assessed_on", "service_id", "assessed_on"),
        CheckConstraint("period_start <= period_end", name="period_in_order"),
        CheckConstraint("version >= 1", name="version_positive"),
        *_score_checks(),
    )


class BalanceAssessor(Base):
    """A person who took part in an assessment."""

    __tablename__ = "balance_assessors"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("balance_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class BalanceGuideline(Base):
    """A rule the organisation agreed for resolving one tension, with an owner who reviews it
    by a date."""

    __tablename__ = "balance_guidelines"

    id: Mapped[int] = mapped_column(primary_key=True)
    tension: Mapped[Tension] = mapped_column(enum_column(Tension, "tension"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    review_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("length(statement) > 0", name="statement_not_empty"),
        CheckConstraint("version >= 1", name="version_positive"),
    )
