"""Objectives: the tree vision > strategy > tactical goal > operational goal, and the metrics and
initiatives that serve each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, created_at_column, enum_column
from server.models.enums import ObjectiveLevel


class Objective(Base):
    """A node of the tree vision > strategy > tactical goal > operational goal."""

    __tablename__ = "objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("objectives.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[ObjectiveLevel] = mapped_column(enum_column(ObjectiveLevel, "level"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("(level = 'vision') = (parent_id IS NULL)", name="only_vision_is_root"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )


class MetricObjective(Base):
    """An objective a metric serves."""

    __tablename__ = "metric_objectives"

    metric_id: Mapped[int] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), primary_key=True
    )
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class InitiativeObjective(Base):
    """An objective an initiative serves."""

    __tablename__ = "initiative_objectives"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    objective_id: Mapped[int] = mapped_column(
        ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True, index=True
    )
