"""The payloads of the engagement mutations (suggestions, stakeholders, feedback, service
reviews): what changed, or the errors."""

from __future__ import annotations

from schema.core.mutations import payload
from schema.engagement.types import (
    Feedback,
    ReviewFinding,
    ServiceReview,
    Stakeholder,
    Suggestion,
)
from schema.services.types import Service


def _payload(name: str, description: str):
    return payload(name, "suggestion", Suggestion, description)


SubmitSuggestionPayload = _payload(
    "SubmitSuggestionPayload", "The suggestion submitted; null when refused."
)
EditSuggestionPayload = _payload(
    "EditSuggestionPayload", "The suggestion as edited; null when refused."
)
AcceptSuggestionPayload = _payload(
    "AcceptSuggestionPayload",
    "The accepted suggestion, its `initiative` the proposed initiative; null when refused.",
)
DeclineSuggestionPayload = _payload(
    "DeclineSuggestionPayload", "The declined suggestion; null when refused."
)
MergeSuggestionPayload = _payload(
    "MergeSuggestionPayload", "The merged suggestion; null when refused."
)
RequestSuggestionInformationPayload = _payload(
    "RequestSuggestionInformationPayload",
    "The suggestion, waiting for its author's answer; null when refused.",
)
SupportSuggestionPayload = _payload(
    "SupportSuggestionPayload", "The suggestion with the viewer's support; null when refused."
)
WithdrawSuggestionPayload = _payload(
    "WithdrawSuggestionPayload", "The withdrawn suggestion; null when refused."
)


def _stakeholder_payload(name: str, description: str):
    return payload(name, "stakeholder", Stakeholder, description)


CreateStakeholderPayload = _stakeholder_payload(
    "CreateStakeholderPayload", "The stakeholder added; null when refused."
)
UpdateStakeholderPayload = _stakeholder_payload(
    "UpdateStakeholderPayload", "The stakeholder as changed; null when refused."
)
LinkStakeholderServicePayload = _stakeholder_payload(
    "LinkStakeholderServicePayload",
    "The stakeholder with the relationship added or changed; null when refused.",
)
UnlinkStakeholderServicePayload = _stakeholder_payload(
    "UnlinkStakeholderServicePayload",
    "The stakeholder without the relationship; null when refused.",
)


RecordFeedbackPayload = payload(
    "RecordFeedbackPayload", "feedback", list[Feedback],
    "The feedback recorded, in the order given; null when refused.",
    {"recorded": (int | None, "How many items were recorded; null when refused.")},
)  # fmt: skip


ImportFeedbackPayload = payload(
    "ImportFeedbackPayload", "feedback", list[Feedback],
    "The feedback recorded, in the file's order; null when refused. Each refused line is an "
    "error whose `field` ends with its line number.",
    {"recorded": (int | None, "How many pieces of feedback were recorded; null when refused.")},
)  # fmt: skip


SetServiceReviewCadencePayload = payload(
    "SetServiceReviewCadencePayload", "service", Service,
    "The service with its review cadence and next review; null when refused.",
)  # fmt: skip


def _review_payload(name: str, description: str):
    return payload(name, "service_review", ServiceReview, description)


OpenServiceReviewPayload = _review_payload(
    "OpenServiceReviewPayload", "The draft review; null when refused."
)
UpdateServiceReviewPayload = _review_payload(
    "UpdateServiceReviewPayload", "The review as changed; null when refused."
)
HoldServiceReviewPayload = _review_payload(
    "HoldServiceReviewPayload",
    "The held review with its frozen metric snapshot and satisfaction; null when refused.",
)
CloseServiceReviewPayload = _review_payload(
    "CloseServiceReviewPayload", "The closed review; null when refused."
)
RemoveReviewFindingPayload = _review_payload(
    "RemoveReviewFindingPayload", "The review without the finding; null when refused."
)
AddReviewFindingPayload = payload(
    "AddReviewFindingPayload", "finding", ReviewFinding, "The finding noted; null when refused."
)
ResolveReviewFindingPayload = payload(
    "ResolveReviewFindingPayload", "finding", ReviewFinding,
    "The finding with its outcome (and the initiative or suggestion it became); null when "
    "refused.",
)  # fmt: skip
