"""The payloads of the initiatives' mutations."""

from __future__ import annotations

from schema.core.mutations import payload
from schema.initiatives.types import BenefitReview, Initiative, StatusUpdate


def _initiative(name: str, now: str, noun: str = "The initiative") -> type:
    return payload(name, "initiative", Initiative, f"{noun}, {now}; null when refused.")


ProposeInitiativePayload = _initiative("ProposeInitiativePayload", "proposed")


UpdateInitiativePayload = _initiative("UpdateInitiativePayload", "as changed")


ApproveInitiativePayload = _initiative("ApproveInitiativePayload", "now approved")


RejectInitiativePayload = _initiative("RejectInitiativePayload", "now rejected")


RequestBudgetPayload = _initiative(
    "RequestBudgetPayload", "now waiting for the steering committee's decision"
)


DecideBudgetPayload = _initiative("DecideBudgetPayload", "funded or back to approved")


StartInitiativePayload = _initiative("StartInitiativePayload", "now in progress")


HoldInitiativePayload = _initiative("HoldInitiativePayload", "now on hold")


ResumeInitiativePayload = _initiative("ResumeInitiativePayload", "in progress again")


CompleteInitiativePayload = _initiative(
    "CompleteInitiativePayload", "completed, with its outcome and realised benefits"
)


CancelInitiativePayload = _initiative("CancelInitiativePayload", "now cancelled")


LinkChildInitiativePayload = _initiative(
    "LinkChildInitiativePayload", "now executing its new parent", "The child initiative"
)


UnlinkChildInitiativePayload = _initiative(
    "UnlinkChildInitiativePayload", "now executing no strategic initiative", "The child initiative"
)


PostStatusUpdatePayload = payload(
    "PostStatusUpdatePayload", "statusUpdate", StatusUpdate,
    "The status update posted; null when refused.",
)  # fmt: skip

RecordBenefitReviewPayload = payload(
    "RecordBenefitReviewPayload", "benefitReview", BenefitReview,
    "The benefit review recorded (with the corrective initiative when the gains slipped); null "
    "when refused.",
)  # fmt: skip
