"""The audit log: who changed what, when, with before and after as JSON."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.models.base import Base, UTCDateTime, enum_column, utcnow
from server.models.enums import AuditAction


class AuditEntry(Base):
    """One change to one row. Names are frozen as text so history still reads after deletes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(200))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int] = mapped_column()
    entity_label: Mapped[str] = mapped_column(String(300), default="", server_default="")
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "action"))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(40))
    # The plan the changed row belongs to, so entries follow the plan's visibility. Not a foreign
    # key: history outlives the rows it describes.
    plan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Entries about people, roles and tokens are for administrators only.
    admin_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    references: Mapped[list[AuditReference]] = relationship(
        cascade="all, delete-orphan", lazy="raise"
    )

    __table_args__ = (
        Index("ix_audit_log_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_audit_log_at", "at"),
    )


class AuditReference(Base):
    """Something an audit entry names: the changed row itself, and every row its before and
    after refer to (linked initiatives, the metric a change concerns, ...). An entry is shown
    only to those who may see everything it names, so history cannot reveal hidden work."""

    __tablename__ = "audit_references"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("audit_log.id", ondelete="CASCADE"), primary_key=True
    )
    entity_type: Mapped[str] = mapped_column(String(60), primary_key=True)
    entity_id: Mapped[int] = mapped_column(primary_key=True)

    __table_args__ = (Index("ix_audit_references_entity", "entity_type", "entity_id"),)
