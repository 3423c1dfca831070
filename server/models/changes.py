"""A change to what was approved, waiting for the approver (DOMAIN: "Changing the approved
budget or the target of a linked metric after approval sends the change to the approver
again"). Until it is accepted the approved value stays in force; the work keeps running."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, Money, UTCDateTime, enum_column, utcnow


class ChangeKind(StrEnum):
    BUDGET = "budget"  # an initiative's approved budget; decided by the steering committee
    TARGET = "target"  # a metric's target; decided by the owners of the approved work it judges


class ChangeStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class PendingChange(Base):
    __tablename__ = "pending_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, "kind"))
    status: Mapped[ChangeStatus] = mapped_column(
        enum_column(ChangeStatus, "status"), default=ChangeStatus.PENDING
    )
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    metric_id: Mapped[int | None] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), index=True
    )
    budget_before: Mapped[Decimal | None] = mapped_column(Money())
    budget_after: Mapped[Decimal | None] = mapped_column(Money())
    currency: Mapped[str | None] = mapped_column(String(3))
    target_before: Mapped[float | None] = mapped_column(Float)
    target_after: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        CheckConstraint(
            "(kind = 'budget' AND initiative_id IS NOT NULL AND budget_after IS NOT NULL)"
            " OR (kind = 'target' AND metric_id IS NOT NULL)",
            name="what_changes",
        ),
        CheckConstraint("budget_after IS NULL OR budget_after > 0", name="budget_positive"),
    )
