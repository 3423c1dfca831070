"""Where balance assessments and guidelines come from (see schema/core/sources.py)."""

from __future__ import annotations

from schema.balance import types as t
from schema.core.sources import Source
from server.domain.core import visibility
from server.models import BalanceAssessment, BalanceGuideline

ASSESSMENT = Source(
    "BalanceAssessment",
    t.BalanceAssessment,
    BalanceAssessment,
    {
        "period_start": BalanceAssessment.period_start,
        "period_end": BalanceAssessment.period_end,
        "assessed_on": BalanceAssessment.assessed_on,
        "internal_external": BalanceAssessment.internal_external,
        "stability_responsiveness": BalanceAssessment.stability_responsiveness,
        "quality_cost": BalanceAssessment.quality_cost,
        "reactive_proactive": BalanceAssessment.reactive_proactive,
        "created_at": BalanceAssessment.created_at,
        "updated_at": BalanceAssessment.updated_at,
        "version": BalanceAssessment.version,
    },
    {"service": BalanceAssessment.service_id, "recorded_by": BalanceAssessment.recorded_by_id},
    visibility.visible_balance,
)

GUIDELINE = Source(
    "BalanceGuideline",
    t.BalanceGuideline,
    BalanceGuideline,
    {
        "tension": BalanceGuideline.tension,
        "statement": BalanceGuideline.statement,
        "review_on": BalanceGuideline.review_on,
        "created_at": BalanceGuideline.created_at,
        "updated_at": BalanceGuideline.updated_at,
        "version": BalanceGuideline.version,
    },
    {"owner": BalanceGuideline.owner_id},
    visibility.visible_balance,
)
