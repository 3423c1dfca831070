"""How comments' relations load, for all parents at once: each thing's comments, a comment's
author, mentions and subject, and what the viewer may do with it."""

from __future__ import annotations

from sqlalchemy import select

from schema.balance.sources import ASSESSMENT
from schema.collaboration.sources import COMMENT
from schema.core.ids import to_global_id
from schema.core.relations import Computed, ToMany, ToOne
from schema.engagement.sources import SERVICE_REVIEW, SUGGESTION
from schema.initiatives.sources import INITIATIVE
from schema.metrics.sources import METRIC
from schema.people.sources import PERSON
from server.domain.collaboration.audience import SUBJECTS
from server.domain.collaboration.notifications import OWNERS
from server.domain.core import permissions
from server.models import BalanceAssessment, Comment, CommentMention, Notification, Person, Watch


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


PAGES = (
    (Notification.initiative_id, "Initiative", "/initiatives/"),
    (Notification.suggestion_id, "Suggestion", "/suggestions/"),
    (Notification.metric_id, "Metric", "/metrics/"),
    (Notification.service_review_id, "ServiceReview", "/reviews/"),
)


async def _links(planner, ids: set[int]) -> dict[int, str]:
    """Each notification's page: the thing's, at the comment when there is one; for a balance
    assessment, its scope's balance page."""
    rows = await planner.rows(
        select(
            Notification.id, Notification.comment_id, *(column for column, _, _ in PAGES),
            BalanceAssessment.service_id,
        )
        .outerjoin(BalanceAssessment, BalanceAssessment.id == Notification.balance_assessment_id)
        .where(planner.id_in(Notification.id, ids))
    )  # fmt: skip
    links = {}
    for row in rows:
        pk, comment_id, *subjects, service_id = row
        anchor = f"#comment-{to_global_id('Comment', comment_id)}" if comment_id else ""
        scope = f"/services/{to_global_id('Service', service_id)}" if service_id else ""
        page = next(
            (f"{path}{to_global_id(type_name, subject)}"
             for subject, (_, type_name, path) in zip(subjects, PAGES, strict=True) if subject),
            f"{scope}/balance",
        )  # fmt: skip
        links[pk] = page + anchor
    return links


def _watches(kind: str):
    """Whether the viewer watches each thing: their own choice, else whether they own it."""
    column = getattr(Watch, SUBJECTS[kind].column)
    model = SUBJECTS[kind].model
    owner = OWNERS.get(kind)

    async def load(planner, ids: set[int]) -> dict[int, bool]:
        viewer = planner.viewer
        if viewer is None:
            return {}
        chosen = dict(await planner.rows(
            select(column, Watch.watching).where(
                Watch.person_id == viewer.person_id, planner.id_in(column, ids)
            )
        ))  # fmt: skip
        own: set[int] = set()
        if owner is not None:
            own = {row[0] for row in await planner.rows(
                select(model.id).where(owner == viewer.person_id, planner.id_in(model.id, ids))
            )}  # fmt: skip
        return {pk: chosen.get(pk, pk in own) for pk in ids}

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
    ("Notification", "link"): Computed(_links, str),
    ("Notification", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("Notification", "suggestion"): ToOne(SUGGESTION, "suggestion"),
    ("Notification", "metric"): ToOne(METRIC, "metric"),
    ("Notification", "serviceReview"): ToOne(SERVICE_REVIEW, "service_review"),
    ("Notification", "balanceAssessment"): ToOne(ASSESSMENT, "balance_assessment"),
    ("Notification", "comment"): ToOne(COMMENT, "comment"),
    **{(kind, "viewerWatches"): Computed(_watches(kind), lambda: False) for kind in SUBJECTS},
    ("Initiative", "comments"): _comments(Comment.initiative_id),
    ("Suggestion", "comments"): _comments(Comment.suggestion_id),
    ("Metric", "comments"): _comments(Comment.metric_id),
    ("ServiceReview", "comments"): _comments(Comment.service_review_id),
    ("BalanceAssessment", "comments"): _comments(Comment.balance_assessment_id),
}  # fmt: skip
