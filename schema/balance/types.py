"""Balance assessments (with the evidence for each tension, computed from the data), the drift
of a tension, and the guidelines for resolving each."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.balance.enums import Tension
from schema.core.nodes import Node
from schema.core.pagination import Connection, page

if TYPE_CHECKING:
    from schema.collaboration.types import Comment
    from schema.engagement.types import Suggestion
    from schema.people.types import Person
    from schema.services.types import Service

CommentRef = Annotated["Comment", strawberry.lazy("schema.collaboration.types")]
PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]
SuggestionRef = Annotated["Suggestion", strawberry.lazy("schema.engagement.types")]


@strawberry.type(description="One tension of an assessment: its score and the evidence for it.")
class BalanceScore:
    tension: Tension = strawberry.field(description="Which tension.")
    score: int = strawberry.field(
        description="-3 (toward the first-named pole) to +3 (toward the second); 0 balanced."
    )
    leaning: str = strawberry.field(
        description="The score in words, e.g. 'leans toward reactive (-2)' or 'balanced'."
    )
    evidence: str = strawberry.field(
        description="What the assessors saw; empty when nothing was written."
    )


@strawberry.type(
    description="What Steward's data says about a tension over a period, so a score is not a "
    "guess: the indicator in words, and how it is computed."
)
class BalanceIndicator:
    tension: Tension = strawberry.field(description="Which tension.")
    summary: str = strawberry.field(description="The indicator for the period, in words.")
    how: str = strawberry.field(description="How the indicator is computed.")


@strawberry.type(
    description="A tension that moved away from balance, the same way, in each of the last two "
    "intervals between assessments."
)
class BalanceDrift:
    tension: Tension = strawberry.field(description="Which tension.")
    reason: str = strawberry.field(description="Why it is flagged, with the scores.")


@strawberry.type(
    description="Where the whole organisation, or one service, stood on each of the four "
    "tensions of service operation over a period, with the evidence."
)
class BalanceAssessment(Node):
    period_start: date = strawberry.field(description="The first day of the period assessed.")
    period_end: date = strawberry.field(description="The last day of the period assessed.")
    assessed_on: date = strawberry.field(description="The day of the assessment.")
    internal_external: int = strawberry.field(
        description="-3 (the internal IT view) to +3 (the external business view)."
    )
    stability_responsiveness: int = strawberry.field(
        description="-3 (stability) to +3 (responsiveness)."
    )
    quality_cost: int = strawberry.field(description="-3 (quality) to +3 (cost).")
    reactive_proactive: int = strawberry.field(description="-3 (reactive) to +3 (proactive).")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion` to detect a change "
        "made since you read it."
    )
    service: ServiceRef | None = strawberry.field(
        description="The service assessed; null for the whole organisation."
    )
    recorded_by: PersonRef | None = strawberry.field(description="Who recorded it.")
    assessors: Connection[PersonRef] = page("The people who assessed, by name.")
    scores: list[BalanceScore] = strawberry.field(
        description="The four tensions in the seed's order, each with its score and evidence."
    )
    indicators: list[BalanceIndicator] = strawberry.field(
        description="What the data says about each tension over its period, computed now."
    )
    suggestions: Connection[SuggestionRef] = page(
        "Suggestions raised from it, as the viewer may see them."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may correct it, with a token that may write."
    )
    comments: Connection[CommentRef] = page(
        "What people wrote about it, oldest first, with the people each comment mentions."
    )
    viewer_watches: bool = strawberry.field(
        description="Whether the viewer hears of its comments and changes (`setWatching`): its "
        "owner or author does unless they stopped; anyone else once they watch or take part."
    )


@strawberry.type(
    description="A rule the organisation agreed for resolving one tension, kept by an owner who "
    "reviews it by a date."
)
class BalanceGuideline(Node):
    tension: Tension = strawberry.field(description="The tension it resolves.")
    statement: str = strawberry.field(description="The rule, e.g. 'No change freeze longer…'.")
    review_on: date = strawberry.field(description="When it is next reviewed.")
    review_due: bool = strawberry.field(description="Whether its review day has come.")
    created_at: datetime = strawberry.field(description="When it was agreed.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion`."
    )
    owner: PersonRef | None = strawberry.field(description="Who keeps it.")
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may change it (its owner, the steering committee, the "
        "service strategy manager, administrators), with a token that may write."
    )
