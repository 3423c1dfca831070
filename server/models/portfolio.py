"""The service portfolio's decisions: a service chartered into the pipeline, taken live into
the catalogue, or retired, proposed with a case and decided by the steering committee; and the
committee's meetings, each with who attended and what was decided there."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import DecisionStatus, PortfolioMove


class PortfolioDecision(Base):
    """One move of a service through the portfolio: its case, who proposed it, and the steering
    committee's decision with a reason. A chartered service may name the strategic initiative
    that builds it."""

    __tablename__ = "portfolio_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    move: Mapped[PortfolioMove] = mapped_column(enum_column(PortfolioMove, "move"))
    status: Mapped[DecisionStatus] = mapped_column(
        enum_column(DecisionStatus, "status"), default=DecisionStatus.PROPOSED
    )
    case: Mapped[str] = mapped_column(Text, default="", server_default="")
    decision_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="SET NULL"), index=True
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_portfolio_decisions_service_id_created_at", "service_id", "created_at"),
        CheckConstraint("(status = 'proposed') = (decided_at IS NULL)", name="decided_has_time"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class SteeringMeeting(Base):
    """A meeting of the steering committee: the day it met, what it decided there and any notes
    (Markdown). The meeting pack's "what changed" runs from the latest one."""

    __tablename__ = "steering_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, unique=True)
    decisions: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("version >= 1", name="version_positive"),)


class SteeringMeetingAttendee(Base):
    """Who attended a steering meeting."""

    __tablename__ = "steering_meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("steering_meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
