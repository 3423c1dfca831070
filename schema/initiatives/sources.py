"""Where the initiatives area's objects come from (see schema/core/sources.py)."""

from __future__ import annotations

from schema.core.relations import ToMany
from schema.core.sources import Source
from schema.initiatives import types as t
from schema.initiatives.filters import initiative_filters, initiative_order
from server.domain.core import visibility
from server.models import BenefitReview, BudgetRequest, Initiative, InitiativeEvent, StatusUpdate

INITIATIVE = Source(
    "Initiative",
    t.Initiative,
    Initiative,
    {
        "title": Initiative.title,
        "description": Initiative.description,
        "rationale": Initiative.rationale,
        "status": Initiative.status,
        "priority": Initiative.priority,
        "execution_mode": Initiative.execution_mode,
        "value_chain_activity": Initiative.value_chain_activity,
        "planned_start": Initiative.planned_start,
        "planned_end": Initiative.planned_end,
        "actual_start": Initiative.actual_start,
        "actual_end": Initiative.actual_end,
        "currency": Initiative.currency,
        "budget_requested": Initiative.budget_requested,
        "budget_approved": Initiative.budget_approved,
        "budget_spent": Initiative.budget_spent,
        "outcome": Initiative.outcome,
        "outcome_note": Initiative.outcome_note,
        "created_at": Initiative.created_at,
        "updated_at": Initiative.updated_at,
        "version": Initiative.version,
    },
    {
        "plan": Initiative.plan_id,
        "parent": Initiative.parent_id,
        "owner": Initiative.owner_id,
        "raised_from_metric": Initiative.raised_from_metric_id,
    },
    visibility.visible_initiatives,
)


INITIATIVE_EVENT = Source(
    "InitiativeEvent",
    t.InitiativeEvent,
    InitiativeEvent,
    {
        "from_status": InitiativeEvent.from_status,
        "to_status": InitiativeEvent.to_status,
        "at": InitiativeEvent.at,
        "reason": InitiativeEvent.reason,
    },
    {"actor": InitiativeEvent.actor_id, "initiative": InitiativeEvent.initiative_id},
    lambda viewer: visibility.visible_initiative_children(viewer, InitiativeEvent.initiative_id),
)


BUDGET_REQUEST = Source(
    "BudgetRequest",
    t.BudgetRequest,
    BudgetRequest,
    {
        "amount": BudgetRequest.amount,
        "currency": BudgetRequest.currency,
        "justification": BudgetRequest.justification,
        "status": BudgetRequest.status,
        "requested_at": BudgetRequest.requested_at,
        "approved_amount": BudgetRequest.approved_amount,
        "decided_at": BudgetRequest.decided_at,
        "decision_reason": BudgetRequest.decision_reason,
    },
    {
        "requested_by": BudgetRequest.requested_by_id,
        "decided_by": BudgetRequest.decided_by_id,
        "initiative": BudgetRequest.initiative_id,
    },
    lambda viewer: visibility.visible_initiative_children(viewer, BudgetRequest.initiative_id),
)


STATUS_UPDATE = Source(
    "StatusUpdate",
    t.StatusUpdate,
    StatusUpdate,
    {
        "health": StatusUpdate.health,
        "percent_complete": StatusUpdate.percent_complete,
        "note": StatusUpdate.note,
        "spent_to_date": StatusUpdate.spent_to_date,
        "posted_at": StatusUpdate.posted_at,
    },
    {"posted_by": StatusUpdate.posted_by_id, "initiative": StatusUpdate.initiative_id},
    lambda viewer: visibility.visible_initiative_children(viewer, StatusUpdate.initiative_id),
)


def initiatives_of(parent_column, **link) -> ToMany:
    """A connection of initiatives per parent, filtered and ordered by the list's arguments."""
    return ToMany(
        INITIATIVE, parent_column, filters=initiative_filters, order=initiative_order, **link
    )


BENEFIT_REVIEW = Source(
    "BenefitReview",
    t.BenefitReview,
    BenefitReview,
    {
        "reviewed_on": BenefitReview.reviewed_on,
        "outcome": BenefitReview.outcome,
        "note": BenefitReview.note,
        "created_at": BenefitReview.created_at,
    },
    {
        "initiative": BenefitReview.initiative_id,
        "reviewed_by": BenefitReview.reviewed_by_id,
        "corrective_initiative": BenefitReview.corrective_initiative_id,
    },
    lambda viewer: visibility.visible_initiative_children(viewer, BenefitReview.initiative_id),
)
