"""Why someone is told of something, as a GraphQL enum."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

NotificationKind = described(
    enums.NotificationKind,
    "Why someone is told of something.",
    {
        "AWAITING_DECISION": "Something waits for the viewer's decision (an approval, a budget, "
        "a suggestion to triage).",
        "DECIDED": "A decision was made on the viewer's initiative or suggestion.",
        "MENTIONED": "A comment mentions the viewer.",
        "COMMENTED": "Someone commented on a thing the viewer watches.",
        "CHANGED": "A thing the viewer watches moved on (a step of its lifecycle).",
        "REMINDER": "Something of the viewer's is overdue (a status update, a planned end, a "
        "target date, a review), or a decision has waited too long for them.",
    },
)

MailDelivery = described(
    enums.MailDelivery,
    "How someone wants one kind of notification by e-mail.",
    {
        "IMMEDIATE": "A mail at once.",
        "DIGEST": "Gathered in one mail a day, at the person's digest hour.",
        "OFF": "In the app only.",
    },
)
