"""The states and sources of suggestions, the kinds of stakeholders and feedback channels, and
the states of service reviews and the outcomes of their findings, as GraphQL enums."""

from __future__ import annotations

from schema.core.enums import described
from server.models import enums

SuggestionStatus = described(
    enums.SuggestionStatus,
    "Where a suggestion stands: submitted ⇄ needs information → accepted | declined | merged, "
    "or withdrawn by its author.",
    {
        "SUBMITTED": "Waiting for the plan's owner to triage it.",
        "NEEDS_INFORMATION": "The plan's owner asked its author for more (see `triageNote`); "
        "the author's next edit sends it back for triage.",
        "ACCEPTED": "It became a proposed initiative in the plan (see `initiative`).",
        "DECLINED": "The plan's owner declined it; `triageNote` says why.",
        "MERGED": "A duplicate, merged into another suggestion (`mergedInto`) or an existing "
        "initiative (`initiative`).",
        "WITHDRAWN": "Its author withdrew it.",
    },
)

SuggestionSource = described(
    enums.SuggestionSource,
    "Where the idea came from.",
    {
        "OWN_IDEA": "The suggester's own idea.",
        "METRIC": "A metric (named in `sourceMetric`), e.g. one off target.",
        "FEEDBACK": "A stakeholder's feedback on a service (named in `sourceFeedback`).",
        "REVIEW_FINDING": "A finding of a service review (named in `sourceFinding`); raised "
        "from the review with `resolveReviewFinding`.",
        "BALANCE_ASSESSMENT": "A balance assessment (named in `sourceAssessment`), e.g. a "
        "tension that drifts.",
    },
)

StakeholderKind = described(
    enums.StakeholderKind,
    "What kind of stakeholder it is.",
    {
        "CUSTOMER": "A customer organisation the services are provided to.",
        "BUSINESS_UNIT": "A part of the business (a department, a division).",
        "USER_GROUP": "A group of people who use the services (e.g. field engineers).",
        "SUPPLIER": "A supplier the services depend on.",
        "INTERNAL_TEAM": "A team inside the service provider.",
    },
)

FeedbackChannel = described(
    enums.FeedbackChannel,
    "How a piece of feedback was given.",
    {
        "REVIEW": "In a service review.",
        "SURVEY": "In a satisfaction survey.",
        "SERVICE_DESK": "Through the service desk (e.g. after a ticket).",
        "MEETING": "In a meeting or conversation.",
    },
)

ReviewStatus = described(
    enums.ReviewStatus,
    "Where a service review stands: draft → held → closed.",
    {
        "DRAFT": "Planned: its period, date and participants are set; findings may be noted.",
        "HELD": "It took place: the metrics and the period's satisfaction are frozen as they "
        "stood; each finding gets its outcome.",
        "CLOSED": "Every finding has its outcome; the record no longer changes.",
    },
)

FindingOutcome = described(
    enums.FindingOutcome,
    "What became of a review finding.",
    {
        "IMPROVEMENT": "A proposed initiative in the service's improvement plan (`initiative`).",
        "SUGGESTION": "A suggestion to another plan (`suggestion`), e.g. the strategic plan for "
        "a gap in the portfolio.",
        "NO_ACTION": "Noted, no action; `outcomeNote` says why.",
    },
)
