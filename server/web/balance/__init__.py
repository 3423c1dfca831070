"""The balance area of the web door: the organisation's balance and each service's, with the
forms that record assessments and keep the guidelines."""

from __future__ import annotations

from server.web.balance import balance
from server.web.core.routing import SIGNED_IN, page

ROUTES = [
    page("/balance", balance.organisation_page, needs=SIGNED_IN, name="balance"),
    page("/balance", balance.record_for_organisation, needs=SIGNED_IN, methods=["POST"]),
    page(
        "/balance/assessments/{assessment_id}",
        balance.correct_assessment,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"assessment_id": "BalanceAssessment"},
    ),
    page("/balance/guidelines", balance.guideline_action, needs=SIGNED_IN, methods=["POST"]),
    page(
        "/balance/guidelines/{guideline_id}",
        balance.guideline_action,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"guideline_id": "BalanceGuideline"},
    ),
    page(
        "/services/{id}/balance",
        balance.service_page,
        needs=SIGNED_IN,
        name="service_balance",
        params={"id": "Service"},
    ),
    page(
        "/services/{id}/balance",
        balance.record_for_service,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"id": "Service"},
    ),
]
