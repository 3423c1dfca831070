"""Where portfolio decisions come from (see schema/core/sources.py)."""

from __future__ import annotations

from schema.core.sources import Source
from schema.portfolio import types as t
from server.domain.core import visibility
from server.models import PortfolioDecision, SteeringMeeting

DECISION = Source(
    "PortfolioDecision",
    t.PortfolioDecision,
    PortfolioDecision,
    {
        "move": PortfolioDecision.move,
        "status": PortfolioDecision.status,
        "case": PortfolioDecision.case,
        "decision_note": PortfolioDecision.decision_note,
        "created_at": PortfolioDecision.created_at,
        "decided_at": PortfolioDecision.decided_at,
        "version": PortfolioDecision.version,
    },
    {
        "service": PortfolioDecision.service_id,
        "initiative": PortfolioDecision.initiative_id,
        "proposed_by": PortfolioDecision.proposed_by_id,
        "decided_by": PortfolioDecision.decided_by_id,
    },
    visibility.visible_portfolio,
)

MEETING = Source(
    "SteeringMeeting",
    t.SteeringMeeting,
    SteeringMeeting,
    {
        "held_on": SteeringMeeting.held_on,
        "decisions": SteeringMeeting.decisions,
        "notes": SteeringMeeting.notes,
        "created_at": SteeringMeeting.created_at,
        "updated_at": SteeringMeeting.updated_at,
        "version": SteeringMeeting.version,
    },
    {"recorded_by": SteeringMeeting.recorded_by_id},
    visibility.visible_steering_meetings,
)
