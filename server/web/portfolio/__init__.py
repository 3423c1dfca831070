"""The portfolio area of the web door: the portfolio page with the committee's decisions, the
portfolio forms of a service's page, and the steering meeting pack with its forms."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.portfolio import meeting_pack, portfolio

SERVICE = {"id": "Service"}

ROUTES = [
    page("/portfolio", portfolio.portfolio_page, needs=SIGNED_IN, name="portfolio"),
    page("/meeting-pack", meeting_pack.meeting_pack, needs=SIGNED_IN, name="meeting_pack"),
    page(
        "/meeting-pack/meetings",
        meeting_pack.record_meeting,
        needs=SIGNED_IN,
        methods=["POST"],
        name="record_meeting",
    ),
    page(
        "/meeting-pack/meetings/{meeting_id}",
        meeting_pack.update_meeting,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"meeting_id": "SteeringMeeting"},
        name="update_meeting",
    ),
    page(
        "/meeting-pack/envelopes/{plan_id}",
        meeting_pack.set_envelope,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"plan_id": "Plan"},
        name="set_budget_envelope",
    ),
    page(
        "/portfolio/decisions/{decision_id}",
        portfolio.decide,
        needs=SIGNED_IN,
        methods=["POST"],
        params={"decision_id": "PortfolioDecision"},
    ),
    page(
        "/services/{id}/portfolio-move",
        portfolio.propose,
        needs=SIGNED_IN,
        methods=["POST"],
        params=SERVICE,
    ),
    page(
        "/services/{id}/cost-and-value",
        portfolio.quantify,
        needs=SIGNED_IN,
        methods=["POST"],
        params=SERVICE,
    ),
]
