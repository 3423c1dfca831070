"""Where comments come from (see schema/core/sources.py): a comment follows the visibility of
what it is about."""

from __future__ import annotations

from schema.collaboration import types as t
from schema.core.sources import Source
from server.domain.core import visibility
from server.models import Comment, Notification

COMMENT = Source(
    "Comment",
    t.Comment,
    Comment,
    {
        "body": Comment.body,
        "author_name": Comment.author_name,
        "created_at": Comment.created_at,
        "edited_at": Comment.edited_at,
        "version": Comment.version,
    },
    {
        "author": Comment.author_id,
        "initiative": Comment.initiative_id,
        "suggestion": Comment.suggestion_id,
        "metric": Comment.metric_id,
        "service_review": Comment.service_review_id,
        "balance_assessment": Comment.balance_assessment_id,
    },
    visibility.visible_comments,
    requires={"body_html": ("body",)},
    visibility_per_person=True,  # a suggestion's author sees comments on it
)


NOTIFICATION = Source(
    "Notification",
    t.Notification,
    Notification,
    {
        "kind": Notification.kind,
        "message": Notification.message,
        "actor_name": Notification.actor_name,
        "created_at": Notification.created_at,
        "read_at": Notification.read_at,
    },
    {
        "initiative": Notification.initiative_id,
        "suggestion": Notification.suggestion_id,
        "metric": Notification.metric_id,
        "service_review": Notification.service_review_id,
        "balance_assessment": Notification.balance_assessment_id,
        "comment": Notification.comment_id,
    },
    visibility.visible_notifications,
    visibility_per_person=True,
)
