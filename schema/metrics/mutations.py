"""The metrics' mutations: recording measurements, defining metrics, raising corrective
actions, and asking for and deciding changes to what was approved."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.ids import from_global_id
from schema.core.mutations import decode, run
from schema.metrics.inputs import (
    CreateMetricInput,
    DecidePendingChangeInput,
    ProposeBudgetChangeInput,
    RaiseCorrectiveActionInput,
    RecordMeasurementsInput,
    UpdateMetricInput,
    metric_values,
)
from schema.metrics.payloads import (
    CreateMetricPayload,
    DecidePendingChangePayload,
    ProposeBudgetChangePayload,
    RaiseCorrectiveActionPayload,
    RecordMeasurementsPayload,
    UpdateMetricPayload,
)
from server.domain.initiatives import budget_changes, pending_changes
from server.domain.metrics import corrective_actions, measurements
from server.domain.metrics import definitions as metric_definitions


async def _propose_budget_change(info: Info[Context, None], input: ProposeBudgetChangeInput):
    def work(session, viewer):
        return budget_changes.propose_budget_change(
            session, viewer, decode(input.initiative_id, "Initiative", "input.initiativeId"),
            input.amount, input.reason,
        )  # fmt: skip

    return ProposeBudgetChangePayload(**await run(info, work, "pending_change", "PendingChange"))


async def _decide_pending_change(info: Info[Context, None], input: DecidePendingChangeInput):
    def work(session, viewer):
        return pending_changes.decide(
            session, viewer, decode(input.id, "PendingChange", "input.id"), input.accept,
            input.reason,
        )  # fmt: skip

    return DecidePendingChangePayload(**await run(info, work, "pending_change", "PendingChange"))


@strawberry.type
class MetricsMutation:
    @strawberry.mutation(
        description="Record up to 10,000 measurements at once: all of them, or none with every "
        "bad row reported (metric owners, and owners of linked initiatives)."
    )
    async def record_measurements(
        self,
        info: Info[Context, None],
        input: Annotated[
            RecordMeasurementsInput, strawberry.argument(description="The measurements to record.")
        ],
    ) -> RecordMeasurementsPayload:
        def work(session, viewer):
            rows = [
                measurements.Row(
                    metric_id=_metric_id(item.metric_id),
                    value=item.value,
                    taken_at=item.taken_at,
                    source=item.source,
                )
                for item in input.measurements
            ]
            return rows, measurements.record(session, viewer, rows)

        return RecordMeasurementsPayload(
            **await run(
                info,
                work,
                "metrics",
                "Metric",
                key=lambda result: result[1],
                extra=lambda result: {"recorded": len(result[0]) if result else None},
            )
        )

    @strawberry.mutation(
        description="Define a metric (administrators and whoever maintains the plan it is in)."
    )
    async def create_metric(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateMetricInput,
            strawberry.argument(description="The new metric's definition and links."),
        ],
    ) -> CreateMetricPayload:
        def work(session, viewer):
            values = metric_values(input, creating=True)
            return metric_definitions.create(session, viewer, values)

        return CreateMetricPayload(**await run(info, work, "metric", "Metric"))

    @strawberry.mutation(
        description="Change a metric's definition (its owner, its plan's owner, administrators). "
        "A new target for a metric that judges approved, open work is held as a pending change "
        "for that work's approver (see `Metric.pendingChanges`); the other fields change now."
    )
    async def update_metric(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateMetricInput,
            strawberry.argument(description="The metric and the fields to change."),
        ],
    ) -> UpdateMetricPayload:
        def work(session, viewer):
            values = metric_values(input, creating=False)
            metric_id = decode(input.id, "Metric", "input.id")
            return metric_definitions.update(session, viewer, metric_id, values)

        return UpdateMetricPayload(**await run(info, work, "metric", "Metric"))

    @strawberry.mutation(
        description="From a metric off target (amber or red), propose a corrective initiative "
        "in its service's, else its process's, else the strategic plan, linked back to it."
    )
    async def raise_corrective_action(
        self,
        info: Info[Context, None],
        input: Annotated[
            RaiseCorrectiveActionInput,
            strawberry.argument(
                description="The off-target metric, and optionally a title and description."
            ),
        ],
    ) -> RaiseCorrectiveActionPayload:
        def work(session, viewer):
            return corrective_actions.raise_corrective_action(
                session,
                viewer,
                decode(input.metric_id, "Metric", "input.metricId"),
                input.title,
                input.description,
            )

        return RaiseCorrectiveActionPayload(**await run(info, work, "initiative", "Initiative"))

    @strawberry.mutation(
        description="Ask to change the approved budget of a funded, running or held initiative "
        "(its owner, the plan's owner). The steering committee decides with "
        "`decidePendingChange`; until then the approved budget stays in force."
    )
    async def propose_budget_change(
        self,
        info: Info[Context, None],
        input: Annotated[
            ProposeBudgetChangeInput,
            strawberry.argument(description="The initiative, the new budget and why."),
        ],
    ) -> ProposeBudgetChangePayload:
        return await _propose_budget_change(info, input)

    @strawberry.mutation(
        description="Accept (the new value takes effect) or reject (with a reason) a pending "
        "change: a budget by the steering committee, a metric's target by the owner role of "
        "the plan whose approved work it judges."
    )
    async def decide_pending_change(
        self,
        info: Info[Context, None],
        input: Annotated[
            DecidePendingChangeInput,
            strawberry.argument(description="The pending change, the decision and a reason."),
        ],
    ) -> DecidePendingChangePayload:
        return await _decide_pending_change(info, input)


def _metric_id(global_id: str) -> int | None:
    """The metric's database id, or None so the row is reported as an unknown metric."""
    decoded = from_global_id(global_id)
    return decoded[1] if decoded and decoded[0] == "Metric" else None
