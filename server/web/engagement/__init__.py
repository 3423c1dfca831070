"""The engagement area of the web door: the register of suggestions across plans and each
plan's inbox, the submit form (with likely duplicates shown while the title is typed), and one
suggestion's page with the steps its author, its supporters and its plan's owner may take; the
stakeholders and the services each one uses; the service reviews and each review's record."""

from __future__ import annotations

from server.web.core.routing import ANYONE, SIGNED_IN, page
from server.web.engagement import feedback, feedback_import, reviews, stakeholders
from server.web.engagement.suggestions import (
    ACTIONS,
    plan_suggestions_page,
    similar_suggestions,
    submit_suggestion,
    suggestion_action,
    suggestion_page,
    suggestions_page,
)

SUGGESTION = {"suggestion_id": "Suggestion"}
REVIEW = {"review_id": "ServiceReview"}
STAKEHOLDER = {"stakeholder_id": "Stakeholder"}

ROUTES = [
    page("/suggestions", suggestions_page, needs=SIGNED_IN, name="suggestions"),
    page("/suggestions", submit_suggestion, needs=SIGNED_IN, methods=["POST"]),
    page("/suggestions/similar", similar_suggestions, needs=SIGNED_IN),
    page(
        "/suggestions/{suggestion_id}",
        suggestion_page,
        needs=SIGNED_IN,
        name="suggestion",
        params=SUGGESTION,
    ),
    page(
        "/suggestions/{suggestion_id}/{action}",
        suggestion_action,
        needs=SIGNED_IN,
        methods=["POST"],
        params={**SUGGESTION, "action": ACTIONS},
    ),
    page(
        "/plans/{plan_id}/suggestions",
        plan_suggestions_page,
        needs=SIGNED_IN,
        name="plan_suggestions",
        params={"plan_id": "Plan"},
    ),
    page(
        "/services/{id}/feedback",
        feedback.record_feedback,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"id": "Service"},
    ),
    page(
        "/services/{id}/review-cadence",
        feedback.plan_reviews,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"id": "Service"},
    ),
    page("/reviews", reviews.reviews_page, needs=SIGNED_IN, name="reviews"),
    page("/reviews", reviews.open_review, needs=SIGNED_IN, methods=["POST"]),
    page(
        "/reviews/{review_id}", reviews.review_page, needs=SIGNED_IN, name="review", params=REVIEW
    ),
    page(
        "/reviews/{review_id}/{action}",
        reviews.review_action,
        needs=SIGNED_IN,
        methods=["POST"],
        params={**REVIEW, "action": reviews.ACTIONS},
    ),
    page("/feedback/import", feedback_import.import_page, needs=SIGNED_IN, name="feedback_import"),
    page(
        "/feedback/import",
        feedback_import.import_file,
        needs=SIGNED_IN,
        methods=["POST"],
        form_limits=feedback_import.UPLOAD_FORM,
    ),
    page("/feedback/import/example.csv", feedback_import.example_file, needs=ANYONE),
    page("/stakeholders", stakeholders.stakeholders_page, needs=SIGNED_IN, name="stakeholders"),
    page("/stakeholders", stakeholders.add_stakeholder, needs=SIGNED_IN, methods=["POST"]),
    page(
        "/stakeholders/{stakeholder_id}",
        stakeholders.stakeholder_page,
        needs=SIGNED_IN,
        name="stakeholder",
        params=STAKEHOLDER,
    ),
    page(
        "/stakeholders/{stakeholder_id}/{action}",
        stakeholders.stakeholder_action,
        needs=SIGNED_IN,
        methods=["POST"],
        params={**STAKEHOLDER, "action": stakeholders.ACTIONS},
    ),
]
