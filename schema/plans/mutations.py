"""The plans' mutations: create and change them (administrators); set a yearly budget envelope
(the plan's owner, administrators)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.plans.inputs import CreatePlanInput, SetPlanBudgetEnvelopeInput, UpdatePlanInput
from schema.plans.payloads import (
    CreatePlanPayload,
    SetPlanBudgetEnvelopePayload,
    UpdatePlanPayload,
)
from server.domain.plans import edits as plan_edits
from server.domain.plans import envelopes


@strawberry.type
class PlansMutation:
    @strawberry.mutation(
        description="Create a strategic, security, continuity or skill development plan."
    )
    async def create_plan(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreatePlanInput,
            strawberry.argument(description="The new plan's kind, name and description."),
        ],
    ) -> CreatePlanPayload:
        def work(session, viewer):
            return plan_edits.create_plan(
                session, viewer, kind=input.kind, name=input.name, description=input.description
            )

        return CreatePlanPayload(**await run(info, work, "plan", "Plan"))

    @strawberry.mutation(description="Change a plan's name, description or confidentiality.")
    async def update_plan(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdatePlanInput, strawberry.argument(description="The plan and the fields to change.")
        ],
    ) -> UpdatePlanPayload:
        def work(session, viewer):
            return plan_edits.update_plan(
                session,
                viewer,
                decode(input.id, "Plan", "input.id"),
                name=input.name,
                description=input.description,
                confidential=input.confidential,
            )

        return UpdatePlanPayload(**await run(info, work, "plan", "Plan"))

    @strawberry.mutation(
        description="Set what a plan may spend in a calendar year (its owner; for the strategic "
        "plan the steering committee; administrators); a null amount removes it."
    )
    async def set_plan_budget_envelope(
        self,
        info: Info[Context, None],
        input: Annotated[
            SetPlanBudgetEnvelopeInput,
            strawberry.argument(description="The plan, the year and the amount."),
        ],
    ) -> SetPlanBudgetEnvelopePayload:
        def work(session, viewer):
            return envelopes.set_envelope(
                session, viewer, decode(input.plan_id, "Plan", "input.planId"), input.year,
                input.amount, input.currency,
            )  # fmt: skip

        return SetPlanBudgetEnvelopePayload(**await run(info, work, "plan", "Plan"))
