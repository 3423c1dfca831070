"""How comments' relations load, for all parents at once: each thing's comments, a comment's
author, mentions and subject, and what the viewer may do with it."""

from __future__ import annotations

from sqlalchemy import select

from schema.balance.sources import ASSESSMENT
from schema.collaboration.sources import COMMENT
from schema.core.relations import Computed, ToMany, ToOne
from schema.engagement.sources import SERVICE_REVIEW, SUGGESTION
from schema.initiatives.sources import INITIATIVE
from schema.metrics.sources import METRIC
from schema.people.sources import PERSON
from server.domain.core import permissions
from server.models import Comment, CommentMention, Person


def _may(rule):
    async def load(planner, ids: set[int]) -> dict[int, bool]:
        viewer = planner.viewer
        if viewer is None or not viewer.may_write:
            return {}
        rows = await planner.rows(
            select(Comment.id, Comment.author_id).where(planner.id_in(Comment.id, ids))
        )
        return {pk: rule(viewer, author_id) for pk, author_id in rows}

    return load


def _comments(column) -> ToMany:
    return ToMany(COMMENT, column, order=lambda args: [Comment.created_at, Comment.id])


RELATIONS = {
    ("Comment", "author"): ToOne(PERSON, "author"),
    ("Comment", "mentions"): ToMany(
        PERSON, CommentMention.comment_id, link=CommentMention,
        link_target_column=CommentMention.person_id, order=lambda args: [Person.name, Person.id],
    ),
    ("Comment", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("Comment", "suggestion"): ToOne(SUGGESTION, "suggestion"),
    ("Comment", "metric"): ToOne(METRIC, "metric"),
    ("Comment", "serviceReview"): ToOne(SERVICE_REVIEW, "service_review"),
    ("Comment", "balanceAssessment"): ToOne(ASSESSMENT, "balance_assessment"),
    ("Comment", "viewerMayEdit"): Computed(_may(permissions.may_edit_comment), lambda: False),
    ("Comment", "viewerMayDelete"): Computed(_may(permissions.may_delete_comment), lambda: False),
    ("Initiative", "comments"): _comments(Comment.initiative_id),
    ("Suggestion", "comments"): _comments(Comment.suggestion_id),
    ("Metric", "comments"): _comments(Comment.metric_id),
    ("ServiceReview", "comments"): _comments(Comment.service_review_id),
    ("BalanceAssessment", "comments"): _comments(Comment.balance_assessment_id),
}  # fmt: skip
