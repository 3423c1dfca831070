"""Comments, with the people they mention."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.collaboration.enums import NotificationKind
from schema.core.nodes import Node
from schema.core.pagination import Connection, page
from server.domain.core.markdown import to_html

if TYPE_CHECKING:
    from schema.balance.types import BalanceAssessment
    from schema.engagement.types import ServiceReview, Suggestion
    from schema.initiatives.types import Initiative
    from schema.metrics.types import Metric
    from schema.people.types import Person

PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]
SuggestionRef = Annotated["Suggestion", strawberry.lazy("schema.engagement.types")]
ServiceReviewRef = Annotated["ServiceReview", strawberry.lazy("schema.engagement.types")]
MetricRef = Annotated["Metric", strawberry.lazy("schema.metrics.types")]
BalanceAssessmentRef = Annotated["BalanceAssessment", strawberry.lazy("schema.balance.types")]


@strawberry.type(
    description="What someone wrote about an initiative, a suggestion, a metric, a service "
    "review or a balance assessment (exactly one of those fields is set)."
)
class Comment(Node):
    body: str = strawberry.field(description="What was written, in Markdown.")
    author_name: str = strawberry.field(description="Who wrote it, as they were named then.")
    created_at: datetime = strawberry.field(description="When it was written.")
    edited_at: datetime | None = strawberry.field(
        description="When its author last changed it; null if never."
    )
    version: int = strawberry.field(
        description="Grows with every change; send it as `expectedVersion`."
    )
    author: PersonRef | None = strawberry.field(
        description="Who wrote it; null when their account is gone."
    )
    mentions: Connection[PersonRef] = page("The people it mentions, by name.")
    initiative: InitiativeRef | None = strawberry.field(description="The initiative it is about.")
    suggestion: SuggestionRef | None = strawberry.field(description="The suggestion it is about.")
    metric: MetricRef | None = strawberry.field(description="The metric it is about.")
    service_review: ServiceReviewRef | None = strawberry.field(
        description="The service review it is about."
    )
    balance_assessment: BalanceAssessmentRef | None = strawberry.field(
        description="The balance assessment it is about."
    )
    viewer_may_edit: bool = strawberry.field(
        description="Whether the viewer may change it (its author), with a token that may write."
    )
    viewer_may_delete: bool = strawberry.field(
        description="Whether the viewer may delete it (its author, administrators), with a token "
        "that may write."
    )

    @strawberry.field(
        description="The body as HTML: the Markdown rendered, and sanitised (no scripts, no "
        "event handlers, only http, https and mailto links)."
    )
    def body_html(self) -> str:
        return to_html(self.__dict__.get("body") or "")


@strawberry.type(
    description="Something the viewer should know, about one thing (exactly one of "
    "`initiative`, `suggestion`, `metric`, `serviceReview`, `balanceAssessment` is set)."
)
class Notification(Node):
    kind: NotificationKind = strawberry.field(description="Why the viewer is told.")
    message: str = strawberry.field(
        description="What happened, in words, as it was written when it happened."
    )
    actor_name: str = strawberry.field(description="Who did it, as they were named then.")
    created_at: datetime = strawberry.field(description="When it happened.")
    read_at: datetime | None = strawberry.field(
        description="When the viewer marked it read; null while unread."
    )
    link: str = strawberry.field(
        description="The path of the page it is about on this site (at the comment, for one "
        "about a comment)."
    )
    initiative: InitiativeRef | None = strawberry.field(description="The initiative it is about.")
    suggestion: SuggestionRef | None = strawberry.field(description="The suggestion it is about.")
    metric: MetricRef | None = strawberry.field(description="The metric it is about.")
    service_review: ServiceReviewRef | None = strawberry.field(
        description="The service review it is about."
    )
    balance_assessment: BalanceAssessmentRef | None = strawberry.field(
        description="The balance assessment it is about."
    )
    comment: Comment | None = strawberry.field(description="The comment it is about, if any.")
