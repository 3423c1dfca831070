"""The collaboration area of the web door: the comment forms every commentable page shows
(templates/collaboration/_comments.html)."""

from __future__ import annotations

from server.web.collaboration import comments
from server.web.core.routing import SIGNED_IN, page

ROUTES = [
    page("/comments", comments.add, needs=SIGNED_IN, methods=["POST"], name="add_comment"),
    page("/comments/{comment_id}", comments.edit, needs=SIGNED_IN, methods=["POST"],
         name="edit_comment", params={"comment_id": "Comment"}),
    page("/comments/{comment_id}/delete", comments.delete, needs=SIGNED_IN, methods=["POST"],
         name="delete_comment", params={"comment_id": "Comment"}),
]  # fmt: skip
