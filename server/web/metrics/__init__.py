"""The metrics area of the web door: the metrics list, a metric's dashboard with the forms on it
(record a measurement, decide a target change, raise a corrective action), defining and editing
metrics, and the gap analysis."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.metrics.gaps import gaps_page
from server.web.metrics.metric_forms import (
    create_metric,
    edit_metric_page,
    new_metric_page,
    raise_corrective_action,
    update_metric,
)
from server.web.metrics.metrics import decide_change, metric_page, metrics_list, record_measurement

METRIC = {"metric_id": "Metric"}

# /metrics/new comes before /metrics/{metric_id}, which would take it for an id.
ROUTES = [
    page("/metrics/new", new_metric_page, needs=SIGNED_IN, name="new_metric"),
    page("/metrics/new", create_metric, needs=SIGNED_IN, methods=["POST"]),
    page(
        "/metrics/{metric_id}/edit",
        edit_metric_page,
        needs=SIGNED_IN,
        name="edit_metric",
        params=METRIC,
    ),
    page(
        "/metrics/{metric_id}/edit",
        update_metric,
        needs=SIGNED_IN,
        methods=["POST"],
        params=METRIC,
    ),
    page(
        "/metrics/{metric_id}/corrective-action",
        raise_corrective_action,
        needs=SIGNED_IN,
        methods=["POST"],
        params=METRIC,
    ),
    page("/gaps", gaps_page, needs=SIGNED_IN, name="gaps"),
    page("/metrics", metrics_list, needs=SIGNED_IN, name="metrics"),
    page("/metrics/{metric_id}", metric_page, needs=SIGNED_IN, name="metric", params=METRIC),
    page(
        "/metrics/{metric_id}/measurements",
        record_measurement,
        needs=SIGNED_IN,
        methods=["POST"],
        params=METRIC,
    ),
    page(
        "/metrics/{metric_id}/decide-change",
        decide_change,
        needs=SIGNED_IN,
        methods=["POST"],
        params=METRIC,
    ),
]
