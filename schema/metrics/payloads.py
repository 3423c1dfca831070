"""The payloads of the metrics' mutations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.mutations import payload
from schema.metrics.types import Metric, PendingChange

if TYPE_CHECKING:
    from schema.initiatives.types import Initiative

# Types of other areas, resolved when the schema is built.
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]


RecordMeasurementsPayload = payload(
    "RecordMeasurementsPayload", "metrics", list[Metric],
    "The metrics measured, each once, with their new measurements; null when refused.",
    {"recorded": (int | None, "How many measurements were recorded; null when refused.")},
)  # fmt: skip


CreateMetricPayload = payload(
    "CreateMetricPayload", "metric", Metric, "The metric defined; null when refused."
)


UpdateMetricPayload = payload(
    "UpdateMetricPayload", "metric", Metric,
    "The metric as changed (a new target may wait in `pendingChanges`); null when refused.",
)  # fmt: skip


RaiseCorrectiveActionPayload = payload(
    "RaiseCorrectiveActionPayload", "initiative", InitiativeRef,
    "The corrective initiative, proposed and linked back to the metric; null when refused.",
)  # fmt: skip


ProposeBudgetChangePayload = payload(
    "ProposeBudgetChangePayload", "pending_change", PendingChange,
    "The pending change, waiting for the steering committee; null when refused.",
)  # fmt: skip


DecidePendingChangePayload = payload(
    "DecidePendingChangePayload", "pending_change", PendingChange,
    "The pending change, accepted or rejected; null when refused.",
)  # fmt: skip
