"""A role's part in a process activity as a GraphQL enum."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

Responsibility = described(
    enums.Responsibility,
    "A role's part in a process activity (RACI).",
    {
        "ACCOUNTABLE": "Answers for the activity: always, and only, the process owner.",
        "RESPONSIBLE": "Does the work (the process manager, practitioners or another role).",
        "CONSULTED": "Is asked before or during the work.",
        "INFORMED": "Is told of the outcome.",
    },
)
