"""The collaboration area of the web door: the comment forms every commentable page shows
(templates/collaboration/_comments.html), watching, and the notifications page with the
header's unread count, and the webhooks page (administrators)."""

from __future__ import annotations

from server.web.collaboration import comments, notifications, webhooks
from server.web.core.routing import ADMIN, SIGNED_IN, page

ROUTES = [
    page("/comments", comments.add, needs=SIGNED_IN, methods=["POST"], name="add_comment"),
    page("/comments/{comment_id}", comments.edit, needs=SIGNED_IN, methods=["POST"],
         name="edit_comment", params={"comment_id": "Comment"}),
    page("/comments/{comment_id}/delete", comments.delete, needs=SIGNED_IN, methods=["POST"],
         name="delete_comment", params={"comment_id": "Comment"}),
    page("/notifications", notifications.notifications, needs=SIGNED_IN, name="notifications"),
    page("/notifications/count", notifications.count, needs=SIGNED_IN,
         name="notifications_count"),
    page("/notifications/read", notifications.mark_read, needs=SIGNED_IN, methods=["POST"],
         name="mark_notifications_read"),
    page("/notifications/{notification_id}", notifications.open_one, needs=SIGNED_IN,
         name="notification", params={"notification_id": "Notification"}),
    page("/watching", notifications.watching, needs=SIGNED_IN, methods=["POST"],
         name="set_watching"),
    page("/webhooks", webhooks.webhooks_page, needs=ADMIN, name="webhooks"),
    page("/webhooks", webhooks.create, needs=ADMIN, methods=["POST"], name="add_webhook"),
    page("/webhooks/{endpoint_id}", webhooks.update, needs=ADMIN, methods=["POST"],
         name="change_webhook", params={"endpoint_id": "WebhookEndpoint"}),
    page("/webhooks/{endpoint_id}/delete", webhooks.delete, needs=ADMIN, methods=["POST"],
         name="remove_webhook", params={"endpoint_id": "WebhookEndpoint"}),
]  # fmt: skip
