"""The inputs of the metrics' mutations (metrics, measurements, corrective actions, changes to
what was approved), and the plain values server/domain takes from them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry

from schema.core.inputs import input_field
from schema.core.mutations import decode
from schema.metrics.enums import Direction, MeasurementFrequency, MetricPerspective


@strawberry.input(description="One observed value of a metric.")
class MeasurementInput:
    metric_id: strawberry.ID = strawberry.field(description="The metric's global id.")
    value: float = strawberry.field(description="The value observed, in the metric's unit.")
    taken_at: datetime = strawberry.field(
        description="When the value was observed; one value per metric and instant."
    )
    source: str = input_field("Where the value came from, at most 120 characters.", "api")


@strawberry.input(description="Measurements to record together: all of them or none.")
class RecordMeasurementsInput:
    measurements: list[MeasurementInput] = strawberry.field(
        description="The measurements, 1 to 10,000."
    )


@strawberry.input(description="A new metric: what should and can be measured, and against what.")
class CreateMetricInput:
    name: str = strawberry.field(description="The metric's name, at most 200 characters.")
    direction: Direction = strawberry.field(description="UP: higher is better; DOWN: lower is.")
    description: str | None = input_field("What is measured and how, at most 10,000 characters.")
    unit: str | None = input_field(
        "The unit of its values, e.g. 'h' or '%', at most 40 characters."
    )
    should_measure: bool | None = input_field("Needed by the objectives (step 1). Default true.")
    can_measure: bool | None = input_field("Can be gathered now (step 2); needs a data source.")
    data_source: str | None = input_field(
        "Where its values come from, at most 300 characters; required when canMeasure is true."
    )
    frequency: MeasurementFrequency | None = input_field(
        "How often it is measured; default MONTHLY."
    )
    perspective: MetricPerspective | None = input_field(
        "What it looks at: CUSTOMER_OUTCOME, QUALITY, COST or COMPONENT."
    )
    service_level: bool | None = input_field(
        "Whether it is a service level agreed with a stakeholder (of its service). Default false."
    )
    agreed_with_id: strawberry.ID | None = input_field(
        "The stakeholder who agreed the service level (global id)."
    )
    baseline_value: float | None = input_field(
        "The value before the improvement, in `unit`; needs baselineDate."
    )
    baseline_date: date | None = input_field("The day the baseline was taken.")
    target_value: float | None = input_field("The value to reach, in `unit`; needs targetDate.")
    target_date: date | None = input_field(
        "The day the target should be reached by; not before baselineDate."
    )
    amber_tolerance: float | None = input_field(
        "How far short of the target still counts as amber (>= 0)."
    )
    owner_id: strawberry.ID | None = input_field("Defaults to the person creating it.")
    plan_id: strawberry.ID | None = input_field("The plan to keep it in (global id); default none.")
    service_id: strawberry.ID | None = input_field(
        "The service it measures (global id), not with processId; default none."
    )
    process_id: strawberry.ID | None = input_field(
        "The process it measures (global id), not with serviceId; default none."
    )
    objective_ids: list[strawberry.ID] | None = input_field(
        "The objectives it serves (global ids)."
    )
    initiative_ids: list[strawberry.ID] | None = input_field(
        "The initiatives whose effect it shows (global ids)."
    )


KEPT = "; left out: unchanged."


CLEARED = "; null clears it; left out: unchanged."


RELINKED = ", replacing the old links; null removes them all; left out: unchanged."


@strawberry.input(
    description="Changes to a metric; fields left out stay as they are, null clears the "
    "optional ones, lists replace the links."
)
class UpdateMetricInput:
    id: strawberry.ID = strawberry.field(description="The metric's global id.")
    name: str | None = input_field("The new name" + KEPT, strawberry.UNSET)
    direction: Direction | None = input_field(
        "Whether higher or lower is better" + KEPT, strawberry.UNSET
    )
    description: str | None = input_field("The new description" + CLEARED, strawberry.UNSET)
    unit: str | None = input_field("The new unit" + CLEARED, strawberry.UNSET)
    should_measure: bool | None = input_field(
        "Whether the objectives need it (step 1)" + KEPT, strawberry.UNSET
    )
    can_measure: bool | None = input_field(
        "Whether it can be gathered now (step 2); true needs a data source" + KEPT,
        strawberry.UNSET,
    )
    data_source: str | None = input_field("Where its values come from" + CLEARED, strawberry.UNSET)
    frequency: MeasurementFrequency | None = input_field(
        "How often it is measured" + KEPT, strawberry.UNSET
    )
    perspective: MetricPerspective | None = input_field(
        "What it looks at" + CLEARED, strawberry.UNSET
    )
    service_level: bool | None = input_field(
        "Whether it is a service level" + KEPT, strawberry.UNSET
    )
    agreed_with_id: strawberry.ID | None = input_field(
        "The stakeholder who agreed it (global id)" + CLEARED, strawberry.UNSET
    )
    baseline_value: float | None = input_field(
        "The baseline, in `unit`" + CLEARED, strawberry.UNSET
    )
    baseline_date: date | None = input_field("The day of the baseline" + CLEARED, strawberry.UNSET)
    target_value: float | None = input_field(
        "The target, in `unit`; when the metric judges approved, open work, the new target waits "
        "for that work's approver" + CLEARED,
        strawberry.UNSET,
    )
    target_date: date | None = input_field(
        "The day the target should be reached by" + CLEARED, strawberry.UNSET
    )
    amber_tolerance: float | None = input_field(
        "How far short of the target still counts as amber (>= 0)" + CLEARED, strawberry.UNSET
    )
    owner_id: strawberry.ID | None = input_field(
        "The new owner, an active person (global id)" + CLEARED, strawberry.UNSET
    )
    plan_id: strawberry.ID | None = input_field(
        "The plan to keep it in (global id)" + CLEARED, strawberry.UNSET
    )
    service_id: strawberry.ID | None = input_field(
        "The service it measures (global id)" + CLEARED, strawberry.UNSET
    )
    process_id: strawberry.ID | None = input_field(
        "The process it measures (global id)" + CLEARED, strawberry.UNSET
    )
    objective_ids: list[strawberry.ID] | None = input_field(
        "The objectives it serves (global ids)" + RELINKED, strawberry.UNSET
    )
    initiative_ids: list[strawberry.ID] | None = input_field(
        "The initiatives whose effect it shows (global ids)" + RELINKED, strawberry.UNSET
    )


@strawberry.input(description="Raise a corrective action from a metric off target.")
class RaiseCorrectiveActionInput:
    metric_id: strawberry.ID = strawberry.field(
        description="The metric, amber or red now (global id)."
    )
    title: str | None = input_field("Defaults to 'Corrective action: <metric name>'.")
    description: str | None = input_field("Defaults to the metric's status and its reason.")


@strawberry.input(
    description="Ask to change the approved budget of a funded or running initiative; the "
    "steering committee decides, and until then the approved budget stays."
)
class ProposeBudgetChangeInput:
    initiative_id: strawberry.ID = strawberry.field(description="The initiative's global id.")
    amount: Decimal = strawberry.field(description="The new budget, in the initiative's currency.")
    reason: str = strawberry.field(description="Why the budget must change (required).")


@strawberry.input(description="Accept or reject a pending change (rejecting needs a reason).")
class DecidePendingChangeInput:
    id: strawberry.ID = strawberry.field(description="The pending change's global id.")
    accept: bool = strawberry.field(
        description="True: the new value takes effect; false: the approved value stays."
    )
    reason: str | None = strawberry.field(default=None, description="Why; required when rejecting.")


METRIC_IDS = {
    "owner_id": ("Person", "input.ownerId"),
    "plan_id": ("Plan", "input.planId"),
    "service_id": ("Service", "input.serviceId"),
    "process_id": ("Process", "input.processId"),
    "agreed_with_id": ("Stakeholder", "input.agreedWithId"),
}


METRIC_LISTS = {
    "objective_ids": ("Objective", "input.objectiveIds"),
    "initiative_ids": ("Initiative", "input.initiativeIds"),
}


METRIC_FIELDS = (
    "name", "direction", "description", "unit", "should_measure", "can_measure", "data_source",
    "frequency", "perspective", "service_level", "baseline_value", "baseline_date",
    "target_value", "target_date", "amber_tolerance", *METRIC_IDS, *METRIC_LISTS,
)  # fmt: skip


def metric_values(data: Any, *, creating: bool) -> dict[str, Any]:
    """The fields given (on create: those not null), with global ids decoded."""
    given: dict[str, Any] = {}
    for name in METRIC_FIELDS:
        value = getattr(data, name)
        if value is strawberry.UNSET or (creating and value is None):
            continue
        if name in METRIC_IDS and value is not None:
            value = decode(value, *METRIC_IDS[name])
        elif name in METRIC_LISTS and value is not None:
            value = [decode(item, *METRIC_LISTS[name]) for item in value]
        elif name in METRIC_LISTS:
            value = []  # null: no links
        given[name] = value
    return given
