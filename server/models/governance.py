"""Process governance: a process's activities with their procedures and RACI, the policies that
govern it, and every version of its definition as it stood after each change."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import Responsibility


class ProcessActivity(Base):
    """One step of a process (what to do), in order, with what goes in and out, whom it hands
    over to, and its procedure (how to do it, Markdown)."""

    __tablename__ = "process_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    inputs: Mapped[str] = mapped_column(Text, default="", server_default="")
    outputs: Mapped[str] = mapped_column(Text, default="", server_default="")
    handoffs: Mapped[str] = mapped_column(Text, default="", server_default="")
    procedure: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("process_id", "name"),
        Index("ix_process_activities_process_id_position", "process_id", "position"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class ActivityResponsibility(Base):
    """One cell of an activity's RACI: a role and its part."""

    __tablename__ = "activity_responsibilities"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("process_activities.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(
        ForeignKey("roles.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    responsibility: Mapped[Responsibility] = mapped_column(
        enum_column(Responsibility, "responsibility")
    )


class ProcessPolicy(Base):
    """A rule that governs a process ("All incidents must be logged"), kept by its process owner:
    in force from a day, reviewed by a day, retired when no longer wanted."""

    __tablename__ = "process_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text, default="", server_default="")
    effective_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date] = mapped_column(Date, index=True)
    retired_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("process_id", "title"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("length(statement) > 0", name="statement_not_empty"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class ProcessDefinitionVersion(Base):
    """The whole definition of a process (purpose, scope, activities with RACI, policies) as it
    stood after one change, so the page can show it as it stood on any day."""

    __tablename__ = "process_definition_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    recorded_by_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    change: Mapped[str] = mapped_column(String(300))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (
        UniqueConstraint("process_id", "number"),
        Index("ix_process_definition_versions_process_id_recorded_at", "process_id", "recorded_at"),
        CheckConstraint("number >= 1", name="number_positive"),
    )
