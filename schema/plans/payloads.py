"""The payloads of the plans' mutations."""

from __future__ import annotations

from schema.core.mutations import payload
from schema.plans.types import Plan

CreatePlanPayload = payload(
    "CreatePlanPayload", "plan", Plan, "The plan created; null when refused."
)


UpdatePlanPayload = payload(
    "UpdatePlanPayload", "plan", Plan, "The plan as changed; null when refused."
)


SetPlanBudgetEnvelopePayload = payload(
    "SetPlanBudgetEnvelopePayload", "plan", Plan,
    "The plan with its `budgetEnvelopes`; null when refused.",
)  # fmt: skip
