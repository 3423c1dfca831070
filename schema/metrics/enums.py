"""The metrics' vocabularies as GraphQL enums: direction, frequency, status, trend,
and the pending changes' kind and status."""

from __future__ import annotations

from schema.core.enums import described
from server.domain.metrics import analysis
from server.models import changes, enums

Direction = described(
    enums.Direction,
    "Whether a metric improves as it goes up or down.",
    {
        "UP": "Higher is better, e.g. availability.",
        "DOWN": "Lower is better, e.g. the time to resolve an incident.",
    },
)


MeasurementFrequency = described(
    enums.MeasurementFrequency,
    "How often a metric is measured: the next measurement is due one period after the latest.",
    {
        "DAILY": "Every day.",
        "WEEKLY": "Every week.",
        "MONTHLY": "Every calendar month (the default).",
        "QUARTERLY": "Every three calendar months.",
    },
)


Rag = described(
    analysis.Rag,
    "Red, amber or green; none when there is nothing to judge yet.",
    {
        "RED": "A metric short of its target beyond the amber tolerance; a schedule past its "
        "planned end and not finished.",
        "AMBER": "A metric short of its target within the amber tolerance; a schedule due within "
        "14 days.",
        "GREEN": "A metric that meets its target; a schedule more than 14 days from its planned "
        "end.",
        "NONE": "Nothing to judge: a metric with no measurement or no target; a schedule with no "
        "planned end, or finished work.",
    },
)


Trend = described(
    analysis.Trend,
    "Where the latest measurements are heading.",
    {
        "IMPROVING": "The latest measurements move the way the metric's direction calls better.",
        "WORSENING": "The latest measurements move the wrong way.",
        "FLAT": "The latest measurements barely move (less than 2% of the baseline-to-target "
        "span).",
        "UNKNOWN": "Fewer than three measurements: no trend yet.",
    },
)


ChangeKind = described(
    changes.ChangeKind,
    "What a pending change alters: an initiative's approved BUDGET, or the TARGET of a metric "
    "that judges approved work.",
    {
        "BUDGET": "A new approved budget for an initiative, decided by the steering committee.",
        "TARGET": "A new target for a metric that judges approved work, decided by the owner role "
        "of that work's plan.",
    },
)


ChangeStatus = described(
    changes.ChangeStatus,
    "Where a pending change stands with its approver.",
    {
        "PENDING": "Waits for the approver; the approved value stays in force.",
        "ACCEPTED": "Accepted: the new value took effect.",
        "REJECTED": "Rejected with a reason (or settled when its work closed); the approved value "
        "stays.",
    },
)


MetricPerspective = described(
    enums.MetricPerspective,
    "What a metric looks at: the evidence of the balance between the internal IT view and the "
    "external business view.",
    {
        "CUSTOMER_OUTCOME": "What customers and users experience (satisfaction, availability as "
        "experienced, time to get help).",
        "QUALITY": "The quality of the service or the work (first-time fixes, defects).",
        "COST": "What it costs.",
        "COMPONENT": "One technical component or system (a server's uptime, a queue's length).",
    },
)
