"""The payloads of the balance mutations: what changed, or the errors."""

from __future__ import annotations

from schema.balance.types import BalanceAssessment, BalanceGuideline
from schema.core.mutations import payload

RecordBalanceAssessmentPayload = payload(
    "RecordBalanceAssessmentPayload", "assessment", BalanceAssessment,
    "The assessment recorded; null when refused.",
)  # fmt: skip
UpdateBalanceAssessmentPayload = payload(
    "UpdateBalanceAssessmentPayload", "assessment", BalanceAssessment,
    "The assessment as corrected; null when refused.",
)  # fmt: skip
CreateBalanceGuidelinePayload = payload(
    "CreateBalanceGuidelinePayload", "guideline", BalanceGuideline,
    "The guideline agreed; null when refused.",
)  # fmt: skip
UpdateBalanceGuidelinePayload = payload(
    "UpdateBalanceGuidelinePayload", "guideline", BalanceGuideline,
    "The guideline as changed; null when refused.",
)  # fmt: skip
