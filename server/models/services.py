"""Services with their offerings, and processes: the scope that improvement work applies to."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, Money, created_at_column, enum_column
from server.models.enums import OfferingKind, ReviewCadence, ServiceLifecycle


class Service(Base):
    """Something the provider delivers; its owner is whoever holds the service owner role for it."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    lifecycle: Mapped[ServiceLifecycle] = mapped_column(enum_column(ServiceLifecycle, "lifecycle"))
    # How often the service is reviewed with its stakeholders, and when the next review is due.
    review_cadence: Mapped[ReviewCadence | None] = mapped_column(
        enum_column(ReviewCadence, "review_cadence")
    )
    next_review_on: Mapped[date | None] = mapped_column(Date)
    # What the service is worth and costs: the portfolio's quantities.
    annual_cost: Mapped[Decimal | None] = mapped_column(Money())
    cost_currency: Mapped[str] = mapped_column(String(3), default="EUR", server_default="EUR")
    value_statement: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)


class Offering(Base):
    """Part of a service: goods, access to resources, or a service action."""

    __tablename__ = "offerings"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OfferingKind] = mapped_column(enum_column(OfferingKind, "kind"))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        UniqueConstraint("service_id", "name"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )


class Process(Base):
    """A practice with an owner, a manager and practitioners (all through role assignments)."""

    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Its definition (server/domain/governance): why it exists, what it covers, and how many
    # times the definition changed (the number of its latest ProcessDefinitionVersion).
    purpose: Mapped[str] = mapped_column(Text, default="", server_default="")
    scope: Mapped[str] = mapped_column(Text, default="", server_default="")
    definition_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (CheckConstraint("length(name) > 0", name="name_not_empty"),)
