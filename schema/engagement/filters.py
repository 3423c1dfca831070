"""Filtering and sorting lists of suggestions: the filter input, the orderings and the one
place that turns them into SQL conditions, for the root list, nested lists and
`suggestionStats` alike; and the filters of stakeholders, feedback and service reviews, with
the orderings of service reviews."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, case, func, select
from strawberry.types import Info

from schema.core.enums import OrderDirection
from schema.core.filters import (
    DirectionArgument,
    database_ids,
    enum_values,
    order_clause,
    search_pattern,
)
from schema.core.pagination import After, Before, First, Last, prefetched, reads_prefetch
from schema.engagement.enums import ReviewStatus, StakeholderKind, SuggestionStatus
from schema.plans.enums import PlanKind
from server.models import (
    Feedback,
    Plan,
    Service,
    ServiceReview,
    ServiceReviewStakeholder,
    Stakeholder,
    StakeholderService,
    Suggestion,
    SuggestionSupport,
)
from server.models import enums as model_enums


@strawberry.input(
    description="Narrow a list of suggestions: every field given must match; a field left out "
    "or null does not narrow, an empty list matches nothing."
)
class SuggestionFilter:
    plan: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only suggestions sent to these plans (global ids)."
    )
    status: list[SuggestionStatus] | None = strawberry.field(
        default=None, description="Only suggestions in these states."
    )
    kind: list[PlanKind] | None = strawberry.field(
        default=None, description="Only suggestions sent to plans of these kinds."
    )
    service: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only suggestions naming these services (global ids)."
    )
    process: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only suggestions naming these processes (global ids)."
    )
    author: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only suggestions submitted by these people (global ids)."
    )
    search: str | None = strawberry.field(
        default=None, description="Text found in the title, in any case."
    )


@strawberry.enum(description="What to sort suggestions by.")
class SuggestionOrderBy(Enum):
    ID = strawberry.enum_value(
        "id", description="The order they were submitted in (the id), which also breaks ties."
    )
    TITLE = strawberry.enum_value("title", description="Title, alphabetically.")
    UPDATED = strawberry.enum_value("updated", description="When they last changed.")
    SUPPORT = strawberry.enum_value("support", description="How many people support them.")


SuggestionFilterArgument = Annotated[
    SuggestionFilter | None,
    strawberry.argument(description="Only the suggestions that match; null: all of them."),
]
SuggestionOrderArgument = Annotated[
    SuggestionOrderBy, strawberry.argument(description="What to sort the suggestions by.")
]


def _support_count() -> Any:
    return (
        select(func.count())
        .where(SuggestionSupport.suggestion_id == Suggestion.id)
        .correlate(Suggestion)
        .scalar_subquery()
    )


SUGGESTION_ORDER = {
    "id": [],
    "title": [Suggestion.title],
    "updated": [Suggestion.updated_at],
    "support": [_support_count()],
}


def suggestion_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if (plans := database_ids(f.get("plan"), "Plan", "plan")) is not None:
        conditions.append(Suggestion.plan_id.in_(plans))
    if f.get("status") is not None:
        conditions.append(Suggestion.status.in_(enum_values(f["status"])))
    if f.get("kind") is not None:
        kinds = select(Plan.id).where(Plan.kind.in_(enum_values(f["kind"])))
        conditions.append(Suggestion.plan_id.in_(kinds))
    if (services := database_ids(f.get("service"), "Service", "service")) is not None:
        conditions.append(Suggestion.service_id.in_(services))
    if (processes := database_ids(f.get("process"), "Process", "process")) is not None:
        conditions.append(Suggestion.process_id.in_(processes))
    if (authors := database_ids(f.get("author"), "Person", "author")) is not None:
        conditions.append(Suggestion.author_id.in_(authors))
    if (pattern := search_pattern(f.get("search"), "filter.search")) is not None:
        conditions.append(Suggestion.title.ilike(pattern, escape="\\"))
    return conditions


def suggestion_filters(args: dict) -> list:
    return suggestion_conditions(args.get("filter"))


def suggestion_order(args: dict) -> list:
    return order_clause(SUGGESTION_ORDER, Suggestion.id, args)


@reads_prefetch
def _suggestion_page(
    root, info: Info, first: First = None, after: After = None, last: Last = None,
    before: Before = None, filter: SuggestionFilterArgument = None,
    order_by: SuggestionOrderArgument = SuggestionOrderBy.ID,
    direction: DirectionArgument = OrderDirection.ASC,
):  # fmt: skip
    return prefetched(root, info)


def suggestion_page(description: str) -> Any:
    """A nested list of suggestions with the root list's filter and ordering arguments."""
    return strawberry.field(resolver=_suggestion_page, description=description)


@strawberry.input(description="Narrow a list of stakeholders: every field given must match.")
class StakeholderFilter:
    kind: list[StakeholderKind] | None = strawberry.field(
        default=None, description="Only stakeholders of these kinds."
    )
    service: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only stakeholders using any of these services (global ids)."
    )
    relationship_owner: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only stakeholders whose relationship these people own."
    )
    search: str | None = strawberry.field(
        default=None, description="Text found in the name, in any case."
    )


StakeholderFilterArgument = Annotated[
    StakeholderFilter | None,
    strawberry.argument(description="Only the stakeholders that match; null: all of them."),
]


def stakeholder_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if f.get("kind") is not None:
        conditions.append(Stakeholder.kind.in_(enum_values(f["kind"])))
    if (services := database_ids(f.get("service"), "Service", "service")) is not None:
        conditions.append(
            Stakeholder.id.in_(
                select(StakeholderService.stakeholder_id).where(
                    StakeholderService.service_id.in_(services)
                )
            )
        )
    owners = database_ids(f.get("relationship_owner"), "Person", "relationshipOwner")
    if owners is not None:
        conditions.append(Stakeholder.relationship_owner_id.in_(owners))
    if (pattern := search_pattern(f.get("search"), "filter.search")) is not None:
        conditions.append(Stakeholder.name.ilike(pattern, escape="\\"))
    return conditions


@strawberry.input(description="Narrow a list of feedback: every field given must match.")
class FeedbackFilter:
    service: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only feedback on these services (global ids)."
    )
    stakeholder: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only feedback from these stakeholders (global ids)."
    )
    since: date | None = strawberry.field(
        default=None, description="Only feedback given on or after this day."
    )
    until: date | None = strawberry.field(
        default=None, description="Only feedback given before this day."
    )


FeedbackFilterArgument = Annotated[
    FeedbackFilter | None,
    strawberry.argument(description="Only the feedback that matches; null: all of it."),
]


def feedback_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if (services := database_ids(f.get("service"), "Service", "service")) is not None:
        conditions.append(Feedback.service_id.in_(services))
    if (
        stakeholders := database_ids(f.get("stakeholder"), "Stakeholder", "stakeholder")
    ) is not None:
        conditions.append(Feedback.stakeholder_id.in_(stakeholders))
    if f.get("since") is not None:
        conditions.append(Feedback.given_on >= f["since"])
    if f.get("until") is not None:
        conditions.append(Feedback.given_on < f["until"])
    return conditions


@strawberry.input(description="Narrow a list of service reviews: every field given must match.")
class ServiceReviewFilter:
    service: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only reviews of these services (global ids)."
    )
    stakeholder: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only reviews these stakeholders take part in (global ids)."
    )
    status: list[ReviewStatus] | None = strawberry.field(
        default=None, description="Only reviews in these states."
    )
    due: bool | None = strawberry.field(
        default=None,
        description="true: only drafts whose planned day has come (today or earlier); false: "
        "only the others.",
    )
    since: date | None = strawberry.field(
        default=None, description="Only reviews planned on or after this day."
    )
    until: date | None = strawberry.field(
        default=None, description="Only reviews planned before this day."
    )


ServiceReviewFilterArgument = Annotated[
    ServiceReviewFilter | None,
    strawberry.argument(description="Only the reviews that match; null: all of them."),
]


@strawberry.enum(description="What to sort service reviews by.")
class ServiceReviewOrderBy(Enum):
    SCHEDULED = strawberry.enum_value(
        "scheduled", description="The day they are planned for (the id breaks ties)."
    )
    PERIOD = strawberry.enum_value("period", description="The first day of the period covered.")
    SERVICE = strawberry.enum_value("service", description="The service's name, alphabetically.")
    STATUS = strawberry.enum_value(
        "status", description="State, in the order ReviewStatus lists them (DRAFT first)."
    )
    SATISFACTION = strawberry.enum_value(
        "satisfaction",
        description="The average satisfaction frozen when held; a review without one (a draft, "
        "or no feedback in its period) counts as the lowest.",
    )


ServiceReviewOrderArgument = Annotated[
    ServiceReviewOrderBy, strawberry.argument(description="What to sort the reviews by.")
]
ServiceReviewDirectionArgument = Annotated[
    OrderDirection,
    strawberry.argument(
        description="Sort ascending (ASC) or descending (DESC, the default: the latest planned "
        "first)."
    ),
]

SERVICE_REVIEW_ORDER: dict[str, list[Any]] = {
    "scheduled": [ServiceReview.scheduled_on],
    "period": [ServiceReview.period_start],
    "service": [
        select(Service.name)
        .where(Service.id == ServiceReview.service_id)
        .correlate(ServiceReview)
        .scalar_subquery()
    ],
    "status": [
        case(
            {status.value: rank for rank, status in enumerate(model_enums.ReviewStatus)},
            value=ServiceReview.status,
        )
    ],
    "satisfaction": [func.coalesce(ServiceReview.satisfaction_average, -1.0)],
}


def service_review_order(args: dict[str, Any]) -> list[Any]:
    """ORDER BY for the arguments: the latest planned first when they say nothing."""
    chosen = {"order_by": "scheduled", "direction": "desc", **args}
    return order_clause(SERVICE_REVIEW_ORDER, ServiceReview.id, chosen)


def service_review_conditions(
    filter_args: dict[str, Any] | None, today: date
) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if (services := database_ids(f.get("service"), "Service", "service")) is not None:
        conditions.append(ServiceReview.service_id.in_(services))
    if (
        stakeholders := database_ids(f.get("stakeholder"), "Stakeholder", "stakeholder")
    ) is not None:
        conditions.append(
            ServiceReview.id.in_(
                select(ServiceReviewStakeholder.review_id).where(
                    ServiceReviewStakeholder.stakeholder_id.in_(stakeholders)
                )
            )
        )
    if f.get("status") is not None:
        conditions.append(ServiceReview.status.in_(enum_values(f["status"])))
    if f.get("due") is not None:
        due = (ServiceReview.status == "draft") & (ServiceReview.scheduled_on <= today)
        conditions.append(due if f["due"] else ~due)
    if f.get("since") is not None:
        conditions.append(ServiceReview.scheduled_on >= f["since"])
    if f.get("until") is not None:
        conditions.append(ServiceReview.scheduled_on < f["until"])
    return conditions
