"""Where metrics, measurements and pending changes come from (see schema/core/sources.py)."""

from __future__ import annotations

from schema.core.relations import ToMany
from schema.core.sources import Source
from schema.metrics import types as t
from schema.metrics.filters import metric_filters, metric_order
from server.domain.core import visibility
from server.models import Measurement, Metric, PendingChange

METRIC = Source(
    "Metric",
    t.Metric,
    Metric,
    {
        "name": Metric.name,
        "description": Metric.description,
        "unit": Metric.unit,
        "direction": Metric.direction,
        "should_measure": Metric.should_measure,
        "can_measure": Metric.can_measure,
        "data_source": Metric.data_source,
        "frequency": Metric.frequency,
        "perspective": Metric.perspective,
        "service_level": Metric.service_level,
        "baseline_value": Metric.baseline_value,
        "baseline_date": Metric.baseline_date,
        "target_value": Metric.target_value,
        "target_date": Metric.target_date,
        "amber_tolerance": Metric.amber_tolerance,
        "created_at": Metric.created_at,
    },
    {
        "owner": Metric.owner_id,
        "agreed_with": Metric.agreed_with_id,
        "plan": Metric.plan_id,
        "service": Metric.service_id,
        "process": Metric.process_id,
    },
    visibility.visible_metrics,
)


MEASUREMENT = Source(
    "Measurement",
    t.Measurement,
    Measurement,
    {
        "value": Measurement.value,
        "taken_at": Measurement.taken_at,
        "source": Measurement.source,
        "recorded_at": Measurement.recorded_at,
    },
    {"recorded_by": Measurement.recorded_by_id, "metric": Measurement.metric_id},
    visibility.visible_measurements,
)


PENDING_CHANGE = Source(
    "PendingChange",
    t.PendingChange,
    PendingChange,
    {
        "kind": PendingChange.kind,
        "status": PendingChange.status,
        "budget_before": PendingChange.budget_before,
        "budget_after": PendingChange.budget_after,
        "currency": PendingChange.currency,
        "target_before": PendingChange.target_before,
        "target_after": PendingChange.target_after,
        "reason": PendingChange.reason,
        "requested_at": PendingChange.requested_at,
        "decided_at": PendingChange.decided_at,
        "decision_reason": PendingChange.decision_reason,
    },
    {
        "requested_by": PendingChange.requested_by_id,
        "decided_by": PendingChange.decided_by_id,
        "initiative": PendingChange.initiative_id,
        "metric": PendingChange.metric_id,
    },
    visibility.visible_pending_changes,
)


def metrics_of(parent_column, **link) -> ToMany:
    """A connection of metrics per parent, filtered and ordered by the list's arguments."""
    return ToMany(METRIC, parent_column, filters=metric_filters, order=metric_order, **link)
