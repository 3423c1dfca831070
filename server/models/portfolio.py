"""The service portfolio's decisions: a service chartered into the pipeline, taken live into
the catalogue, or retired, proposed with a case and decided by the steering committee."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Text
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
