"""Plans: the registers of initiatives, each of one kind, owned by a role, maybe for one service
or process."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import (
    Base,
    Money,
    UTCDateTime,
    created_at_column,
    enum_column,
    utcnow,
)
from server.models.enums import PlanKind


class Plan(Base):
    """A register of initiatives of one kind, owned by a role, maybe for one service or process.

    The checks tie scope to kind: a service improvement plan has a service and nothing else does,
    likewise for processes; the unique keys keep one such plan per service and per process.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PlanKind] = mapped_column(enum_column(PlanKind, "kind"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="RESTRICT"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="RESTRICT"), unique=True
    )
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="RESTRICT"), unique=True
    )
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        CheckConstraint(
            "(kind = 'service_improvement') = (service_id IS NOT NULL)", name="service_scope"
        ),
        CheckConstraint(
            "(kind = 'process_improvement') = (process_id IS NOT NULL)", name="process_scope"
        ),
        CheckConstraint(
            "kind <> 'security_improvement' OR confidential", name="security_is_confidential"
        ),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )


class PlanBudgetEnvelope(Base):
    """What a plan may spend in one calendar year, set by the plan's owner: the steering
    committee decides budget requests against it."""

    __tablename__ = "plan_budget_envelopes"

    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    amount: Mapped[Decimal] = mapped_column(Money())
    currency: Mapped[str] = mapped_column(String(3))
    set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_in_range"),
        CheckConstraint(
            "length(currency) = 3 AND currency = upper(currency)", name="currency_code"
        ),
    )
