"""The payloads of the suggestions' mutations: the suggestion as changed, or the errors."""

from __future__ import annotations

from schema.core.mutations import payload
from schema.engagement.types import Suggestion


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
