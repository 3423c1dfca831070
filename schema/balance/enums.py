"""The tensions of service operation as a GraphQL enum."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

Tension = described(
    enums.Tension,
    "The four balances of service operation. A score leans toward the first-named pole when "
    "negative (down to -3) and the second when positive (up to +3); 0 is balanced.",
    {
        "INTERNAL_EXTERNAL": "The internal IT view (services as technology components) against "
        "the external business view (services as the customers experience them).",
        "STABILITY_RESPONSIVENESS": "Stability (protecting what runs) against responsiveness "
        "(changing quickly as the business asks).",
        "QUALITY_COST": "The quality of service against its cost.",
        "REACTIVE_PROACTIVE": "Reacting to what happened against acting before it happens.",
    },
)
