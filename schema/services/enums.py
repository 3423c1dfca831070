"""The services' vocabularies as GraphQL enums."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

ServiceLifecycle = described(
    enums.ServiceLifecycle,
    "Pipeline (planned), live (in the catalogue) or retired.",
    {
        "PIPELINE": "Planned or being built: in the service portfolio, not yet offered.",
        "LIVE": "Offered to customers: in the service catalogue.",
        "RETIRED": "No longer offered; kept for its history.",
    },
)


OfferingKind = described(
    enums.OfferingKind,
    "What an offering is made of.",
    {
        "GOODS": "Goods handed over to the customer, who then owns them, e.g. a laptop.",
        "ACCESS_TO_RESOURCES": "Access to resources the provider keeps, e.g. a mailbox.",
        "SERVICE_ACTION": "Something the provider does for the customer, e.g. a desk answering "
        "calls.",
    },
)


ReviewCadence = described(
    enums.ReviewCadence,
    "How often a service is reviewed with its stakeholders.",
    {
        "MONTHLY": "Every month.",
        "QUARTERLY": "Every three months.",
        "HALF_YEARLY": "Every six months.",
        "YEARLY": "Every year.",
    },
)
