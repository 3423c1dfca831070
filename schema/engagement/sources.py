"""Where suggestions, stakeholders, feedback, service reviews and their findings come from
(see schema/core/sources.py)."""

from __future__ import annotations

from sqlalchemy import select

from schema.core.sources import Source
from schema.engagement import types as t
from server.domain.core import visibility
from server.models import (
    Feedback,
    Plan,
    ReviewFinding,
    ServiceReview,
    Stakeholder,
    Suggestion,
)

SUGGESTION = Source(
    "Suggestion",
    t.Suggestion,
    Suggestion,
    {
        "title": Suggestion.title,
        "description": Suggestion.description,
        "plan_kind": select(Plan.kind)
        .where(Plan.id == Suggestion.plan_id)
        .scalar_subquery()
        .label("plan_kind"),
        "status": Suggestion.status,
        "source": Suggestion.source,
        "triage_note": Suggestion.triage_note,
        "created_at": Suggestion.created_at,
        "updated_at": Suggestion.updated_at,
        "decided_at": Suggestion.decided_at,
        "version": Suggestion.version,
    },
    {
        "plan": Suggestion.plan_id,
        "service": Suggestion.service_id,
        "process": Suggestion.process_id,
        "source_metric": Suggestion.source_metric_id,
        "source_feedback": Suggestion.source_feedback_id,
        "source_finding": Suggestion.source_finding_id,
        "source_assessment": Suggestion.source_assessment_id,
        "author": Suggestion.author_id,
        "decided_by": Suggestion.decided_by_id,
        "initiative": Suggestion.initiative_id,
        "merged_into": Suggestion.merged_into_id,
    },
    visibility.visible_suggestions,
    # A suggestion to a confidential plan is its author's too: who asks, not only what kind.
    visibility_per_person=True,
)

STAKEHOLDER = Source(
    "Stakeholder",
    t.Stakeholder,
    Stakeholder,
    {
        "name": Stakeholder.name,
        "kind": Stakeholder.kind,
        "contact": Stakeholder.contact,
        "description": Stakeholder.description,
        "created_at": Stakeholder.created_at,
        "updated_at": Stakeholder.updated_at,
        "version": Stakeholder.version,
    },
    {"relationship_owner": Stakeholder.relationship_owner_id},
    visibility.visible_stakeholders,
)

FEEDBACK = Source(
    "Feedback",
    t.Feedback,
    Feedback,
    {
        "given_on": Feedback.given_on,
        "score": Feedback.score,
        "comment": Feedback.comment,
        "channel": Feedback.channel,
        "created_at": Feedback.created_at,
    },
    {
        "service": Feedback.service_id,
        "stakeholder": Feedback.stakeholder_id,
        "person": Feedback.person_id,
        "recorded_by": Feedback.recorded_by_id,
    },
    visibility.visible_feedback,
)

SERVICE_REVIEW = Source(
    "ServiceReview",
    t.ServiceReview,
    ServiceReview,
    {
        "period_start": ServiceReview.period_start,
        "period_end": ServiceReview.period_end,
        "scheduled_on": ServiceReview.scheduled_on,
        "held_on": ServiceReview.held_on,
        "status": ServiceReview.status,
        "notes": ServiceReview.notes,
        "satisfaction_average": ServiceReview.satisfaction_average,
        "satisfaction_responses": ServiceReview.satisfaction_responses,
        "created_at": ServiceReview.created_at,
        "updated_at": ServiceReview.updated_at,
        "closed_at": ServiceReview.closed_at,
        "version": ServiceReview.version,
    },
    {"service": ServiceReview.service_id, "opened_by": ServiceReview.opened_by_id},
    visibility.visible_service_reviews,
)

REVIEW_FINDING = Source(
    "ReviewFinding",
    t.ReviewFinding,
    ReviewFinding,
    {
        "title": ReviewFinding.title,
        "description": ReviewFinding.description,
        "outcome": ReviewFinding.outcome,
        "outcome_note": ReviewFinding.outcome_note,
        "created_at": ReviewFinding.created_at,
        "decided_at": ReviewFinding.decided_at,
    },
    {
        "review": ReviewFinding.review_id,
        "raised_by": ReviewFinding.raised_by_id,
        "decided_by": ReviewFinding.decided_by_id,
        "initiative": ReviewFinding.initiative_id,
    },
    visibility.visible_service_reviews,
)
