"""The levels of the objectives tree as a GraphQL enum."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

ObjectiveLevel = described(
    enums.ObjectiveLevel,
    "Vision > strategy > tactical goal > operational goal.",
    {
        "VISION": "The vision: the top of the tree, the only level without a parent.",
        "STRATEGY": "A strategy, below the vision.",
        "TACTICAL": "A tactical goal, below a strategy or the vision.",
        "OPERATIONAL": "An operational goal, the lowest level, below any higher one.",
    },
)
