"""The payloads of the comment mutations: what changed, or the errors."""

from __future__ import annotations

import strawberry

from schema.collaboration.types import Comment, MailSettings
from schema.core.mutations import payload

AddCommentPayload = payload(
    "AddCommentPayload", "comment", Comment, "The comment written; null when refused."
)
EditCommentPayload = payload(
    "EditCommentPayload", "comment", Comment, "The comment as changed; null when refused."
)
DeleteCommentPayload = payload(
    "DeleteCommentPayload", "deleted_comment_id", strawberry.ID,
    "The global id of the comment deleted; null when refused.",
)  # fmt: skip
MarkNotificationsReadPayload = payload(
    "MarkNotificationsReadPayload", "unread_count", int,
    "How many of the viewer's notifications are still unread; null when refused.",
)  # fmt: skip
SetWatchingPayload = payload(
    "SetWatchingPayload", "watching", bool,
    "Whether the viewer now watches the thing; null when refused.",
)  # fmt: skip
UpdateMailSettingsPayload = payload(
    "UpdateMailSettingsPayload", "mail", MailSettings,
    "The viewer's choices as they now stand; null when refused.",
)  # fmt: skip
