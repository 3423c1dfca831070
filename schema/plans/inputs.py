"""The inputs of the plans' mutations."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.plans.enums import PlanKind


@strawberry.input(
    description="A new plan of a kind that belongs to no service or process (service and "
    "process improvement plans come with their service or process)."
)
class CreatePlanInput:
    kind: PlanKind = strawberry.field(
        description="STRATEGIC, SECURITY_IMPROVEMENT, CONTINUITY_IMPROVEMENT or "
        "SKILL_DEVELOPMENT; it fixes the owner role."
    )
    name: str = strawberry.field(description="The plan's name; unique.")
    description: str = input_field("What the plan is for.", "")


@strawberry.input(description="Changes to a plan; fields left out stay as they are.")
class UpdatePlanInput:
    id: strawberry.ID = strawberry.field(description="The plan's global id.")
    name: str | None = input_field("The new name, unique" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)
    confidential: bool | None = input_field(
        "Whether only the security manager, the steering committee and administrators see it "
        "(the security improvement plan always stays confidential)" + UNCHANGED
    )


@strawberry.input(
    description="Set a plan's budget envelope for a year (its owner, or an administrator); "
    "a null amount removes it."
)
class SetPlanBudgetEnvelopeInput:
    plan_id: strawberry.ID = strawberry.field(description="The plan's global id.")
    year: int = strawberry.field(description="The calendar year, 2000 to 2100.")
    amount: Decimal | None = input_field(
        "What the plan may spend in the year (at most two decimals); null: no envelope."
    )
    currency: str = input_field("The amount's currency (ISO 4217).", "EUR")
