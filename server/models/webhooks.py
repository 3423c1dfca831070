"""Webhooks: the endpoints administrators register for other tools, and each event's delivery to
one of them (the delivery log), written in the transaction of the change that caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, utcnow


class WebhookEndpoint(Base):
    """Where Steward POSTs the events chosen, signed with the secret, seeing what `acts_as`
    may see (nobody's: only what everyone signed in sees). Disabled after too many failures
    in a row."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[str] = mapped_column(String(500))  # event names, comma-separated
    secret: Mapped[str] = mapped_column(String(80))
    acts_as_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # in a row
    disabled_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class WebhookDelivery(Base):
    """One event for one endpoint: what is sent, each try's outcome, and when it got through
    (or was given up)."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(60))
    delivery_id: Mapped[str] = mapped_column(String(36), unique=True)  # Steward-Delivery
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(String(500), default="", server_default="")

    __table_args__ = (
        Index("ix_webhook_deliveries_endpoint_id_id", "endpoint_id", "id"),
        Index("ix_webhook_deliveries_waiting", "delivered_at", "failed_at", "next_attempt_at"),
    )
