"""The engagement area's root fields: suggestions (filtered and sorted), their counts by plan
and state, the suggestions that look like a new idea while it is being written, and the
stakeholders."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from sqlalchemy import func, select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.enums import OrderDirection
from schema.core.filters import DirectionArgument
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.planner import Planner, prefetch
from schema.core.roots import list_page, objects_in_order
from schema.core.sources import Source
from schema.engagement.filters import (
    FeedbackFilterArgument,
    ServiceReviewDirectionArgument,
    ServiceReviewFilterArgument,
    ServiceReviewOrderArgument,
    ServiceReviewOrderBy,
    StakeholderFilterArgument,
    SuggestionFilterArgument,
    SuggestionOrderArgument,
    SuggestionOrderBy,
    feedback_conditions,
    service_review_conditions,
    service_review_order,
    stakeholder_conditions,
    suggestion_conditions,
    suggestion_order,
)
from schema.engagement.relations import satisfaction_periods
from schema.engagement.sources import FEEDBACK, SERVICE_REVIEW, STAKEHOLDER, SUGGESTION
from schema.engagement.types import (
    Feedback,
    SatisfactionPeriod,
    ServiceReview,
    Stakeholder,
    Suggestion,
    SuggestionCount,
)
from schema.plans.enums import PlanKind
from server.domain.core import permissions
from server.domain.engagement import reviews, similar
from server.models import Feedback as FeedbackRow
from server.models import Stakeholder as StakeholderRow
from server.models import Suggestion as SuggestionRow

MAX_SIMILAR = 10


@strawberry.type
class EngagementQuery:
    @strawberry.field(
        description="Suggestions the viewer may see: to every plan they may read, and their own "
        "to any plan."
    )
    async def suggestions(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: SuggestionFilterArgument = None,
        order_by: SuggestionOrderArgument = SuggestionOrderBy.ID,
        direction: DirectionArgument = OrderDirection.ASC,
    ) -> Connection[Suggestion]:
        return await list_page(info, suggestions_list)

    @strawberry.field(
        description="How many visible suggestions each plan holds in each state (those the "
        "filter matches), ordered by plan and state."
    )
    async def suggestion_stats(
        self, info: Info[Context, None], filter: SuggestionFilterArgument = None
    ) -> list[SuggestionCount]:
        viewer = info.context.require_viewer()
        planner = Planner(info)
        args = planner.arguments("Query", planner.field_nodes[0])
        where = [*SUGGESTION.conditions(viewer), *suggestion_conditions(args.get("filter"))]
        rows = await planner.rows(
            select(SuggestionRow.plan_id, SuggestionRow.status, func.count())
            .where(*where)
            .group_by(SuggestionRow.plan_id, SuggestionRow.status)
            .order_by(SuggestionRow.plan_id, SuggestionRow.status)
        )
        groups = []
        for plan_id, status, count in rows:
            group = object.__new__(SuggestionCount)
            group.__dict__.update(
                plan=None, status=status, count=count, _pk=None, _fk={"plan": plan_id},
                _prefetch={},
            )  # fmt: skip
            groups.append(group)
        await prefetch(
            planner, "SuggestionCount", groups, [node.selection_set for node in planner.field_nodes]
        )
        return groups

    @strawberry.field(
        description="Open and accepted suggestions whose titles share most of the words of "
        "`title`, best match first: shown while a new suggestion is written, so a duplicate "
        "can be supported instead."
    )
    async def similar_suggestions(
        self,
        info: Info[Context, None],
        title: Annotated[str, strawberry.argument(description="The title being written.")],
        kind: Annotated[
            PlanKind | None,
            strawberry.argument(description="Only suggestions sent to plans of this kind."),
        ] = None,
        first: Annotated[
            int, strawberry.argument(description=f"At most this many (1 to {MAX_SIMILAR}).")
        ] = 5,
    ) -> list[Suggestion]:
        viewer = info.context.require_viewer()
        limit = max(1, min(first, MAX_SIMILAR))
        ids = await info.context.session.run_sync(
            lambda session: similar.suggestions(session, viewer, title, kind, limit)
        )
        planner = Planner(info)
        return await objects_in_order(
            planner, SUGGESTION, ids, [n.selection_set for n in planner.field_nodes]
        )

    @strawberry.field(description="Stakeholders, by name; `filter` narrows them.")
    async def stakeholders(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: StakeholderFilterArgument = None,
    ) -> Connection[Stakeholder]:
        return await list_page(info, stakeholders_list)

    @strawberry.field(
        description="Whether the viewer may add stakeholders and edit any of them "
        "(administrators and business relationship managers, with a token that may write)."
    )
    def viewer_may_manage_stakeholders(self, info: Info[Context, None]) -> bool:
        viewer = info.context.require_viewer()
        return viewer.may_write and permissions.may_manage_stakeholders(viewer)

    @strawberry.field(description="Feedback on services, newest first; `filter` narrows it.")
    async def feedback(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: FeedbackFilterArgument = None,
    ) -> Connection[Feedback]:
        return await list_page(info, feedback_list)

    @strawberry.field(
        description="Service reviews, the latest planned first unless `orderBy` and `direction` "
        "say otherwise; `filter` narrows them (`due`: drafts whose day has come)."
    )
    async def service_reviews(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: ServiceReviewFilterArgument = None,
        order_by: ServiceReviewOrderArgument = ServiceReviewOrderBy.SCHEDULED,
        direction: ServiceReviewDirectionArgument = OrderDirection.DESC,
    ) -> Connection[ServiceReview]:
        return await list_page(info, service_reviews_list)

    @strawberry.field(
        description="Satisfaction by service and month: the feedback the filter matches, "
        "averaged per month (the values of each service's satisfaction metric), with the "
        "number of responses; ordered by service, then month."
    )
    async def satisfaction_stats(
        self, info: Info[Context, None], filter: FeedbackFilterArgument = None
    ) -> list[SatisfactionPeriod]:
        viewer = info.context.require_viewer()
        planner = Planner(info)
        args = planner.arguments("Query", planner.field_nodes[0])
        where = [*FEEDBACK.conditions(viewer), *feedback_conditions(args.get("filter"))]
        rows = await planner.rows(
            select(FeedbackRow.service_id, FeedbackRow.given_on, FeedbackRow.score)
            .where(*where)
            .order_by(FeedbackRow.service_id, FeedbackRow.given_on)
        )
        periods = satisfaction_periods(rows)
        await prefetch(
            planner, "SatisfactionPeriod", periods, [n.selection_set for n in planner.field_nodes]
        )
        return periods


def service_reviews_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = service_review_conditions(args.get("filter"), reviews.today())
    return SERVICE_REVIEW, conditions, service_review_order(args)


def feedback_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = feedback_conditions(args.get("filter"))
    return FEEDBACK, conditions, [FeedbackRow.given_on.desc(), FeedbackRow.id.desc()]


def stakeholders_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = stakeholder_conditions(args.get("filter"))
    return STAKEHOLDER, conditions, [StakeholderRow.name, StakeholderRow.id]


def suggestions_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    return SUGGESTION, suggestion_conditions(args.get("filter")), suggestion_order(args)
