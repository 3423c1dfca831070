"""The portfolio area of the web door: the portfolio page with the committee's decisions, and
the portfolio forms of a service's page."""

from __future__ import annotations

from server.web.core.routing import SIGNED_IN, page
from server.web.portfolio import portfolio

SERVICE = {"id": "Service"}

ROUTES = [
    page("/portfolio", portfolio.portfolio_page, needs=SIGNED_IN, name="portfolio"),
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
