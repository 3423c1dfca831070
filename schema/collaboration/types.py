"""Comments, with the people they mention."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.collaboration.enums import MailDelivery, NotificationKind
from schema.core.nodes import Node
from schema.core.pagination import Connection, page
from server.domain.collaboration.mail import time_zones
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


@strawberry.type(description="How one kind of notification reaches the viewer by e-mail.")
class MailPreference:
    kind: NotificationKind = strawberry.field(description="The kind of notification.")
    delivery: MailDelivery = strawberry.field(
        description="At once, in the daily digest, or not at all (the app still shows it)."
    )


@strawberry.type(description="The viewer's choices for notifications by e-mail.")
class MailSettings:
    enabled: bool = strawberry.field(
        description="Whether this server sends mail at all (STEWARD_SMTP_URL is set); when it "
        "does not, the choices are kept for when it will."
    )
    address: str = strawberry.field(description="Where the mails go: the viewer's e-mail.")
    preferences: list[MailPreference] = strawberry.field(
        description="Every kind of notification, with how it is mailed (the default until "
        "chosen: decisions awaited, decisions made and mentions at once; the rest in the digest)."
    )
    digest_hour: int = strawberry.field(
        description="The hour (0 to 23, in `timeZone`) the daily digest goes, if it has anything."
    )
    time_zone: str = strawberry.field(description="The viewer's time zone, e.g. Europe/London.")

    @strawberry.field(description="The time zones one may choose, UTC first.")
    def time_zones(self) -> list[str]:
        return list(time_zones())
