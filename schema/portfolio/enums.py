"""The portfolio's moves and the states of a decision as GraphQL enums."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

PortfolioMove = described(
    enums.PortfolioMove,
    "How a service moves through the portfolio.",
    {
        "CHARTER": "A retired service back into the pipeline (it may name the strategic "
        "initiative that builds it).",
        "GO_LIVE": "From the pipeline into the catalogue.",
        "RETIRE": "From the pipeline or the catalogue out of service.",
    },
)

DecisionStatus = described(
    enums.DecisionStatus,
    "Where a portfolio decision stands.",
    {
        "PROPOSED": "Waiting for the steering committee.",
        "APPROVED": "Decided: the service moved.",
        "REJECTED": "Decided against; `decisionNote` says why.",
    },
)
