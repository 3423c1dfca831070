"""Metrics and their measurements, the initiatives whose effect they show, and the benefits
realised at completion: the measuring half of the 7-step process."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, created_at_column, enum_column, utcnow
from server.models.enums import Direction, MeasurementFrequency, MetricPerspective


class Metric(Base):
    """Something measured to show whether improvement pays off.

    `should_measure` marks what the objectives need (step 1); `can_measure` with a data source
    marks what can be gathered (step 2). Baseline, target and direction drive the analysis.
    """

    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    unit: Mapped[str] = mapped_column(String(40), default="", server_default="")
    direction: Mapped[Direction] = mapped_column(enum_column(Direction, "direction"))
    should_measure: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    can_measure: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    data_source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    frequency: Mapped[MeasurementFrequency] = mapped_column(
        enum_column(MeasurementFrequency, "frequency"), default=MeasurementFrequency.MONTHLY
    )
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)
    amber_tolerance: Mapped[float | None] = mapped_column(Float)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="SET NULL"), index=True
    )
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True
    )
    # "feedback": the service's satisfaction, one measurement per month written from its
    # stakeholder feedback (server/domain/engagement/feedback.py); never recorded by hand.
    derived_from: Mapped[str | None] = mapped_column(String(20))
    # What the metric looks at: a customer outcome, quality, cost, or one component (the
    # evidence of the balance between the internal and the external view).
    perspective: Mapped[MetricPerspective | None] = mapped_column(
        enum_column(MetricPerspective, "perspective")
    )
    # A service level: a target agreed with a stakeholder (who agreed it, when known).
    service_level: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    agreed_with_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (
        # a plan's metrics by name, one page at a time (the plan page's first twenty)
        Index("ix_metrics_plan_id_name_id", "plan_id", "name", "id"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint("amber_tolerance IS NULL OR amber_tolerance >= 0", name="tolerance"),
        CheckConstraint("NOT can_measure OR length(data_source) > 0", name="measurable_has_source"),
    )


class Measurement(Base):
    """One observed value of a metric at a point in time; one value per metric and time."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metrics.id", ondelete="CASCADE"))
    value: Mapped[float] = mapped_column(Float)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(120), default="manual", server_default="manual")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        Index("ix_measurements_metric_id_taken_at", "metric_id", "taken_at", unique=True),
    )


class MetricInitiative(Base):
    """A metric that shows the effect of an initiative."""

    __tablename__ = "metric_initiatives"

    metric_id: Mapped[int] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), primary_key=True
    )
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class RealisedBenefit(Base):
    """The attainment of a linked metric frozen at the moment its initiative completed."""

    __tablename__ = "realised_benefits"

    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    metric_id: Mapped[int] = mapped_column(
        ForeignKey("metrics.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[float | None] = mapped_column(Float)
    attainment: Mapped[float | None] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    baseline_value: Mapped[float | None] = mapped_column(Float)  # the metric's, at that moment
    target_value: Mapped[float | None] = mapped_column(Float)
