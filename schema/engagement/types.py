"""Suggestions (ideas for improvement sent to the plan they concern), stakeholders (with the
services they use), feedback, and service reviews with their frozen metrics and findings."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.core.nodes import Node
from schema.core.pagination import Connection, page
from schema.engagement.enums import (
    FeedbackChannel,
    FindingOutcome,
    ReviewStatus,
    StakeholderKind,
    SuggestionSource,
    SuggestionStatus,
)
from schema.metrics.enums import Rag, Trend
from schema.plans.enums import PlanKind

if TYPE_CHECKING:
    from schema.balance.types import BalanceAssessment
    from schema.collaboration.types import Comment
    from schema.initiatives.types import Initiative
    from schema.metrics.types import Metric
    from schema.people.types import Person
    from schema.plans.types import Plan
    from schema.services.types import Process, Service

# Types of other areas, resolved when the schema is built.
CommentRef = Annotated["Comment", strawberry.lazy("schema.collaboration.types")]
BalanceAssessmentRef = Annotated["BalanceAssessment", strawberry.lazy("schema.balance.types")]
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
MetricRef = Annotated["Metric", strawberry.lazy("schema.metrics.types")]
PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
PlanRef = Annotated["Plan", strawberry.lazy("schema.plans.types")]
ProcessRef = Annotated["Process", strawberry.lazy("schema.services.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]


@strawberry.type(
    description="An idea for improvement sent to the plan it concerns, where the plan's owner "
    "triages it. Anyone signed in may submit one, with a role or without. A suggestion to a "
    "confidential plan is seen only by its author and by those who may see the plan."
)
class Suggestion(Node):
    title: str = strawberry.field(description="A short name (at most 200 characters).")
    description: str = strawberry.field(
        description="The idea and why it matters; empty when nothing was written."
    )
    plan_kind: PlanKind = strawberry.field(description="The kind of plan it was sent to.")
    status: SuggestionStatus = strawberry.field(description="Where it stands.")
    source: SuggestionSource = strawberry.field(description="Where the idea came from.")
    triage_note: str = strawberry.field(
        description="What the plan's owner said: the question (needs information), the reason "
        "(declined) or a note (accepted, merged); the author's reason when withdrawn."
    )
    created_at: datetime = strawberry.field(description="When it was submitted.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    decided_at: datetime | None = strawberry.field(
        description="When it was accepted, declined, merged or withdrawn; null while open."
    )
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion` to detect a change "
        "made since you read it."
    )
    plan: PlanRef | None = strawberry.field(
        description="The plan whose inbox it is in; null when that plan is hidden from the "
        "viewer (the author of a suggestion to a confidential plan)."
    )
    service: ServiceRef | None = strawberry.field(
        description="The service it concerns, if it names one."
    )
    process: ProcessRef | None = strawberry.field(
        description="The process it concerns, if it names one."
    )
    source_metric: MetricRef | None = strawberry.field(
        description="The metric it came from (source METRIC), when the viewer may see it."
    )
    source_feedback: Feedback | None = strawberry.field(
        description="The feedback it came from (source FEEDBACK)."
    )
    source_finding: ReviewFinding | None = strawberry.field(
        description="The service review finding it came from (source REVIEW_FINDING)."
    )
    source_assessment: BalanceAssessmentRef | None = strawberry.field(
        description="The balance assessment it came from (source BALANCE_ASSESSMENT)."
    )
    author: PersonRef | None = strawberry.field(
        description="Who submitted it; null if that person was removed."
    )
    decided_by: PersonRef | None = strawberry.field(
        description="Who accepted, declined or merged it; null while open."
    )
    initiative: InitiativeRef | None = strawberry.field(
        description="The initiative it became (accepted) or was merged into, when the viewer "
        "may see it."
    )
    merged_into: Suggestion | None = strawberry.field(
        description="The suggestion it was merged into, if it was merged into one."
    )
    support_count: int = strawberry.field(
        description="How many people support it besides its author (the demand for it)."
    )
    viewer_supports: bool = strawberry.field(description="Whether the viewer supports it.")
    viewer_may_support: bool = strawberry.field(
        description="Whether the viewer may add or take back support: it is open, it is not "
        "their own, and the token may write."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may edit or withdraw it: its author, while it is open."
    )
    viewer_may_triage: bool = strawberry.field(
        description="Whether the viewer may accept, decline, merge it or ask for information: "
        "the owner of its plan, while it is open."
    )
    available_actions: list[str] = strawberry.field(
        description="The steps the viewer may take with it now, by mutation name without "
        "`Suggestion` (e.g. ACCEPT, DECLINE, MERGE, REQUEST_INFORMATION, EDIT, WITHDRAW, "
        "SUPPORT, UNSUPPORT)."
    )
    comments: Connection[CommentRef] = page(
        "What people wrote about it, oldest first, with the people each comment mentions."
    )
    viewer_watches: bool = strawberry.field(
        description="Whether the viewer hears of its comments and changes (`setWatching`): its "
        "owner or author does unless they stopped; anyone else once they watch or take part."
    )


@strawberry.type(description="How many visible suggestions one plan holds in one state.")
class SuggestionCount:
    plan: PlanRef | None = strawberry.field(
        description="The plan; null for suggestions to a plan hidden from the viewer (their own)."
    )
    status: SuggestionStatus = strawberry.field(description="The state counted.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(
    description="A customer, business unit, user group, supplier or internal team the provider "
    "keeps a relationship with, and the services it uses."
)
class Stakeholder(Node):
    name: str = strawberry.field(description="Its name; unique.")
    kind: StakeholderKind = strawberry.field(description="What kind of stakeholder it is.")
    contact: str = strawberry.field(
        description="How to reach it (a person, an address, a number); empty when not known."
    )
    description: str = strawberry.field(
        description="Who it is and what it needs; empty when nothing was written."
    )
    created_at: datetime = strawberry.field(description="When it was registered.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion` to detect a change "
        "made since you read it."
    )
    relationship_owner: PersonRef | None = strawberry.field(
        description="Who keeps the relationship (often a business relationship manager); null "
        "when nobody does."
    )
    services: list[StakeholderRelationship] = strawberry.field(
        description="The services it uses, by service name."
    )
    feedback: Connection[Feedback] = page("The feedback it gave, newest first.")
    reviews: Connection[ServiceReview] = page(
        "The service reviews it took part in, the latest first."
    )
    suggestions: Connection[Suggestion] = page(
        "The suggestions raised from its feedback, as the viewer may see them, newest first."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may change it and its service relationships "
        "(administrators, business relationship managers, its relationship owner), with a "
        "token that may write."
    )


@strawberry.type(description="A stakeholder's use of a service.")
class StakeholderRelationship:
    stakeholder: Stakeholder = strawberry.field(description="The stakeholder.")
    service: ServiceRef = strawberry.field(description="The service it uses.")
    since: date | None = strawberry.field(description="Since when; null when not known.")
    notes: str = strawberry.field(
        description="Notes on the relationship; empty when nothing was written."
    )


@strawberry.type(
    description="What a stakeholder (or a person) said of a service: a satisfaction score from 1 "
    "to 5, a comment and the channel. The service's satisfaction metric is computed from it."
)
class Feedback(Node):
    given_on: date = strawberry.field(description="The day it was given.")
    score: int = strawberry.field(description="Satisfaction, 1 (very unhappy) to 5 (delighted).")
    comment: str = strawberry.field(description="What was said; empty when nothing was.")
    channel: FeedbackChannel = strawberry.field(description="How it was given.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    service: ServiceRef = strawberry.field(description="The service it is about.")
    stakeholder: Stakeholder | None = strawberry.field(
        description="The stakeholder who gave it; null when a person gave it for themselves."
    )
    person: PersonRef | None = strawberry.field(description="The person who gave it, if named.")
    recorded_by: PersonRef | None = strawberry.field(description="Who recorded it.")
    suggestions: Connection[Suggestion] = page(
        "Suggestions raised from it, as the viewer may see them."
    )


@strawberry.type(description="A service's satisfaction in one month, from its feedback.")
class SatisfactionPeriod:
    service: ServiceRef = strawberry.field(description="The service.")
    month: date = strawberry.field(description="The month's first day.")
    average: float = strawberry.field(
        description="The average score, 1 to 5, to two decimals (the satisfaction metric's value "
        "for the month)."
    )
    responses: int = strawberry.field(description="How many pieces of feedback were given.")


@strawberry.type(
    description="A review of one service with its stakeholders over a period: who took part, "
    "the service's metrics and the period's satisfaction frozen when it was held, notes and "
    "findings. draft → held → closed; it closes once every finding has its outcome."
)
class ServiceReview(Node):
    period_start: date = strawberry.field(description="The first day of the period it covers.")
    period_end: date = strawberry.field(description="The last day of the period it covers.")
    scheduled_on: date = strawberry.field(description="The day it is (or was) planned for.")
    held_on: date | None = strawberry.field(description="The day it was held; null while a draft.")
    status: ReviewStatus = strawberry.field(description="Where it stands.")
    notes: str = strawberry.field(description="What was discussed; empty when nothing was written.")
    satisfaction_average: float | None = strawberry.field(
        description="The average feedback score (1 to 5) received in the period, frozen when it "
        "was held; null while a draft, or when no feedback came in the period."
    )
    satisfaction_responses: int | None = strawberry.field(
        description="How many pieces of feedback came in the period, frozen when it was held; "
        "null while a draft."
    )
    created_at: datetime = strawberry.field(description="When it was opened.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion` to detect a change "
        "made since you read it."
    )
    overdue: bool = strawberry.field(
        description="Whether it is still a draft after the day it was planned for."
    )
    service: ServiceRef = strawberry.field(description="The service reviewed.")
    opened_by: PersonRef | None = strawberry.field(description="Who opened it.")
    people: Connection[PersonRef] = page("The people who take (or took) part, by name.")
    stakeholders: Connection[Stakeholder] = page("The stakeholders taking part, by name.")
    metric_snapshot: list[ReviewMetricSnapshot] = strawberry.field(
        description="The service's metrics as they stood when it was held, by name; empty "
        "while a draft (the service's `metrics` show them live)."
    )
    findings: Connection[ReviewFinding] = page("What it found, in the order noted.")
    viewer_may_run: bool = strawberry.field(
        description="Whether the viewer may change it, hold it, close it and decide its "
        "findings (the service's owner, its improvement plan's maintainers, administrators, "
        "and the relationship owner of a stakeholder taking part), with a token that may write."
    )
    available_actions: list[str] = strawberry.field(
        description="The steps the viewer may take with it now: UPDATE, ADD_FINDING, HOLD, "
        "RESOLVE_FINDING, CLOSE."
    )
    comments: Connection[CommentRef] = page(
        "What people wrote about it, oldest first, with the people each comment mentions."
    )
    viewer_watches: bool = strawberry.field(
        description="Whether the viewer hears of its comments and changes (`setWatching`): its "
        "owner or author does unless they stopped; anyone else once they watch or take part."
    )


@strawberry.type(
    description="One of the service's metrics as it stood when the review was held (copied, "
    "so it shows what was seen then)."
)
class ReviewMetricSnapshot:
    metric_name: str = strawberry.field(description="The metric's name then.")
    unit: str = strawberry.field(description="Its unit.")
    status: Rag = strawberry.field(description="Its status then.")
    reason: str = strawberry.field(description="Why it had that status, in words.")
    latest_value: float | None = strawberry.field(description="Its latest value then.")
    target_value: float | None = strawberry.field(description="Its target then.")
    trend: Trend = strawberry.field(description="Where it was heading then.")
    metric: MetricRef | None = strawberry.field(
        description="The metric today, when it still exists and the viewer may see it."
    )


@strawberry.type(
    description="Something a service review found, and what became of it: an improvement in the "
    "service's plan, a suggestion to another plan, or noted with no action and a reason."
)
class ReviewFinding(Node):
    title: str = strawberry.field(description="A short name (at most 200 characters).")
    description: str = strawberry.field(description="What was found; may be empty.")
    outcome: FindingOutcome | None = strawberry.field(
        description="What became of it; null until decided."
    )
    outcome_note: str = strawberry.field(
        description="The reason (no action) or a note on the decision; may be empty."
    )
    created_at: datetime = strawberry.field(description="When it was noted.")
    decided_at: datetime | None = strawberry.field(description="When its outcome was decided.")
    review: ServiceReview = strawberry.field(description="The review that found it.")
    raised_by: PersonRef | None = strawberry.field(description="Who noted it.")
    decided_by: PersonRef | None = strawberry.field(description="Who decided its outcome.")
    initiative: InitiativeRef | None = strawberry.field(
        description="The initiative it became (outcome IMPROVEMENT), when the viewer may see it."
    )
    suggestion: Suggestion | None = strawberry.field(
        description="The suggestion raised from it (outcome SUGGESTION), when the viewer may "
        "see it."
    )
