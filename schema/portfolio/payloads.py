"""The payloads of the portfolio's mutations: what changed, or the errors."""

from __future__ import annotations

from schema.core.mutations import payload
from schema.portfolio.types import PortfolioDecision, SteeringMeeting
from schema.services.types import Service

ProposePortfolioDecisionPayload = payload(
    "ProposePortfolioDecisionPayload", "decision", PortfolioDecision,
    "The proposal, waiting for the steering committee; null when refused.",
)  # fmt: skip
DecidePortfolioDecisionPayload = payload(
    "DecidePortfolioDecisionPayload", "decision", PortfolioDecision,
    "The decision (its `service` moved when approved); null when refused.",
)  # fmt: skip
QuantifyServicePayload = payload(
    "QuantifyServicePayload", "service", Service,
    "The service with its cost and value; null when refused.",
)  # fmt: skip
RecordSteeringMeetingPayload = payload(
    "RecordSteeringMeetingPayload", "meeting", SteeringMeeting,
    "The meeting recorded; null when refused.",
)  # fmt: skip
UpdateSteeringMeetingPayload = payload(
    "UpdateSteeringMeetingPayload", "meeting", SteeringMeeting,
    "The meeting as changed; null when refused.",
)  # fmt: skip
